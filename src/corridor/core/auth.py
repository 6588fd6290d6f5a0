def axes_username(request, credentials):
    """The e-mail address axes locks on: as typed in the login form, lower-cased."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return value.strip().lower() or None
