from django import forms
from django.utils.translation import gettext_lazy as _

from guide.models import MassageSession


class StartForm(forms.Form):
    """Pick the recommended course or one routine; the choices are only what suits this baby."""

    choice = forms.ChoiceField(label=_("What would you like to do?"), widget=forms.RadioSelect)
    hands_free = forms.BooleanField(
        label=_("Hands-free: read each step aloud and move on by itself"), required=False,
    )

    def __init__(self, *args, course, routines, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {}
        if course is not None:
            self.options[f"course-{course.pk}"] = course
        for routine in routines:
            self.options[f"routine-{routine.pk}"] = routine
        self.fields["choice"].choices = [(key, obj.title) for key, obj in self.options.items()]
        if course is not None:
            self.fields["choice"].initial = f"course-{course.pk}"

    def chosen(self):
        """(course, routine): one of them is set."""
        obj = self.options[self.cleaned_data["choice"]]
        return (obj, None) if self.cleaned_data["choice"].startswith("course-") else (None, obj)


class AdvanceForm(forms.Form):
    DONE, SKIP, SKIP_AREA = "done", "skip", "skip_area"

    step = forms.IntegerField(min_value=1)
    # Where the step stands in the plan: a step done on each side comes twice, left then right.
    position = forms.IntegerField(min_value=0, required=False)
    action = forms.ChoiceField(choices=[(DONE, DONE), (SKIP, SKIP), (SKIP_AREA, SKIP_AREA)])


class FussForm(forms.Form):
    cue = forms.ChoiceField(choices=MassageSession.Cue.choices)


class FinishForm(forms.ModelForm):
    cues_seen = forms.MultipleChoiceField(
        label=_("What did you notice?"), choices=MassageSession.Cue.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MassageSession
        fields = ["mood", "note"]
        widgets = {"mood": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"note": _("A note for yourself or your doctor (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mood"].required = False
        self.fields["mood"].choices = MassageSession.Mood.choices
        self.fields["cues_seen"].initial = [c["cue"] for c in self.instance.cues]
