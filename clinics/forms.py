from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinics.models import CODE_ALPHABET, CODE_LENGTH, normalise_code
from safety import rules
from safety.forms import DateInput
from safety.models import BodyArea, Clearance
from safety.templatetags.safety_tags import day


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The family's code"), max_length=20,
        help_text=_("8 letters and digits, as the parent shows it, for example ABCD-2345."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        # A code that cannot be one is not a try at guessing one: it is refused here, and not counted.
        if len(code) != CODE_LENGTH or set(code) - set(CODE_ALPHABET):
            raise forms.ValidationError(_("A code has 8 letters and digits, for example ABCD-2345. Check it with "
                                          "the parent."))
        return code


class ClinicClearanceForm(forms.ModelForm):
    """A doctor's approval as a clinic records it: who approved, until when (at most 6 months from today) and which
    body areas to leave out. The model's own checks run on it (Clearance.clean). Areas earlier approvals for the same
    answers left out, and those the answers suggest, start ticked."""

    # The answers the member of staff read: if the family answers again meanwhile, nothing is recorded.
    seen_screening = forms.IntegerField(widget=forms.HiddenInput)
    excluded_areas = forms.MultipleChoiceField(
        label=_("Body areas to leave out"), choices=BodyArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Clearance
        fields = ["clinician_name", "role", "expires_on", "excluded_areas"]
        labels = {"clinician_name": _("Doctor who approved massage"), "expires_on": _("Approval valid until")}
        widgets = {"expires_on": DateInput()}

    def __init__(self, *args, suggested_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        longest = rules.add_months(timezone.localdate(), rules.CLINIC_CLEARANCE_MONTHS)
        self.fields["expires_on"].help_text = _("At most 6 months: %(date)s at the latest.") % {
            "date": day(longest)}
        self.fields["expires_on"].widget.attrs["max"] = longest.isoformat()
        self.fields["seen_screening"].initial = self.instance.screening_id
        self.initial["excluded_areas"] = rules.area_order([*self.instance.earlier_excluded_areas(), *suggested_areas])

    def record_fields(self):
        """The keyword arguments services.record_clinic_clearance takes, from the cleaned form."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
