from django.contrib import admin

from safety.models import (
    Baby,
    Clearance,
    DailyCheck,
    Erasure,
    Invitation,
    Membership,
    ProfileChange,
    Question,
    QuestionnaireVersion,
    ScreeningSubmission,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Health records are insert-only: staff can read them, never add, change or delete them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Baby)
class BabyAdmin(ReadOnlyAdmin):
    list_display = ["name", "parent", "birth_date", "weeks_at_birth", "intensive_care", "removed_at"]
    list_filter = ["intensive_care"]
    search_fields = ["name", "parent__email"]


@admin.register(ScreeningSubmission)
class ScreeningSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["baby", "outcome", "version", "language", "created_at", "expires_at", "replaces"]
    list_filter = ["outcome", "version"]
    search_fields = ["baby__name", "baby__parent__email"]


@admin.register(Clearance)
class ClearanceAdmin(ReadOnlyAdmin):
    list_display = ["baby", "screening", "clinician_name", "role", "source", "organisation", "approved_on",
                    "expires_on"]
    list_filter = ["role", "source"]


@admin.register(ProfileChange)
class ProfileChangeAdmin(ReadOnlyAdmin):
    list_display = ["baby", "changed_at", "changed_by", "before", "after"]


@admin.register(DailyCheck)
class DailyCheckAdmin(ReadOnlyAdmin):
    list_display = ["baby", "outcome", "created_at", "check_again_at", "areas_until"]
    list_filter = ["outcome"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "qid", "group", "text", "term", "concern_answer", "effect", "areas", "follows", "ask_under_days"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(ReadOnlyAdmin):
    """Questions ship with the code as data migrations; admin only shows them."""

    list_display = ["number", "published_at"]
    inlines = [QuestionInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Who sees which baby. Owners invite and remove people themselves."""

    list_display = ["baby", "user", "role", "added_at"]
    list_filter = ["role"]
    search_fields = ["baby__name", "user__email"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["baby", "email", "role", "created_at", "expires_at", "accepted_at", "withdrawn_at"]
    search_fields = ["email", "baby__name"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    """What erasures left behind: counts and a day, nothing about whom."""

    list_display = ["erased_on", "kind", "by_staff", "counts"]
    list_filter = ["kind", "by_staff"]
