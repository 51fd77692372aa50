"""Template filters for people's own words: ``{{ review.rationale|markdown }}``."""

from django import template

from reviews.markdown import plain_text, render_markdown

register = template.Library()

register.filter("markdown", render_markdown)
register.filter("plain_text", plain_text)
