"""Admin of claims, reports, evidence, reviews and decisions.

The claim admin sits in the desk, the top layer, because its workflow actions and
its review inline need both the claims and the reviews apps.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy

from audit.admin_forms import (
    ReadOnlyAdmin,
    RefusedSave,
    ServiceAdminMixin,
    VersionedAdminForm,
)
from audit.registry import format_events
from audit.selectors import audit_timeline_for
from claims.importer import human_size
from claims.models import (
    Appearance,
    Claim,
    ClaimMatch,
    Evidence,
    ExternalFactCheck,
    ExternalMatch,
    Report,
    TriageModel,
)
from claims.permissions import user_can_import_report, user_can_resolve_match
from claims.search import search_claims
from claims.services.bulk import claim_bulk_assign
from claims.services.claims import CLAIM_EDITABLE_FIELDS, claim_update
from claims.services.external import external_factchecks_import
from claims.services.matching import claim_match_resolve, external_match_resolve
from claims.tasks import report_import_submit
from config.exceptions import SERVICE_ERRORS
from config.ids import parse_id
from config.lazy_text import gettext_lazy as _
from desk.forms.claims import UserChoiceField, WorkflowStepForm, assignable_users
from desk.forms.reports import ClaimReviewImportForm, ReportImportForm
from desk.views.reports import import_job_queued, import_result_announce
from reviews.models import Decision, Review, VerdictVersion
from reviews.selectors import current_round_summaries, visible_reviews
from reviews.workflow import WORKFLOW, WorkflowStep, claim_perform


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppearanceInline(ReadOnlyInline):
    model = Appearance
    fields = ("report", "section", "line", "quote")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("source", "stance", "excerpt", "locator", "added_by", "removed_at")
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ("round", "reviewer", "rating", "confidence", "rationale", "submitted_at")
    readonly_fields = fields

    def get_queryset(self, request):
        # Blind review holds in the admin too, for anyone it lets in.
        return visible_reviews(user=request.user, reviews=super().get_queryset(request))


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = (
        "round",
        "kind",
        "editor",
        "verdict",
        "note",
        "public_note",
        "published_despite_disagreement",
        "is_correction",
        "created_at",
    )
    readonly_fields = fields


class VerdictVersionInline(ReadOnlyInline):
    """What the public has seen: each approval's version, read-only."""

    model = VerdictVersion
    fields = (
        "number",
        "rating",
        "text",
        "short_claim",
        "claimant",
        "claim_date",
        "language",
        "approved_by_name",
        "correction_note",
        "published_at",
    )
    readonly_fields = fields


class ClaimAdminForm(VersionedAdminForm):
    class Meta:
        model = Claim
        fields = CLAIM_EDITABLE_FIELDS
        # The model's fields carry no verbose_name (docs/development.md): the
        # desk's edit form's labels.
        labels = {
            "text": _("Text"),
            "topic": _("Topic"),
            "kind": _("Kind"),
            "short_claim": _("Short claim"),
            "claimant": _("Claimant"),
            "claimant_kind": _("The claimant is"),
            "claim_date": _("Claim date"),
            "language": _("Language"),
        }


def _confirmation(
    modeladmin, request, queryset, *, title, action_name, form, previewed=False
):
    """The page that asks an action's inputs before it runs on the selected claims.

    ``previewed``: the action publishes, so each claim's round of reviews is
    shown (a disagreement must be confirmed) with a link to its preview.
    """
    claims = list(queryset)
    if previewed:
        summaries = current_round_summaries(claims, user=request.user)
        for claim in claims:
            claim.round_summary = summaries[claim.pk]
    return TemplateResponse(
        request,
        "admin/reviews/claim_transition.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": ngettext(
                "%(action)s: %(count)d claim",
                "%(action)s: %(count)d claims",
                len(claims),
            )
            % {"action": title, "count": len(claims)},
            "claims": claims,
            "form": form,
            "action_name": action_name,
            "previewed": previewed,
            "opts": modeladmin.model._meta,
        },
    )


