"""API representations of sources; URLs are checked by the normaliser (http/https)."""

from rest_framework import serializers

from config.api import OptionalURLField, UserRefSerializer
from config.api_fields import StrictCharField, StrictChoiceField, StrictDateField
from sources.models import Snapshot, Source, SourceKind
from sources.services import EDITABLE_FIELDS
from sources.urlnorm import normalise_url


def _http_url(value: str) -> None:
    if value:
        normalise_url(value)


class SourceSerializer(serializers.ModelSerializer):
    added_by = UserRefSerializer(allow_null=True, read_only=True)
    archive_url = OptionalURLField()
    claim_count = serializers.IntegerField(
        read_only=True, help_text="Claims citing it as current evidence."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "document_sha256",
            "link_status",
            "link_checked_at",
            "added_by",
            "version",
            "created_at",
            "updated_at",
            "claim_count",
        ]
        read_only_fields = fields


class SnapshotSerializer(serializers.ModelSerializer):
    """One retrieval of the source, as archived; it never changes."""

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "origin",
            "outcome",
            "status",
            "sha256",
            "retrieved",
            "content_type",
            "size",
            "final_url",
            "hops",
            "error",
        ]
        read_only_fields = fields


class SourceDetailSerializer(SourceSerializer):
    snapshots = SnapshotSerializer(many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "snapshots"]
        read_only_fields = fields


class SourceWriteSerializer(serializers.Serializer):
    """Fields of a new or edited source; the address must be http or https."""

    url = StrictCharField(max_length=2000, validators=[_http_url])
    title = StrictCharField(max_length=500, required=False, allow_blank=True)
    publisher = StrictCharField(max_length=300, required=False, allow_blank=True)
    kind = StrictChoiceField(choices=SourceKind.choices, required=False)
    published_on = StrictDateField(required=False, allow_null=True)
    accessed_on = StrictDateField(required=False, allow_null=True)
    archive_url = StrictCharField(
        max_length=2000, required=False, allow_blank=True, validators=[_http_url]
    )

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(EDITABLE_FIELDS)
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be set."] for name in sorted(unknown)}
            )
        if self.partial and not attrs:
            raise serializers.ValidationError(
                f"Send at least one of: {', '.join(EDITABLE_FIELDS)}."
            )
        return attrs
