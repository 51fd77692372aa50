"""factory-boy factories for every model (they write directly, without audit events)."""

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Appearance, Claim, ClaimKind, Evidence, EvidenceStance, Report
from claims.text import claim_fingerprint
from reviews.models import Review
from sources.models import Source, SourceKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(
                [Group.objects.get_or_create(name=name)[0] for name in extracted]
            )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Example Institute"
    text = factory.Sequence(
        lambda n: f"# Report {n}\n\nThe market grew by {n}% in 2025.\n"
    )
    sha256 = factory.LazyAttribute(
        lambda r: hashlib.sha256(r.text.encode()).hexdigest()
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"The market grew by {n}% in 2025.")
    fingerprint = factory.LazyAttribute(lambda c: claim_fingerprint(c.text))
    kind = ClaimKind.STATISTIC
    checkworthiness = 0.8


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    report = factory.SubFactory(ReportFactory)
    section_path = ["Report"]
    section = "Report"
    quote = factory.LazyAttribute(lambda a: a.claim.text)
    start = factory.Sequence(lambda n: n * 100)
    end = factory.LazyAttribute(lambda a: a.start + len(a.quote))
    line = 3


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example Statistics Office"
    kind = SourceKind.OFFICIAL_STATISTICS


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = EvidenceStance.SUPPORTS
    excerpt = "Table 3 shows the figure."
    locator = "p. 12"
    added_by = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory)
    round = factory.LazyAttribute(lambda r: r.claim.review_round)
    rating = "mostly_true"
    rationale = "The official statistics match within rounding."

    @factory.post_generation
    def cited_evidence(self, create, extracted, **kwargs):
        if create and extracted:
            self.cited_evidence.set(extracted)
