"""The Source model: a document or page that evidence comes from."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SourceKind(models.TextChoices):
    PEER_REVIEWED = "peer_reviewed", "Peer-reviewed paper"
    OFFICIAL_STATISTICS = "official_statistics", "Official statistics"
    GOVERNMENT_DOCUMENT = "government_document", "Government document"
    COMPANY_STATEMENT = "company_statement", "Company statement"
    NEWS_REPORT = "news_report", "News report"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class Source(models.Model):
    url = models.URLField(
        max_length=2000, unique=True, help_text="Normalised http(s) URL."
    )
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=32, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources_added",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http",
            ),
            models.CheckConstraint(
                condition=Q(archive_url="")
                | Q(archive_url__startswith="http://")
                | Q(archive_url__startswith="https://"),
                name="source_archive_url_http",
            ),
        ]
        indexes = [
            models.Index(fields=["-updated_at"], name="source_updated_idx"),
            # The list's order: a keyset page walks it and stops after one page.
            models.Index(fields=["title", "id"], name="source_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url
