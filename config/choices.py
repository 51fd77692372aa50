"""get_FOO_display from a field's labels built once per language."""

import functools

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.lru_cache(maxsize=1024)
def choice_labels(field: models.Field, language: str | None) -> dict:
    """``{value: label}`` of a field with choices, in the active language."""
    return {
        make_hashable(value): force_str(label, strings_only=True)
        for value, label in field.flatchoices
    }


class ChoiceLabels:
    """A model mixin (listed first) whose ``get_FOO_display`` reads cached labels.

    Django's own builds a dict of every choice and translates the label on each
    call: a list page of 50 rows called it hundreds of times, at about 25 µs each.
    A plain class, not an abstract model, so that it leaves the order of the
    model's other bases alone (django-fsm's refresh_from_db must come before
    Model's).
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return choice_labels(field, get_language()).get(make_hashable(value), value)


@receiver(setting_changed)
def _forget_labels(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        choice_labels.cache_clear()
