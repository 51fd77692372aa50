"""API representations of notifications."""

from rest_framework import serializers

from collab.models import Notification, NotificationKind
from config.api_fields import StrictIntegerField


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    claim = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    read = serializers.BooleanField()
    created = serializers.DateTimeField(source="created_at")
    actor = serializers.CharField(source="actor_label")

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "claim",
            "subject",
            "note",
            "actor",
            "read",
            "read_at",
            "created",
        ]
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_empty=False,
        max_length=1000,
        help_text="The notifications to mark read; leave out to mark all read.",
    )


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
