"""The audit event (one append-only, hash-chained row per change or refusal) and
the signed checkpoint of the trail's head."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from audit import registry
from config.lazy_text import gettext_lazy


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_subject(self, label: str, pk) -> "AuditEventQuerySet":
        return self.filter(subject_type=label, subject_id=str(pk))

    def for_scope(self, label: str, pk) -> "AuditEventQuerySet":
        return self.filter(scope_type=label, scope_id=str(pk))


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(
        unique=True,
        editable=False,
        help_text=gettext_lazy("Position in the hash chain, from 1."),
    )
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        help_text=gettext_lazy(
            "Empty only for the system; data['via'] names the command."
        ),
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=300, blank=True)
    scope_type = models.CharField(
        max_length=100,
        blank=True,
        help_text=gettext_lazy("The record whose timeline shows this event."),
    )
    scope_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model name", "audit event")
        verbose_name_plural = pgettext_lazy("model name", "audit events")
        ordering = ["-seq"]
        indexes = [
            models.Index(
                fields=["scope_type", "scope_id", "seq"], name="audit_scope_idx"
            ),
            models.Index(
                fields=["subject_type", "subject_id", "seq"], name="audit_subject_idx"
            ),
            models.Index(fields=["actor", "seq"], name="audit_actor_idx"),
            models.Index(fields=["action", "seq"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_label}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def actor_display(self) -> str:
        if self.actor_label:
            return self.actor_label
        return _("system (%(via)s)") % {"via": self.data.get("via", "unknown")}

    @property
    def message(self) -> str:
        """The message as anyone may read it (blind labels hidden); surfaces that
        know their viewer use ``audit.registry.format_events``."""
        return registry.format_event(self).message

    @property
    def label(self) -> str:
        return registry.action_label(self.action)

    @property
    def details(self) -> list[str]:
        """The changes in words (ids as names, codes as labels), blind labels hidden."""
        return [change.text for change in registry.format_event(self).changes]

    @property
    def changes(self) -> dict:
        changes = self.data.get("changes") if isinstance(self.data, dict) else None
        return changes if isinstance(changes, dict) else {}

    @property
    def subject_url(self) -> str | None:
        return registry.subject_url(self.subject_type, self.subject_id)

    @property
    def scope_url(self) -> str | None:
        return registry.subject_url(self.scope_type, self.scope_id)


# Signed statements of the trail's head (audit/checkpoints), append-only likewise.
class AuditCheckpointQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit checkpoints cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit checkpoints cannot be deleted.")


class AuditCheckpoint(models.Model):
    at = models.DateTimeField(
        help_text=gettext_lazy("When the head was read and signed.")
    )
    event_count = models.PositiveBigIntegerField(
        help_text=gettext_lazy("How many events the trail held.")
    )
    head_seq = models.PositiveBigIntegerField(
        help_text=gettext_lazy("The last event's number (0 for an empty trail).")
    )
    head_hash = models.CharField(
        max_length=64, help_text=gettext_lazy("The last event's hash.")
    )
    public_key = models.CharField(
        max_length=64,
        help_text=gettext_lazy("The Ed25519 public key that signed (base64)."),
    )
    signature = models.CharField(
        max_length=128,
        help_text=gettext_lazy("Ed25519 signature of the statement (base64)."),
    )

    objects = AuditCheckpointQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model name", "audit checkpoint")
        verbose_name_plural = pgettext_lazy("model name", "audit checkpoints")
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
