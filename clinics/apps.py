from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = _("Clinics at work")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from clinics.views import remember_clinic_desk

        # Only to show clinic staff the way to their desk in the menu: the desk itself checks who they are.
        user_logged_in.connect(remember_clinic_desk, dispatch_uid="clinics.remember_clinic_desk")