def _each_row_action(
    *,
    name: str,
    title,
    make_form,
    invalid: str,
    apply,
    failed: str,
    succeeded: str,
    previewed: bool = False,
):
    """An admin action that asks its inputs, then runs a service on each selected row.

    ``make_form(request, data)`` builds the inputs' form (``data`` is ``None`` on the
    confirmation page); ``apply(obj, request, form)`` runs the service on one row. A
    refusal is reported per row (``failed``, with its ``number`` and ``error``) and
    does not stop the others; ``succeeded`` counts the rest (``action``, ``count``;
    an ``ngettext_lazy`` keyed on ``"count"``).
    """

    def action(modeladmin, request, queryset):
        if "apply" not in request.POST:
            return _confirmation(
                modeladmin,
                request,
                queryset,
                title=title,
                action_name=name,
                form=make_form(request, None),
                previewed=previewed,
            )
        form = make_form(request, request.POST)
        if not form.is_valid():
            messages.error(request, invalid)
            return None
        done = 0
        for obj in queryset:
            try:
                apply(obj, request, form)
                done += 1
            except SERVICE_ERRORS as exc:
                messages.error(
                    request, failed % {"number": obj.pk, "error": _message(exc)}
                )
        if done:
            messages.success(request, succeeded % {"action": title, "count": done})
        return None

    action.__name__ = name
    return action


def _transition_admin_action(step: WorkflowStep):
    """The admin action of one row of the workflow table: ask its inputs, then run it."""
    return _each_row_action(
        name=f"transition_{step.name}",
        title=step.label,
        make_form=lambda request, data: WorkflowStepForm(
            data, step=step, user=request.user
        ),
        invalid=_("The form was not valid; nothing was done."),
        apply=lambda claim, request, form: claim_perform(
            step.name, claim=claim, actor=request.user, **form.inputs()
        ),
        failed=_("Claim #%(number)s: %(error)s"),
        succeeded=ngettext_lazy(
            "%(action)s: %(count)d claim.", "%(action)s: %(count)d claims.", "count"
        ),
        previewed=step.previewed,
    )


class AssignForm(forms.Form):
    assignee = UserChoiceField(label=_("Assignee"), queryset=assignable_users())


@admin.action(description=_("Assign to (new claims start research)"))
def assign_claims(modeladmin, request, queryset):
    """The desk's bulk assign, through the same service and rule."""
    if "apply" not in request.POST:
        return _confirmation(
            modeladmin,
            request,
            queryset,
            title=_("Assign"),
            action_name="assign_claims",
            form=AssignForm(),
        )
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose whom to assign the claims to; nothing was done.")
        )
        return None
    outcomes = claim_bulk_assign(
        actor=request.user, claims=queryset, assignee=form.cleaned_data["assignee"]
    )
    for outcome in outcomes:
        if not outcome.done:
            messages.error(
                request,
                _("Claim #%(number)s: %(error)s")
                % {"number": outcome.claim_id, "error": _message(outcome.error)},
            )
    done = sum(outcome.done for outcome in outcomes)
    if done:
        messages.success(
            request,
            ngettext("Assigned: %(count)d claim.", "Assigned: %(count)d claims.", done)
            % {"count": done},
        )
    return None


def _message(exc: Exception) -> str:
    messages_ = getattr(exc, "messages", None)
    return "; ".join(messages_) if messages_ else str(exc)


