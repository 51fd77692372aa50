"""The audit checkpoint: one signed statement of the trail's head (append-only)."""

import hashlib
from base64 import b64decode

from django.db import models

from audit.models import AppendOnlyError


class AuditCheckpointQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit checkpoints cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit checkpoints cannot be deleted.")


class AuditCheckpoint(models.Model):
    at = models.DateTimeField(help_text="When the head was read and signed.")
    event_count = models.PositiveBigIntegerField(
        help_text="How many events the trail held."
    )
    head_seq = models.PositiveBigIntegerField(
        help_text="The last event's number (0 for an empty trail)."
    )
    head_hash = models.CharField(max_length=64, help_text="The last event's hash.")
    public_key = models.CharField(
        max_length=64, help_text="The Ed25519 public key that signed (base64)."
    )
    signature = models.CharField(
        max_length=128, help_text="Ed25519 signature of the statement (base64)."
    )

    objects = AuditCheckpointQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return (
            f"checkpoint #{self.pk}: {self.event_count} events, head #{self.head_seq}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit checkpoints cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit checkpoints cannot be deleted.")

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)


def key_id(public_key_b64: str) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    try:
        raw = b64decode(public_key_b64, validate=True)
    except ValueError:
        return "invalid"
    return hashlib.sha256(raw).hexdigest()[:16]
