"""Forms of the claim pages: edit, workflow actions, evidence, reviews, bulk actions."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext, ngettext

from claims.models import (
    SHORT_CLAIM_MAX,
    ClaimantKind,
    ClaimKind,
    EvidenceStance,
    Priority,
    Verdict,
)
from config.ids import parse_id
from config.lazy_text import gettext_lazy as _
from config.roles import EDITORS, RESEARCHERS
from reviews.models import Confidence
from reviews.workflow import StepField, WorkflowStep, claim_perform
from sources.models import Source, SourceKind


def assignable_users():
    """Active researchers and editors, the only people a claim can go to."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[RESEARCHERS, EDITORS]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class ClaimEditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The assertion as one self-contained sentence."),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ClaimKind.choices)
    short_claim = forms.CharField(
        required=False,
        max_length=SHORT_CLAIM_MAX,
        label=_("Short claim"),
        help_text=format_lazy(
            _("At most {count} characters: what search results show."),
            count=SHORT_CLAIM_MAX,
        ),
    )
    claimant = forms.CharField(
        label=_("Claimant"),
        required=False,
        max_length=300,
        help_text=_("Who made the claim, if not the report's publisher."),
    )
    claimant_kind = forms.ChoiceField(
        choices=ClaimantKind.choices, label=_("The claimant is"), required=False
    )
    claim_date = forms.DateField(
        required=False,
        label=_("Claim date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the claim was made."),
    )
    language = forms.CharField(
        label=_("Language"),
        required=False,
        max_length=35,
        help_text=_("A language tag such as en, zh-Hans or pt-BR."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _step_input(field: StepField) -> forms.Field:
    # Not required here: the service refuses a missing value with its own words,
    # the same for the desk, the admin and the API; the browser is told, though.
    attrs = {"required": True} if field.required else {}
    options = {"label": field.label, "help_text": field.help_text, "required": False}
    if field.kind == "user":
        return UserChoiceField(
            queryset=assignable_users(), empty_label=_("— yourself —"), **options
        )
    if field.kind == "boolean":
        return forms.BooleanField(widget=forms.CheckboxInput(attrs), **options)
    return forms.CharField(
        max_length=5000, widget=forms.Textarea({"rows": 2, **attrs}), **options
    )


class WorkflowStepForm(forms.Form):
    """The inputs of one workflow step, one field per input of its row."""

    def __init__(self, *args, step: WorkflowStep, user, **kwargs):
        kwargs.setdefault("auto_id", f"action-{step.name}-%s")
        super().__init__(*args, **kwargs)
        self.step = step
        self.user = user
        for field in step.fields:
            self.fields[field.name] = _step_input(field)
        self.button_label = step.button_label(user)

    def visible_fields(self):
        """The inputs offered to this user; a POST still reads them all (the
        service judges who may use which)."""
        return [self[f.name] for f in self.step.offered_fields(self.user)]

    def inputs(self) -> dict:
        """The service's keyword arguments, from the cleaned data."""
        return {f.name: self.cleaned_data.get(f.name) for f in self.step.fields}


class ClaimStepForm(WorkflowStepForm):
    """A step on the claim page: its inputs and the version the user saw."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def perform(self, claim, actor):
        """Run the step through its service, on the version the user saw."""
        return claim_perform(
            self.step.name,
            claim=claim,
            actor=actor,
            expected_version=self.cleaned_data["expected_version"],
            **self.inputs(),
        )


class PreviewedStepForm(ClaimStepForm):
    """A previewed step on its preview page: the inputs the user is not offered
    (the digest of what the preview showed) travel in hidden fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = {field.name for field in self.step.offered_fields(self.user)}
        for field in self.step.fields:
            if field.name not in offered:
                self.fields[field.name].widget = forms.HiddenInput()


class WebAddressField(forms.URLField):
    """An http or https address, refused with one message.

    Its own validator replaces URLField's, which tested the same address again
    and so said "Enter a valid URL." twice.
    """

    default_validators = [URLValidator(schemes=["http", "https"])]


class KnownSourceField(forms.ModelChoiceField):
    """Any source of the library, by id; its menu offers a few (EvidenceForm.offer)."""

    def label_from_instance(self, obj) -> str:
        # An uploaded document has no address.
        address = (obj.url or "").split("://", 1)[-1]
        parts = [obj.title or str(obj), obj.publisher, Truncator(address).chars(60)]
        return " — ".join(part for part in parts if part)


class EvidenceForm(forms.Form):
    source = KnownSourceField(
        queryset=Source.objects.none(),
        required=False,
        label=_("A known source"),
        empty_label=_("— choose a known source, or give a new one below —"),
    )
    new_url = WebAddressField(
        required=False,
        label=_("Or a new source: URL"),
        assume_scheme="https",
        max_length=2000,
        help_text=_("http or https only; a URL we already know reuses that source."),
    )
    new_title = forms.CharField(required=False, max_length=500, label=_("Title"))
    new_publisher = forms.CharField(
        required=False, max_length=300, label=_("Publisher")
    )
    new_kind = forms.ChoiceField(
        choices=SourceKind.choices, initial=SourceKind.OTHER, label=_("Kind of source")
    )
    stance = forms.ChoiceField(
        label=_("Stance"), choices=EvidenceStance.choices, widget=forms.RadioSelect
    )
    excerpt = forms.CharField(
        label=_("Excerpt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The passage of the source that bears on the claim."),
    )
    locator = forms.CharField(
        label=_("Locator"),
        required=False,
        max_length=300,
        help_text=_("Page, section or table."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A posted id is checked against every source; the menu lists only what
        # offer() gives it (thousands of options are of no use to anyone).
        field = self.fields["source"]
        field.queryset = Source.objects.all()
        field.widget.choices = [("", field.empty_label)]

    def offer(self, groups) -> None:
        """The menu: ``(heading, sources)`` pairs, each source once (in its first
        group), after the source this form was sent with if it is none of them."""
        field = self.fields["source"]
        seen = set()
        menu = []
        for heading, sources in groups:
            options = [
                (source.pk, field.label_from_instance(source))
                for source in sources
                if not (source.pk in seen or seen.add(source.pk))
            ]
            if options:
                menu.append((heading, options))
        chosen = getattr(self, "cleaned_data", {}).get("source")
        if chosen is not None and chosen.pk not in seen:
            menu.insert(0, (chosen.pk, field.label_from_instance(chosen)))
        field.widget.choices = [("", field.empty_label), *menu]

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("new_url"):
            raise forms.ValidationError(
                _("Choose a known source or give a new URL, not both.")
            )
        if not (data.get("source") or data.get("new_url") or self.has_error("new_url")):
            raise forms.ValidationError(_("Choose a known source or give a new URL."))
        return data


class SourceSearchForm(forms.Form):
    """The evidence form's search for a known source: a GET of the claim page whose
    matches join the known-source menu."""

    source_q = forms.CharField(
        label=_("Find a known source"),
        required=False,
        max_length=200,
        help_text=_(
            "Words from the title, the publisher or the address; the sources found "
            "are put first in the menu of known sources."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    button_label = _("Search sources")
    all_label = _("See every match in the sources list")

    def query(self) -> str:
        return self.cleaned_data["source_q"].strip() if self.is_valid() else ""

    @staticmethod
    def outcome(query: str, found: int, more: bool) -> str:
        """What the search found, said next to the search box."""
        if more:
            return gettext(
                "More than %(count)d sources match “%(query)s”: the first %(count)d "
                "are in the menu."
            ) % {"count": found, "query": query}
        if not found:
            return gettext("No known source matches “%(query)s”.") % {"query": query}
        return ngettext(
            "%(count)d source matches “%(query)s”: it is first in the menu.",
            "%(count)d sources match “%(query)s”: they are first in the menu.",
            found,
        ) % {"count": found, "query": query}


class EvidenceRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class BulkActionForm(forms.Form):
    ASSIGN = "assign"
    NOT_CHECKABLE = "not_checkable"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(ASSIGN, _("Assign to")), (NOT_CHECKABLE, _("Mark not checkable"))],
    )
    claims = forms.TypedMultipleChoiceField(
        label=_("Claims"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Select some claims.")},
    )
    assignee = UserChoiceField(
        label=_("Assignee"), queryset=assignable_users(), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()
        # The ids are checked against the database claim by claim, not here.
        self.fields["claims"].valid_value = lambda value: parse_id(value) is not None

    def clean(self):
        data = super().clean()
        if len(data.get("claims") or ()) > settings.LIST_MAX_PAGE_SIZE:
            raise forms.ValidationError(
                _("Act on at most %(count)d claims at once.")
                % {"count": settings.LIST_MAX_PAGE_SIZE}
            )
        if data.get("action") == self.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Choose whom to assign the claims to."))
        if (
            data.get("action") == self.NOT_CHECKABLE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reason the claims cannot be checked."))
        return data


class ReviewForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        choices=Confidence.choices,
        initial=Confidence.MEDIUM,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this rating: what the evidence shows."),
    )
    cited_evidence = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Evidence this verdict rests on"),
    )

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_evidence"].choices = [
            (item.pk, f"{item.get_stance_display()}: {item.source}")
            for item in evidence
        ]


class ScheduleForm(forms.Form):
    """An editor's due date and priority for a claim."""

    label_suffix = ""

    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for no due date."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    label_suffix = ""

    body = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Markdown. Mention someone with @ and their user name to tell them."
        ),
    )


class SavedSearchForm(forms.Form):
    """Save the claims list's current filters under a name."""

    name = forms.CharField(max_length=100, label=_("Name"))
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    shared = forms.BooleanField(required=False, label=_("Share with the desk"))