class ReportListFilter(admin.SimpleListFilter):
    """Claims appearing in one report, found from the appearance index.

    Filtering on ``appearances__report`` would join the appearances and make the
    changelist ``SELECT DISTINCT`` over every claim column.
    """

    title = pgettext_lazy("admin filter", "report")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        return [
            (report.pk, report.title or _("Report #%(number)s") % {"number": report.pk})
            for report in Report.objects.only("id", "title").order_by("-id")
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        report_id = parse_id(self.value())
        if report_id is None:
            return queryset.none()
        return queryset.filter(
            pk__in=Appearance.objects.filter(report_id=report_id).values("claim_id")
        )


@admin.register(Claim)
class ClaimAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = (
        "id",
        "short_text",
        "status",
        "verdict",
        "kind",
        "checkworthiness",
        "assignee",
        "updated_at",
    )
    list_filter = ("status", "verdict", "kind", ReportListFilter)
    search_fields = ("text", "topic")  # shows the search box; see get_search_results
    list_select_related = ("assignee",)
    show_full_result_count = False
    readonly_fields = (
        "status",
        "assignee",
        "review_round",
        "verdict",
        "published_at",
        "not_checkable_reason",
        "checkworthiness",
        "version",
        "timeline",
    )
    fields = (*CLAIM_EDITABLE_FIELDS, "seen_version", *readonly_fields)
    inlines = [
        AppearanceInline,
        EvidenceInline,
        ReviewInline,
        DecisionInline,
        VerdictVersionInline,
    ]
    actions = [assign_claims]

    def get_actions(self, request):
        """The model's actions and one per row of the workflow table."""
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return {}
        actions = super().get_actions(request)
        for step in WORKFLOW.values():
            action = _transition_admin_action(step)
            actions[action.__name__] = (action, action.__name__, step.label)
        return actions

    def get_search_results(self, request, queryset, search_term):
        # The full-text index (FTS5 / tsvector), not icontains: a scan per word.
        return search_claims(queryset, search_term), False

    def has_add_permission(self, request):
        # Claims come from imported reports.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=pgettext_lazy("admin column", "claim"))
    def short_text(self, claim):
        return str(claim)

    @admin.display(description=_("Timeline (audit trail)"))
    def timeline(self, claim):
        shown = format_events(audit_timeline_for(claim))
        rows = format_html_join(
            "",
            "<li>{} — {}: {} {}</li>",
            (
                (
                    s.event.at.strftime("%Y-%m-%d %H:%M"),
                    s.event.actor_display,
                    s.message,
                    s.changes_text,
                )
                for s in shown
            ),
        )
        link = format_html(
            '<p><a href="{}">{}</a> · <a href="{}">{}</a></p>',
            reverse("desk:audit_claim", args=[claim.pk]),
            _("Open this claim's timeline in the audit log"),
            reverse("desk:claim_detail", args=[claim.pk]),
            _("the claim page"),
        )
        if not shown:
            return format_html("{}{}", link, _("No events yet."))
        return format_html("{}<ol>{}</ol>", link, rows)

    def save_model(self, request, obj, form, change):
        try:
            saved = claim_update(
                claim=obj,
                actor=request.user,
                expected_version=form.cleaned_data["seen_version"],
                changes={
                    f: form.cleaned_data[f]
                    for f in form.changed_data
                    if f in CLAIM_EDITABLE_FIELDS
                },
            )
        except SERVICE_ERRORS as exc:
            raise RefusedSave(_message(exc)) from exc
        obj.version = saved.version


class ImportAdminMixin:
    """An admin whose add page imports a file (editors only): ``import_form``, then
    ``imported(request, form)`` (its service; it answers the redirect), a service's
    refusal shown on the form. The page is ``admin/<app>/<model>_import.html``."""

    import_form: type
    import_refusal: str
    import_title: str

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied(self.import_refusal)
        form = self.import_form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                return self.imported(request, form)
            except SERVICE_ERRORS as exc:
                form.add_error(None, _message(exc))
        opts = self.model._meta
        return TemplateResponse(
            request,
            f"admin/{opts.app_label}/{opts.model_name}_import.html",
            {
                **self.admin_site.each_context(request),
                "title": self.import_title,
                "form": form,
                "opts": opts,
                "max_size": human_size(settings.IMPORT_MAX_BYTES),
            },
        )


@admin.register(Report)
class ReportAdmin(ImportAdminMixin, admin.ModelAdmin):
    """Reports are added only by importing a file through ``report_import``."""

    import_form = ReportImportForm
    import_refusal = _("Only editors may import reports.")
    import_title = _("Import a report")

    list_display = ("title", "publisher", "published_on", "imported_by", "imported_at")
    search_fields = ("title", "publisher")
    readonly_fields = ("sha256", "imported_by", "imported_at", "text")

    def has_add_permission(self, request):
        return user_can_import_report(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def imported(self, request, form):
        result, job = report_import_submit(
            actor=request.user,
            content=form.cleaned_data["content"],
            **form.report_details(),
        )
        if job is not None:
            return import_job_queued(request, job)
        import_result_announce(request, result)
        return redirect(reverse("admin:claims_report_change", args=[result.report.pk]))


@admin.register(Appearance)
class AppearanceAdmin(ReadOnlyAdmin):
    list_display = ("claim", "not_a_claim", "report", "section", "line")
    list_filter = ("not_a_claim", "report")
    search_fields = ("quote", "section")
    list_select_related = ("claim", "report")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("claim", "source", "stance", "added_by", "added_at", "removed_at")
    list_filter = ("stance",)
    search_fields = ("excerpt", "source__title")
    list_select_related = ("claim", "source", "added_by")


class MatchNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


def _match_admin_action(status: str, label: str, resolve=claim_match_resolve):
    """Resolve the selected matches through the service, with the editor's reason."""
    action = _each_row_action(
        name=f"resolve_{status}",
        title=label,
        make_form=lambda request, data: MatchNoteForm(data),
        invalid=_("Say why; nothing was done."),
        apply=lambda match, request, form: resolve(
            match=match,
            actor=request.user,
            status=status,
            note=form.cleaned_data["note"],
        ),
        failed=_("Match #%(number)s: %(error)s"),
        succeeded=ngettext_lazy(
            "%(action)s: %(count)d match.", "%(action)s: %(count)d matches.", "count"
        ),
    )
    action.short_description = label
    return action


class MatchAdmin(ReadOnlyAdmin):
    """A match's admin: an editor resolves the selected matches through ``resolve``.

    ``same_label`` names the confirming action; marking distinct reads the same
    for both kinds of match.
    """

    same_label = ""
    resolve = staticmethod(claim_match_resolve)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if user_can_resolve_match(request.user):
            for status, label in (
                ("same", self.same_label),
                ("distinct", _("Mark as distinct claims")),
            ):
                action = _match_admin_action(status, label, self.resolve)
                actions[action.__name__] = (action, action.__name__, label)
        return actions


DECISION_FIELDS = (
    "status",
    "proposed_status",
    "proposed_by",
    "resolved_by",
    "resolved_at",
    "note",
)


@admin.register(ClaimMatch)
class ClaimMatchAdmin(MatchAdmin):
    same_label = _("Confirm as the same claim (merge the newer)")
    list_display = ("claim", "other", "score", "source", "status", "proposed_status")
    list_filter = ("status", "proposed_status", "source")
    list_select_related = ("claim", "other")
    readonly_fields = ("features",)
    # The pair first: the decision's fields come first in the model (MatchDecision).
    fields = ("claim", "other", "score", "source", *DECISION_FIELDS, "features")


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(ImportAdminMixin, ReadOnlyAdmin):
    """Added only by importing a ClaimReview file through the service."""

    import_form = ClaimReviewImportForm
    import_refusal = _("Only editors may import external fact-checks.")
    import_title = _("Import external fact-checks")

    list_display = ("publisher", "claim_reviewed", "rating", "review_date", "url")
    list_filter = ("publisher",)
    search_fields = ("claim_reviewed", "publisher", "claimant", "url")
    date_hierarchy = "review_date"

    def has_add_permission(self, request):
        return user_can_import_report(request.user)

    def imported(self, request, form):
        result = external_factchecks_import(
            actor=request.user,
            data=form.cleaned_data["content"],
            filename=form.cleaned_data["filename"],
        )
        messages.success(request, result.summary)
        return redirect(reverse("admin:claims_externalfactcheck_changelist"))


@admin.register(ExternalMatch)
class ExternalMatchAdmin(MatchAdmin):
    same_label = _("Confirm: the fact-check reviewed this claim")
    resolve = staticmethod(external_match_resolve)
    list_display = ("claim", "fact_check", "score", "status", "proposed_status")
    list_filter = ("status", "proposed_status")
    list_select_related = ("claim", "fact_check")
    readonly_fields = ("features",)
    fields = ("claim", "fact_check", "score", *DECISION_FIELDS, "features")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = (
        "claim",
        "round",
        "reviewer",
        "rating",
        "confidence",
        "submitted_at",
    )
    list_filter = ("rating", "confidence")
    search_fields = ("rationale",)
    list_select_related = ("claim", "reviewer")

    def get_queryset(self, request):
        # Blind review: the list, the search and each review's page alike.
        return visible_reviews(user=request.user, reviews=super().get_queryset(request))


@admin.register(VerdictVersion)
class VerdictVersionAdmin(ReadOnlyAdmin):
    list_display = ("claim", "number", "rating", "approved_by_name", "published_at")
    list_filter = ("rating",)
    search_fields = ("text", "short_claim", "claimant")
    list_select_related = ("claim",)
    readonly_fields = [f.name for f in VerdictVersion._meta.fields]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "claim",
        "round",
        "kind",
        "editor",
        "verdict",
        "is_correction",
        "created_at",
    )
    list_filter = ("kind", "is_correction")
    list_select_related = ("claim", "editor")


@admin.register(TriageModel)
class TriageModelAdmin(ReadOnlyAdmin):
    """The check-worthiness model's versions; ``manage.py train_triage`` writes them."""

    list_display = (
        "version",
        "source",
        "cv_auc",
        "decisions",
        "decisions_taken",
        "created_at",
        "rolled_back_at",
    )
    list_filter = ("source",)
