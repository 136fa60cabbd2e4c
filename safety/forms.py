from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safety import mail, rules
from safety.models import (
    Baby,
    BodyArea,
    Clearance,
    ParentSettings,
    QuestionnaireVersion,
    Role,
    available_time_zones,
)
from safety.services import email_taken

# The email is also the user name, and the user name column holds 150 characters: a longer address would
# fail on PostgreSQL and be stored whole on SQLite (and then break a move to PostgreSQL).
EMAIL_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length
EMAIL_TOO_LONG = _("This email address is too long: at most %(limit_value)d characters, please.")

ANSWER_CHOICES = [(rules.YES, _("Yes")), (rules.NO, _("No")), (rules.NOT_SURE, _("Not sure"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BrowserTimeZoneField(forms.CharField):
    """The browser's time zone, filled in by static/js/theme.js; anything unknown counts as none."""

    widget = forms.HiddenInput(attrs={"data-browser-time-zone": ""})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        # Never a reason to refuse a log-in: an odd value only means the site's own zone.
        return value if value in available_time_zones() else ""


class SignupForm(UserCreationForm):
    """Parents sign up with their email address; it is also their user name."""

    time_zone = BrowserTimeZoneField()

    email = forms.EmailField(
        label=_("Email"), max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = get_user_model()
        fields = ["email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username=email).exists():
            raise forms.ValidationError(_("There is already an account with this email. Try logging in."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email = self.cleaned_data["email"]
        if commit:
            user.save()
        return user


class EmailLoginForm(AuthenticationForm):
    time_zone = BrowserTimeZoneField()
    username = forms.EmailField(
        label=_("Email"), max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class BabyForm(forms.ModelForm):
    class Meta:
        model = Baby
        fields = ["name", "birth_date", "weeks_at_birth", "intensive_care"]
        widgets = {"birth_date": DateInput()}


class AnswerField(forms.ChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(choices=ANSWER_CHOICES, **kwargs)


class ScreeningForm(forms.Form):
    """One Yes / No / Not sure field per question of the version the parent was shown, at the baby's age
    (the belly button is asked about only while it may not have healed). A follow-up question ("is the bulge
    hard?") must be answered when the question it follows was "yes" or "not sure"."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version, baby, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_obj = version
        age = baby.age_days()
        self.questions = [q for q in version.questions.all() if rules.is_asked(q, age)]
        self.fields["version"].initial = version.pk
        profile = {"born_early": baby.born_early, "intensive_care": baby.intensive_care}
        for question in self.questions:
            label = question.text + (f" ({question.term})" if question.term else "")
            initial = (rules.YES if profile[question.qid] else rules.NO) if question.qid in profile else None
            self.fields[question.qid] = AnswerField(label=label, initial=initial, required=not question.follows)

    def clean_version(self):
        if self.cleaned_data["version"] != QuestionnaireVersion.current().pk:
            raise forms.ValidationError(
                _("The questions were updated while you were answering. Please answer the new questions below.")
            )
        return self.cleaned_data["version"]

    def clean(self):
        cleaned = super().clean()
        by_qid = {q.qid: q for q in self.questions}
        for question in self.questions:
            followed = by_qid.get(question.follows)
            if followed and not cleaned.get(question.qid) and rules.raises_concern(
                    cleaned.get(followed.qid, rules.NOT_SURE), followed.concern_answer):
                self.add_error(question.qid, _("You answered “Yes” or “Not sure” above, so please answer this too."))
        return cleaned

    def groups(self):
        """The bound fields grouped under their headings, in order."""
        grouped = {}
        for question in self.questions:
            grouped.setdefault(question.get_group_display(), []).append(self[question.qid])
        return grouped.items()

    def answers(self):
        return {q.qid: self.cleaned_data[q.qid] for q in self.questions if self.cleaned_data.get(q.qid)}


class ClearanceForm(forms.ModelForm):
    """A doctor's approval, as the parent reports it. The areas earlier approvals for the same screening left
    out, and those the answers suggest, start ticked; the model refuses dropping an earlier one."""

    excluded_areas = forms.MultipleChoiceField(
        label=_("Body areas the doctor said to leave out"), choices=BodyArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Clearance
        fields = ["clinician_name", "role", "approved_on", "expires_on", "excluded_areas"]
        widgets = {"approved_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, suggested_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["approved_on"].initial = today
        months = rules.clearance_months(self.instance.reported_by_parent)
        self.fields["expires_on"].help_text = _(
            "Written down by you, an approval counts for at most %(months)s months after the doctor gave it."
        ) % {"months": months}
        self.initial["excluded_areas"] = rules.area_order([*self.instance.earlier_excluded_areas(), *suggested_areas])


class DailyCheckForm(forms.Form):
    unwell = AnswerField(label=_("Is your baby unwell, or do they feel hot or feverish?"))
    hungry = AnswerField(label=_("Is your baby hungry right now?"))
    skin = AnswerField(label=_("Is there a new rash, a cut or broken skin?"))
    vomiting = AnswerField(label=_("Has your baby been sick (vomiting) or had diarrhoea today?"))
    asleep = AnswerField(label=_("Is your baby asleep?"))
    upset = AnswerField(label=_("Is your baby crying, fussing or turning away?"))
    minutes_since_feed = forms.IntegerField(
        label=_("How many minutes ago did your baby last feed?"), min_value=0, max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours_since_vaccine = forms.IntegerField(
        label=_("Had a vaccine in the last 3 days? How many hours ago?"), min_value=0, max_value=24 * 365,
        required=False, help_text=_("Leave this empty if there was no vaccine in the last 3 days."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    vaccine_site = forms.ChoiceField(
        label=_("Where was the vaccine given?"), choices=rules.VaccineSite.choices, required=False,
        widget=forms.RadioSelect, help_text=_("Only if there was a vaccine in the last 3 days."),
    )
    temperature = forms.DecimalField(
        label=_("Temperature, if you measured it"), max_digits=4, decimal_places=1, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    temperature_unit = forms.ChoiceField(
        label=_("The temperature is in"), choices=rules.TemperatureUnit.choices, widget=forms.RadioSelect,
        required=False, help_text=_("We remember your choice for next time."),
    )

    def __init__(self, *args, baby, unit=rules.TemperatureUnit.CELSIUS, **kwargs):
        super().__init__(*args, **kwargs)
        self.baby = baby
        self.remembered_unit = unit
        self.fields["temperature_unit"].initial = unit

    def clean_temperature_unit(self):
        return self.cleaned_data["temperature_unit"] or self.remembered_unit

    def clean_minutes_since_feed(self):
        minutes = self.cleaned_data["minutes_since_feed"]
        if minutes > self._hours_since_birth() * 60:
            raise forms.ValidationError(_("That is before your baby was born. Check the number of minutes."))
        return minutes

    def clean_hours_since_vaccine(self):
        hours = self.cleaned_data["hours_since_vaccine"]
        if hours is not None and hours > self._hours_since_birth():
            raise forms.ValidationError(_("That is before your baby was born. Check the number of hours."))
        return hours

    def _hours_since_birth(self):
        """The most hours there can have been since birth (born at the very start of the birth date)."""
        return (self.baby.age_days() + 1) * 24

    def clean(self):
        cleaned = super().clean()
        hours, site = cleaned.get("hours_since_vaccine"), cleaned.get("vaccine_site")
        if hours is not None and hours < rules.VACCINE_AREA_HOURS and not site:
            self.add_error("vaccine_site", _("Say where the vaccine was given, or choose “Not sure”."))
        temperature, unit = cleaned.get("temperature"), cleaned.get("temperature_unit")
        if temperature is not None and unit and not rules.temperature_in_range(temperature, unit):
            low, high = rules.TEMPERATURE_RANGE[unit]
            self.add_error("temperature", _(
                "Enter a temperature between %(low)s and %(high)s %(unit)s, or leave it empty."
            ) % {"low": low, "high": high, "unit": rules.TemperatureUnit(unit).label})
        return cleaned

    def answers(self):
        return {name: self.cleaned_data[name] for name, _code in rules.DAILY_QUESTIONS}

    def record_fields(self):
        """The keyword arguments services.record_daily_check takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "answers": self.answers(), "minutes_since_feed": data["minutes_since_feed"],
            "hours_since_vaccine": data["hours_since_vaccine"], "vaccine_site": data["vaccine_site"],
            "temperature": data["temperature"], "temperature_unit": data["temperature_unit"],
        }

class PasswordResetByMailForm(PasswordResetForm):
    """Django's reset form, sending through safety.mail so that a failed send is not taken for "sent"."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        mail.send(subject=subject, body=render_to_string(email_template_name, context), to=[to_email])


def _time_zone_choices():
    return [(zone, zone.replace("_", " ")) for zone in sorted(available_time_zones())]


class AccountSettingsForm(forms.ModelForm):
    """A parent's own settings: the name the family sees, the time zone every time is shown in, the temperature
    unit and the language."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, required=False,
        help_text=_("Your family sees it in the journal, next to the sessions you did. Empty: your email."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"), choices=_time_zone_choices,
        help_text=_("Every time the app shows you (when a stop lifts, your journal) is in this zone."),
    )

    class Meta:
        model = ParentSettings
        fields = ["name", "time_zone", "temperature_unit", "language"]
        widgets = {"temperature_unit": forms.RadioSelect}
        help_texts = {"language": _("The language of every page, print sheet and spoken step.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = self.instance.user.first_name
        self.fields["language"].required = False  # a form without it keeps the language chosen before

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language

    def save(self, commit=True):
        found = super().save(commit=commit)
        if "name" in self.data:  # a form without the field (an older page) leaves the name as it is
            user = self.instance.user
            user.first_name = self.cleaned_data["name"].strip()
            user.save(update_fields=["first_name"])
        return found


class PasswordAgainForm(forms.Form):
    """The account's password, asked again before something that cannot be undone."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Try again."))
        return password


class EmailChangeForm(PasswordAgainForm):
    new_email = forms.EmailField(
        label=_("New email"), max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["new_email", "password"]

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.user.email:
            raise forms.ValidationError(_("This is the address you have now."))
        if email_taken(email, self.user):
            raise forms.ValidationError(_("There is already an account with this email."))
        return email


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email"), max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("They will be"), widget=forms.RadioSelect, initial=Role.CAREGIVER,
        choices=[(Role.CAREGIVER, _("A caregiver: does today's check and sessions, sees the journal")),
                 (Role.OWNER, _("A parent: can also answer the health questions, change details and invite "
                                "people"))],
    )
