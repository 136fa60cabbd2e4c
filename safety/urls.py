from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods

from safety import views
from safety.gate import screening_exempt

app_name = "safety"


def ACCOUNT(view):  # noqa: N802 - reads like the decorators it stands for
    """Django's own account views, declared exempt, and answering GET and POST only (their forms
    would otherwise treat PUT like POST)."""
    return screening_exempt(views.ACCOUNTS)(require_http_methods(["GET", "HEAD", "POST"])(view))


urlpatterns = [
    path("language/", views.language, name="language"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", ACCOUNT(views.ThrottledLoginView.as_view()), name="login"),
    path("accounts/logout/", ACCOUNT(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/password-reset/", ACCOUNT(views.PasswordResetView.as_view()), name="password_reset"),
    path("accounts/password-reset/sent/", ACCOUNT(auth_views.PasswordResetDoneView.as_view()),
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", ACCOUNT(auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("safety:password_reset_complete"))), name="password_reset_confirm"),
    path("accounts/reset/done/", ACCOUNT(auth_views.PasswordResetCompleteView.as_view()),
         name="password_reset_complete"),
    path("accounts/settings/", views.account, name="account"),
    path("accounts/settings/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("accounts/email/", views.email_change, name="email_change"),
    path("accounts/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("accounts/password/", ACCOUNT(auth_views.PasswordChangeView.as_view(
        success_url=reverse_lazy("safety:password_change_done"))), name="password_change"),
    path("accounts/password/done/", ACCOUNT(auth_views.PasswordChangeDoneView.as_view()),
         name="password_change_done"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("babies/", views.baby_list, name="baby_list"),
    path("babies/add/", views.baby_add, name="baby_add"),
    path("babies/<int:baby_id>/edit/", views.baby_edit, name="baby_edit"),
    path("babies/<int:baby_id>/remove/", views.baby_remove, name="baby_remove"),
    path("babies/<int:baby_id>/people/", views.baby_people, name="baby_people"),
    path("babies/<int:baby_id>/people/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("babies/<int:baby_id>/invitations/<int:invitation_id>/withdraw/", views.invitation_withdraw,
         name="invitation_withdraw"),
    path("babies/<int:baby_id>/screening/", views.screening, name="screening"),
    path("babies/<int:baby_id>/screening/<int:submission_id>/", views.screening_outcome, name="screening_outcome"),
    path("babies/<int:baby_id>/health-changed/", views.health_changed, name="health_changed"),
    path("babies/<int:baby_id>/clearance/", views.clearance, name="clearance"),
    path("babies/<int:baby_id>/today/", views.daily_check, name="daily_check"),
    path("babies/<int:baby_id>/today/<int:check_id>/", views.daily_check_outcome, name="daily_check_outcome"),
]
