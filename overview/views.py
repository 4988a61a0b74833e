from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import is_bureau

from .selectors import district_overview


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "overview/dashboard.html",
        {
            "overview": district_overview(request.user),
            "can_see_balance": is_bureau(request.user),
            "nav_section": "dashboard",
        },
    )
