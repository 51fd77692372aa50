"""Form widgets are rendered by Django's templates: values and labels escaped."""

import datetime

import pytest
from django import forms
from django.utils.safestring import SafeString, mark_safe

CHOICES = [("", "Any"), ("a&b", 'Say "yes" <now>'), (3, "Three")]
GROUPED = [("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "Loose")]
HOSTILE = ['x" onfocus="alert(1)', "<b>&amp;</b>"]


def _selected(choices, value) -> set[str]:
    values = value if isinstance(value, list) else [value]
    return {str(v) for v in values if v is not None}


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "", "a&b", 3, ["apple", "x"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "class": "c", "required": True}]
)
def test_select_escapes_values_and_labels(choices, value, attrs):
    html = str(forms.Select(choices=choices).render("f", value, attrs=attrs))
    assert html.startswith('<select name="f"')
    assert "<now>" not in html and '"yes"' not in html
    if choices is CHOICES:
        assert '<option value="a&amp;b"' in html
        assert "Say &quot;yes&quot; &lt;now&gt;</option>" in html
    else:
        assert '<optgroup label="Fruit">' in html
    if attrs:
        assert ' id="id_f" class="c" required' in html
    # A select shows one choice: the value's, if it is one of them.
    selected = html.count(" selected>")
    assert selected <= 1
    if value in ("a&b", 3) and choices is CHOICES:
        assert selected == 1


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, ["a&b"], ["apple", 3]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "class": "c"}])
def test_checkboxes_escape_values_and_labels(choices, value, attrs):
    widget = forms.CheckboxSelectMultiple(choices=choices)
    html = str(widget.render("f", value, attrs))
    assert "<now>" not in html
    assert html.count('type="checkbox"') == sum(
        len(c[1]) if isinstance(c[1], list) else 1 for c in choices
    )
    checked = {
        v for v in _selected(choices, value)
        if f'value="{v.replace("&", "&amp;")}" ' in html
    }  # fmt: skip
    assert html.count(" checked") == len(checked)
    if attrs:
        assert 'id="id_f"' in html and 'class="c"' in html


@pytest.mark.parametrize(
    "widget_class",
    [forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput],
)
@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        *HOSTILE,
        mark_safe("<i>safe</i>"),
        0,
        12,
        datetime.date(2026, 3, 5),
    ],
)
@pytest.mark.parametrize(
    "widget_attrs",
    [{}, {"type": "date", "inputmode": "numeric", "data-x": '"q"', "off": False}],
)
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "required": True, "aria-invalid": "true"}]
)
def test_inputs_escape_byte_for_byte(widget_class, value, widget_attrs, attrs):
    html = str(widget_class(attrs=widget_attrs).render("f&g", value, attrs=attrs))
    assert html.startswith("<input ") and html.endswith(">")
    if isinstance(value, SafeString):
        # What the code marked safe is written as it is (as Django always did).
        assert 'value="<i>safe</i>"' in html
    else:
        assert html.count("<") == 1  # one tag; nothing a value holds becomes markup
    assert 'name="f&amp;g"' in html
    assert 'onfocus="' not in html
    if widget_attrs:
        assert 'data-x="&quot;q&quot;"' in html and " off" not in html
    if value is None:
        assert " value=" not in html
    elif value == HOSTILE[0]:
        assert 'value="x&quot; onfocus=&quot;alert(1)"' in html
    elif value == HOSTILE[1]:
        assert 'value="&lt;b&gt;&amp;amp;&lt;/b&gt;"' in html
