from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from family import services
from family.export import family_zip
from safety.forms import PasswordAgainForm
from safety.gate import get_baby_for_owner, screening_exempt
from safety.models import Baby, Role, person_name

YOUR_DATA = "The family's own records, to download or erase: they start no massage."
PRIVACY = "Says what the app keeps and why: nothing about anyone."


@require_safe
@login_required
@screening_exempt(YOUR_DATA)
def download(request):
    response = HttpResponse(family_zip(request.user), content_type="application/zip")
    name = f"baby-massage-data-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(YOUR_DATA)
def delete_account(request):
    form = PasswordAgainForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.erase_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted, and with it every record of the babies only you "
                                    "looked after as a parent."))
        return redirect("/")
    erased = list(services.babies_only_owned_by(request.user))
    kept = Baby.objects.filter(memberships__user=request.user, memberships__role=Role.OWNER).exclude(
        pk__in=[baby.pk for baby in erased])
    return render(request, "family/delete_account.html", {
        "form": form, "erased": erased,
        "kept": [(baby, ", ".join(person_name(user) for user in services.other_owners(baby, request.user)))
                 for baby in kept],
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@screening_exempt(YOUR_DATA)
def baby_erase(request, baby_id):
    baby = get_baby_for_owner(request, baby_id)
    owners = services.other_owners(baby, request.user)
    form = PasswordAgainForm(request.POST or None, user=request.user)
    if request.method == "POST" and not owners and form.is_valid():
        services.erase_baby(baby=baby, requested_by=request.user)
        messages.success(request, _("%(name)s and every record of %(name)s are erased.") % {"name": baby.name})
        return redirect("safety:baby_list")
    return render(request, "family/baby_erase.html", {
        "baby": baby, "form": form, "owners": ", ".join(person_name(user) for user in owners),
    }, status=400 if request.method == "POST" else 200)


@require_safe
@screening_exempt(PRIVACY)
def privacy(request):
    return render(request, "family/privacy.html")
