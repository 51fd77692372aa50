"""The review form: a reviewer's rating, rationale, confidence and cited evidence."""

from django import forms

from claims.models import Verdict
from reviews.models import Confidence


class ReviewForm(forms.Form):
    rating = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(
        choices=Confidence.choices, initial=Confidence.MEDIUM, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this rating: what the evidence shows.",
    )
    cited_evidence = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence this verdict rests on",
    )

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_evidence"].choices = [
            (item.pk, f"{item.get_stance_display()}: {item.source}")
            for item in evidence
        ]
