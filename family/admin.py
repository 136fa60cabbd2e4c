"""Staff carry out an erasure request from admin with the same service a family uses: an action on accounts,
never by editing or deleting records one by one (health records are read-only in admin)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from family import services

User = get_user_model()


@admin.action(description="Erase account and its babies' records (the family asked)", permissions=["delete"])
def erase_accounts(modeladmin, request, queryset):
    if request.POST.get("confirmed") != "yes":
        return TemplateResponse(request, "admin/family/erase_confirm.html", {
            **modeladmin.admin_site.each_context(request), "title": _("Erase these accounts?"),
            "opts": modeladmin.model._meta, "accounts": [
                (user, list(services.babies_only_owned_by(user))) for user in queryset],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "action": "erase_accounts",
        })
    erased = 0
    for user in queryset:
        services.erase_account(user=user, by_staff=True)
        erased += 1
    modeladmin.message_user(request, ngettext("%(n)d account erased.", "%(n)d accounts erased.", erased)
                            % {"n": erased}, messages.SUCCESS)
    return None


class FamilyUserAdmin(UserAdmin):
    """Django's own user admin, with the erasure action. Deleting a parent's account the plain way would stop at
    their protected health records; the action erases them as the family's own "Delete my account" does."""

    actions = [erase_accounts]

    def get_actions(self, request):
        actions = super().get_actions(request)
        # A parent's account goes by erasure, which takes their babies' records with it; a plain bulk delete would
        # stop at the first protected health record.
        actions.pop("delete_selected", None)
        return actions


admin.site.unregister(User)
admin.site.register(User, FamilyUserAdmin)
