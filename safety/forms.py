from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safety import mail, rules
from safety.models import Baby, BodyArea, Clearance, QuestionnaireVersion

# The email is also the user name, and the user name column holds 150 characters: a longer address would
# fail on PostgreSQL and be stored whole on SQLite (and then break a move to PostgreSQL).
EMAIL_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length
EMAIL_TOO_LONG = _("This email address is too long: at most %(limit_value)d characters, please.")

ANSWER_CHOICES = [(rules.YES, _("Yes")), (rules.NO, _("No")), (rules.NOT_SURE, _("Not sure"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignupForm(UserCreationForm):
    """Parents sign up with their email address; it is also their user name."""

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
    """One Yes / No / Not sure field per question of the version the parent was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version, baby, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_obj = version
        self.questions = list(version.questions.all())
        self.fields["version"].initial = version.pk
        profile = {"born_early": baby.born_early, "intensive_care": baby.intensive_care}
        for question in self.questions:
            label = question.text + (f" ({question.term})" if question.term else "")
            initial = (rules.YES if profile[question.qid] else rules.NO) if question.qid in profile else None
            self.fields[question.qid] = AnswerField(label=label, initial=initial)

    def clean_version(self):
        if self.cleaned_data["version"] != QuestionnaireVersion.current().pk:
            raise forms.ValidationError(
                _("The questions were updated while you were answering. Please answer the new questions below.")
            )
        return self.cleaned_data["version"]

    def groups(self):
        """The bound fields grouped under their headings, in order."""
        grouped = {}
        for question in self.questions:
            grouped.setdefault(question.get_group_display(), []).append(self[question.qid])
        return grouped.items()

    def answers(self):
        return {q.qid: self.cleaned_data[q.qid] for q in self.questions}


class ClearanceForm(forms.ModelForm):
    excluded_areas = forms.MultipleChoiceField(
        label=_("Body areas the doctor said to leave out"), choices=BodyArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Clearance
        fields = ["clinician_name", "role", "approved_on", "expires_on", "excluded_areas"]
        widgets = {"approved_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


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
        label=_("Had a vaccine in the last 2 days? How many hours ago?"), min_value=0, max_value=24 * 365,
        required=False, help_text=_("Leave this empty if there was no vaccine in the last 2 days."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    temperature = forms.DecimalField(
        label=_("Temperature in °C, if you measured it"), min_value=34, max_value=43, max_digits=3,
        decimal_places=1, required=False, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )

    def answers(self):
        return {name: self.cleaned_data[name] for name, _code in rules.DAILY_QUESTIONS}


class PasswordResetByMailForm(PasswordResetForm):
    """Django's reset form, sending through safety.mail so that a failed send is not taken for "sent"."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        mail.send(subject=subject, body=render_to_string(email_template_name, context), to=[to_email])
