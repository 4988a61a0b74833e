"""The account pages Django does not say quite right on its own."""

from django.contrib import messages
from django.contrib.auth.views import LogoutView

from core import labels


class LogoutWithMessage(LogoutView):
    """Log out, then say so on the login page (the messages outlive the flushed session)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, labels.LOGGED_OUT)
        return response
