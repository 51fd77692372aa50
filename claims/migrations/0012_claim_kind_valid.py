"""The kinds' constraint again, over the new kinds (after 0011 mapped the old ones)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_triage_reclassify")]

    operations = [
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['statistic', 'comparison', 'attribution', 'event', 'rule', 'prediction', 'opinion', 'not_a_claim'])), name='claim_kind_valid'),
        ),
    ]
