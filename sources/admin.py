"""Admin of sources; saves go through the services so that every edit is audited."""

from django.contrib import admin

from audit.admin_forms import (
    RefusedSave,
    ServiceAdminMixin,
    VersionedAdminForm,
)
from config.exceptions import SERVICE_ERRORS
from config.lazy_text import gettext_lazy as _
from sources.models import Source
from sources.services import EDITABLE_FIELDS, source_create, source_update


class SourceAdminForm(VersionedAdminForm):
    class Meta:
        model = Source
        fields = EDITABLE_FIELDS
        # The model's fields carry no verbose_name (docs/development.md).
        labels = {
            "url": _("Address (URL)"),
            "title": _("Title"),
            "publisher": _("Publisher"),
            "kind": _("Kind"),
            "published_on": _("Published on"),
            "accessed_on": _("Accessed on"),
            "archive_url": _("Archived copy (URL)"),
        }


@admin.register(Source)
class SourceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = SourceAdminForm
    list_display = ("title", "publisher", "kind", "published_on", "url", "updated_at")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "url")
    readonly_fields = ("added_by", "version", "created_at", "updated_at")
    fields = (
        *EDITABLE_FIELDS,
        "seen_version",
        "added_by",
        "version",
        "created_at",
        "updated_at",
    )

    def save_model(self, request, obj, form, change):
        try:
            if change:
                saved = source_update(
                    source=obj,
                    actor=request.user,
                    expected_version=form.cleaned_data["seen_version"],
                    changes={
                        f: form.cleaned_data[f]
                        for f in form.changed_data
                        if f in EDITABLE_FIELDS
                    },
                )
            else:
                saved = source_create(
                    actor=request.user,
                    **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS},
                )
        except SERVICE_ERRORS as exc:
            raise RefusedSave(str(exc)) from exc
        obj.pk, obj.url = saved.pk, saved.url

    def has_delete_permission(self, request, obj=None):
        # Evidence points at sources; a source is corrected, never deleted.
        return False
