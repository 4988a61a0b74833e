"""Security headers on every HTML page the URL matrix visits: CSP without inline script, frame
options, content-type options, referrer policy — and HSTS with the production settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access.test_matrix import ACTORS, EXPECTATIONS, _statuses
from tests.access.test_security import _manage

HOME = ACTORS[1:5]


def _pages():
    """One (URL name, case) per matrix case whose GET answers 200 to some home actor: the first
    such actor visits it."""
    for name in sorted(EXPECTATIONS):
        for case in EXPECTATIONS[name].cases:
            statuses = _statuses(case.get)
            actor = next((a for a in HOME if statuses[a] == 200), None)
            if actor is None:
                if statuses["anonymous"] == 200:
                    actor = "anonymous"
                else:
                    continue
            yield pytest.param(name, case.kwargs, case.query, actor, id=f"{name}[{case.label}]")


PAGES = list(_pages())


def test_the_page_list_is_not_empty():
    assert len(PAGES) > 20


@pytest.fixture
def production_hsts(settings):
    """The HSTS values of config.settings.production (checked in the test below)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "query", "actor"), PAGES)
def test_html_pages_carry_the_security_headers(
    client, matrix_world, production_hsts, name, kwargs, query, actor
):
    query = query(matrix_world) if callable(query) else query
    url = reverse(name, kwargs=kwargs(matrix_world) if kwargs else None) + query
    if actor != "anonymous":
        client.force_login(matrix_world.users[actor])

    response = client.get(url, secure=True)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    if not response["Content-Type"].startswith("text/html"):
        return  # files, exports, JSON: nosniff is what matters (and the CSP, in test_matrix)
    csp = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'", csp
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    html = response.content.decode()
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")


def test_production_settings_send_hsts_and_redirect_to_https():
    probe = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, "
        "s.SECURE_REFERRER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = _manage(
        "shell", "-v", "0", "-c", probe, SECRET_KEY="x" * 50, ALLOWED_HOSTS="jgt.example.org"
    )

    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "same-origin",
        "True",
    ], result.stderr
