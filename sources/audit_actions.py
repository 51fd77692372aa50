"""The sources app's audit actions, and how the fields of a source's changes read."""

from audit.registry import Field, register_many
from config.lazy_text import gettext_lazy as _


def register() -> None:
    from sources.models import LinkStatus, SourceKind

    register_many(
        {
            "source.created": (_("Source added"), _("{actor} added source {subject}")),
            "source.changed": (
                _("Source edited"),
                _("{actor} edited source {subject}"),
            ),
            "source.uploaded": (
                _("Document uploaded"),
                _("{actor} uploaded document {subject}"),
            ),
            "source.link_status_changed": (
                _("Link status changed"),
                _("{actor} found the link of source {subject}: {status}"),
            ),
            "snapshot.taken": (
                _("Snapshot taken"),
                _("{actor} archived {subject} ({outcome})"),
            ),
        },
        fields={
            "kind": Field(_("kind"), choices=dict(SourceKind.choices)),
            "published_on": Field(_("published on"), date=True),
            "accessed_on": Field(_("accessed on"), date=True),
            "archive_url": Field(_("archive URL")),
            "url": Field(_("URL")),
            "link_status": Field(_("link status"), choices=dict(LinkStatus.choices)),
        },
    )
