"""Form widgets rendered in Python: Django's HTML without a template per option.

Django renders each widget, each ``<option>`` and each checkbox through template
includes; on the claims list's filter form (a report menu, a people menu, three
sets of checkboxes) that was a third of the page's time, and on the audit log's
(a long action menu) a quarter. These widgets write the same markup
(``tests/test_widgets.py`` compares it with Django's), so any app's filter form
can use them.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Like django/forms/widgets/attrs.html: False drops a name, True leaves it bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                # The newline: Django's option template ends with one.
                html.append(
                    f'\n  <option value="{conditional_escape(option["value"])}"'
                    f"{_attrs(option['attrs'])}>"
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped above


class QuickCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        ident = widget["attrs"].get("id")
        css = widget["attrs"].get("class")
        html = ["<div"]
        if ident:
            html.append(format_html(' id="{}"', ident))
        if css:
            html.append(format_html(' class="{}"', css))
        html.append(">")
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                html.append(format_html("\n  <div><label>{}</label>", group_name))
            for option in options:
                option_id = option["attrs"].get("id")
                value_part = (
                    ""
                    if option["value"] is None
                    else f' value="{conditional_escape(option["value"])}"'
                )
                # The newlines are those that end Django's option templates.
                field = (
                    f'<input type="{option["type"]}" '
                    f'name="{conditional_escape(option["name"])}"{value_part}'
                    f"{_attrs(option['attrs'])}>\n"
                )
                if option.get("wrap_label"):
                    label_for = (
                        f' for="{conditional_escape(option_id)}"' if option_id else ""
                    )
                    field = (
                        f"<label{label_for}>{field} "
                        f"{conditional_escape(option['label'])}</label>"
                    )
                html.append(f"<div>\n    {field}\n\n</div>")
            if group_name:
                html.append("\n  </div>")
        html.append("\n</div>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped above


class _QuickInput:
    """django/forms/widgets/input.html, for the single-value ``<input>`` widgets."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_part = (
            ""
            if widget["value"] is None
            else f' value="{conditional_escape(widget["value"])}"'
        )
        return mark_safe(  # noqa: S308 - every part is escaped
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(name)}"{value_part}'
            f"{_attrs(widget['attrs'])}>"
        )


class QuickTextInput(_QuickInput, forms.TextInput):
    pass


class QuickNumberInput(_QuickInput, forms.NumberInput):
    pass


class QuickDateInput(_QuickInput, forms.DateInput):
    pass


class QuickHiddenInput(_QuickInput, forms.HiddenInput):
    pass
