"""The sources app's audit actions, and how the fields of a source's changes read."""

from audit.registry import Field, register_many


def register() -> None:
    from sources.models import SourceKind

    register_many(
        {
            "source.created": ("Source added", "{actor} added source {subject}"),
            "source.changed": ("Source edited", "{actor} edited source {subject}"),
        },
        fields={
            "kind": Field("kind", choices=dict(SourceKind.choices)),
            "published_on": Field("published on"),
            "archive_url": Field("archive URL"),
            "url": Field("URL"),
        },
    )
