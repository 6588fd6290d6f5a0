from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from . import services
from .forms import PreferencesForm, SignupForm, apply_service_errors


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_up(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # The same answer whether the address was new or taken (the owner of a taken one
            # gets a notice instead): sign in once the link in the e-mail has confirmed it.
            messages.success(
                request,
                _(
                    "We sent a message to %(email)s: open the link in it to confirm your address, then sign in."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("login")
    return render(request, "registration/signup.html", {"form": form})


def verify_email(request, token):
    try:
        user = services.verify_email(token=token)
    except ValidationError as exc:
        return render(request, "registration/verify_failed.html", {"error": exc.messages[0]}, status=400)
    messages.success(request, _("Thank you, %(email)s is confirmed.") % {"email": user.email})
    return redirect("dashboard" if request.user.is_authenticated else "login")


@login_required
@require_http_methods(["POST"])
def resend_verification(request):
    if not request.user.email_verified:
        services.send_verification_email(user=request.user)
        messages.info(request, _("We sent a new confirmation link."))
    return redirect("dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "country": user.country,
            "language": user.language,
            "time_zone": user.time_zone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(user=user, by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            translation.activate(user.language)
            response = redirect("preferences")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            messages.success(request, _("Your preferences are saved."))
            return response
    return render(request, "core/preferences.html", {"form": form})


def healthz(request):
    """Database, static manifest, storage and broker: see ``core.health``."""
    from .health import healthz as run

    return run(request)


@login_required
def notifications(request):
    from django.core.paginator import Paginator

    from .notifications import mark_all_read, notifications_of

    if request.method == "POST":
        mark_all_read(user=request.user)
        return redirect("notifications")
    page = Paginator(notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    """ "Erase my account": the person confirms with their password; see ``core.erasure``."""
    from django import forms
    from django.contrib.auth import logout

    from .erasure import erase_person

    class EraseForm(forms.Form):
        password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
        confirm = forms.BooleanField(
            label=_("I understand that my account is erased for good and cannot be restored."),
        )

        def clean_password(self):
            password = self.cleaned_data["password"]
            if not request.user.check_password(password):
                raise ValidationError(_("The password is not correct."), code="wrong_password")
            return password

    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase_person(user=request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your account has been erased."))
        return redirect("home")
    return render(request, "core/erase_account.html", {"form": form})


@require_http_methods(["POST"])
def set_language(request):
    """Django's language switch, and for a signed-in person the choice is saved on their account."""
    response = django_set_language(request)
    if response.status_code in (302, 204):
        services.remember_language(user=request.user, language=request.POST.get("language", ""))
    return response


@require_http_methods(["GET", "HEAD"])
def media(request, path):
    """User media with safe headers (``core.media``); never ``django.conf.urls.static``."""
    from .media import serve

    return serve(request, path)
