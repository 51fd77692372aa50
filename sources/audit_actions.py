"""The sources app's audit actions, and how the fields of a source's changes read."""

from audit.registry import Field, register_many


def register() -> None:
    from sources.models import LinkStatus, SourceKind

    register_many(
        {
            "source.created": ("Source added", "{actor} added source {subject}"),
            "source.changed": ("Source edited", "{actor} edited source {subject}"),
            "source.uploaded": (
                "Document uploaded",
                "{actor} uploaded document {subject}",
            ),
            "source.link_status_changed": (
                "Link status changed",
                "{actor} found the link of source {subject}: {status}",
            ),
            "snapshot.taken": (
                "Snapshot taken",
                "{actor} archived {subject} ({outcome})",
            ),
        },
        fields={
            "kind": Field("kind", choices=dict(SourceKind.choices)),
            "published_on": Field("published on"),
            "archive_url": Field("archive URL"),
            "url": Field("URL"),
            "link_status": Field("link status", choices=dict(LinkStatus.choices)),
        },
    )
