"""Clinics in admin: each clinic's page also lists its staff and the links to its branded sheets.

The Clinic model and its admin belong to the content library (routines); staff and shares belong here, so this
admin takes over the clinic's page with the same form plus them (this app loads after routines)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from clinics.models import ClinicEvent, ClinicStaff, Share
from routines.admin import ClinicAdmin
from routines.models import Clinic, Course, Routine
from routines.printing import with_clinic
from safety.admin import ReadOnlyAdmin

admin.site.unregister(Clinic)


@admin.register(Clinic)
class ClinicDeskAdmin(ClinicAdmin):
    # Staff are listed here and added on their own page (a link below): an inline would make every save of a
    # clinic's page send a staff form too.
    list_display = [*ClinicAdmin.list_display, "staff_list"]
    readonly_fields = ["staff_members", "print_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff__user")

    @admin.display(description=_("staff"))
    def staff_list(self, clinic):
        return ", ".join(str(member.user) for member in clinic.staff.all()) or "—"

    @admin.display(description=_("staff"))
    def staff_members(self, clinic):
        """Who works here (each links to their own page, to move or remove them), and a link to add someone."""
        if clinic.pk is None:
            return _("Save the clinic first, then add its staff.")
        members = format_html_join(
            "", '<li><a href="{}">{}</a></li>',
            ((reverse("admin:clinics_clinicstaff_change", args=[member.pk]), member.user)
             for member in clinic.staff.select_related("user")),
        )
        add = reverse("admin:clinics_clinicstaff_add") + f"?clinic={clinic.pk}"
        return format_html('<ul class="clinic-staff">{}</ul><a href="{}">{}</a>', members, add,
                           _("Add a member of staff"))

    @admin.display(description=_("print links"))
    def print_links(self, clinic):
        """The clinic's branded sheets, to check them or to send a link; its staff find the same on their desk."""
        if clinic.pk is None:
            return _("Save the clinic first.")
        links = [(with_clinic(reverse("routines:routine_print", args=[routine.slug]), clinic), routine.title)
                 for routine in Routine.objects.published()]
        for course in Course.objects.published():
            links.append((with_clinic(reverse("routines:course_print", args=[course.slug]), clinic),
                          _("%(course)s: full handout") % {"course": course.title}))
            links.append((with_clinic(reverse("routines:course_summary_print", args=[course.slug]), clinic),
                          _("%(course)s: one-page summary") % {"course": course.title}))
        items = format_html_join("", '<li><a href="{}">{}</a></li>', links)
        return format_html('<ul class="clinic-print-links">{}</ul>', items)


@admin.register(ClinicStaff)
class ClinicStaffAdmin(admin.ModelAdmin):
    """A user who works at a clinic: they get its clinic desk at /clinic/ once signed in."""

    list_display = ["user", "clinic", "added_at"]
    list_filter = ["clinic"]
    search_fields = ["user__email", "user__username", "clinic__name"]
    autocomplete_fields = ["user"]


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    """Shares change only by the parent's and the clinic's own actions; staff of the site only read them."""

    list_display = ["baby", "clinic", "created_at", "opened_at", "ended_at"]
    list_filter = ["clinic"]
    exclude = ["code"]  # a code still waiting is the family's to hand over, not to read here


@admin.register(ClinicEvent)
class ClinicEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "clinic", "baby", "address"]
    list_filter = ["action", "clinic"]
    search_fields = ["actor__email", "baby__name"]
