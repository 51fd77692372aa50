"""The Source model: a document or page that evidence comes from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from config.choices import ChoiceLabels
from config.immutable import ImmutableModel, ImmutableQuerySet
from config.lazy_text import gettext_lazy as _


class SourceKind(models.TextChoices):
    PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed paper")
    OFFICIAL_STATISTICS = "official_statistics", _("Official statistics")
    GOVERNMENT_DOCUMENT = "government_document", _("Government document")
    COMPANY_STATEMENT = "company_statement", _("Company statement")
    NEWS_REPORT = "news_report", _("News report")
    DATASET = "dataset", _("Dataset")
    OTHER = "other", _("Other")


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Available, unchanged")
    FAILING = "failing", _("Address fails")
    CHANGED = "changed", _("Content changed")
    UPLOADED = "uploaded", _("Uploaded document")


class Source(ChoiceLabels, models.Model):
    url = models.URLField(
        max_length=2000,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Normalised http(s) URL; empty for an uploaded document."),
    )
    document_sha256 = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("SHA-256 of an uploaded document: the same file is one source."),
    )
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=32, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources_added",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "source")
        verbose_name_plural = pgettext_lazy("model name", "sources")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(url__isnull=True)
                | Q(url__startswith="http://")
                | Q(url__startswith="https://"),
                name="source_url_http",
            ),
            models.CheckConstraint(
                condition=Q(url__isnull=False) | Q(document_sha256__isnull=False),
                name="source_url_or_document",
            ),
            models.CheckConstraint(
                condition=Q(link_status__in=LinkStatus.values),
                name="source_link_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(archive_url="")
                | Q(archive_url__startswith="http://")
                | Q(archive_url__startswith="https://"),
                name="source_archive_url_http",
            ),
        ]
        indexes = [
            models.Index(fields=["-updated_at"], name="source_updated_idx"),
            # The list's order: a keyset page walks it and stops after one page.
            models.Index(fields=["title", "id"], name="source_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Document {self.document_sha256[:12]}"


class SnapshotOrigin(models.TextChoices):
    FETCH = "fetch", _("Fetched from the address")
    UPLOAD = "upload", _("Uploaded")


class SnapshotOutcome(models.TextChoices):
    ARCHIVED = "archived", _("Archived")
    HTTP_ERROR = "http_error", _("The address answered with an error")
    UNREACHABLE = "unreachable", _("The address could not be reached")
    REFUSED = "refused", _("Refused (private or reserved address)")
    TOO_LARGE = "too_large", _("Cut at the size limit")
    TOO_SLOW = "too_slow", _("Cut at the time limit")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("Too many redirects")


class SnapshotQuerySet(ImmutableQuerySet):
    refusal = "Snapshots never change; take a new one."


class Snapshot(ChoiceLabels, ImmutableModel):
    """One retrieval of a source, exactly as it came: written once, never changed.

    Rows refuse updates (here and by a database trigger, installed by the app
    after migrate) and deletion; the ``snapshot.taken`` audit event carries the
    SHA-256. The body is kept in the default storage under its hash.
    """

    immutable_message = "Snapshots never change; take a new one."

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="snapshots"
    )
    origin = models.CharField(max_length=8, choices=SnapshotOrigin.choices)
    outcome = models.CharField(max_length=20, choices=SnapshotOutcome.choices)
    requested_url = models.CharField(max_length=2000, blank=True)
    final_url = models.CharField(max_length=2000, blank=True)
    hops = models.JSONField(
        default=list, blank=True, help_text=_("Each request: its URL and HTTP status.")
    )
    status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("HTTP status of the last answer.")
    )
    retrieved = models.DateTimeField()
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    body = models.FileField(upload_to="snapshots/", max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField(
        blank=True, help_text=_("The text extracted from the body.")
    )
    error = models.CharField(max_length=500, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model name", "snapshot")
        verbose_name_plural = pgettext_lazy("model name", "snapshots")
        ordering = ["-retrieved", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=SnapshotOutcome.values),
                name="snapshot_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=SnapshotOrigin.values),
                name="snapshot_origin_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "-retrieved"], name="snapshot_source_idx")
        ]

    def __str__(self) -> str:
        return f"Snapshot of source #{self.source_id} ({self.retrieved:%Y-%m-%d %H:%M})"

    @property
    def archived(self) -> bool:
        return bool(self.sha256)
