"""The home page (工作台): one URL, one page per role.

Bureau staff (and a platform operator) read the district overview; a community leader its
community in summary; a school leader its own school. Every home page shows the user's to-dos
(``core.todos``), gathered from every app.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import access
from core.todos import todos_for

from .selectors import community_summary, district_overview, school_summary


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"todos": todos_for(user), "nav_section": "dashboard"}
    if access.is_community_leader(user):
        context["summary"] = community_summary(user, user.community)
        return render(request, "overview/home_community.html", context)
    if access.is_school_leader(user):
        context["summary"] = school_summary(user, user.school)
        return render(request, "overview/home_school.html", context)
    context["overview"] = district_overview(user)
    context["can_see_balance"] = access.is_bureau(user)
    return render(request, "overview/dashboard.html", context)
