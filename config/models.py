"""The project's own tables: the stored first answers of idempotent POSTs."""

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed for 24 h.

    Per user and key. ``fingerprint`` (method, path and body) tells a retry from
    another request reusing the key; ``status`` is null while the first request
    is still running.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=2000, blank=True)
    body = models.BinaryField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
