"""API representation of audit events (read-only)."""

from rest_framework import serializers

from audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", allow_null=True, read_only=True)
    actor_label = serializers.CharField(source="actor_display", read_only=True)
    message = serializers.CharField(read_only=True)
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor",
            "actor_label",
            "action",
            "message",
            "subject_type",
            "subject_id",
            "subject_label",
            "scope_type",
            "scope_id",
            "data",
            "comment",
            "request_id",
            "ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields
