"""gettext_lazy that looks a message up once per language, not on every use."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, pgettext


@functools.lru_cache(maxsize=16_384)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _gettext_once(message: str) -> str:
    return _translated(get_language(), message)


@functools.lru_cache(maxsize=1024)
def _translated_in_context(language: str | None, context: str, message: str) -> str:
    return pgettext(context, message)


def pgettext_once(context: str, message: str) -> str:
    """``pgettext`` in the active language, looked up once per language."""
    return _translated_in_context(get_language(), context, message)


# Django's gettext_lazy translates again each time a label is shown, hashed or
# compared: choice labels are hashed for every get_FOO_display, and a claims list
# spent about 20 ms a page in gettext. The catalogs do not change while the
# process runs (only the settings below change them, in tests).
gettext_lazy = lazy(_gettext_once, str)


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _translated.cache_clear()
        _translated_in_context.cache_clear()
