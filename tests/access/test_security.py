"""Security settings: CSP on every response, no inline script or style, production refuses to
start without a secret and passes `check --deploy`, every asset served from /static/."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "templates"
TEMPLATES = sorted(TEMPLATES_DIR.rglob("*.html"))

SCRIPT_TAG = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
STYLE_ATTR = re.compile(r"""\sstyle\s*=""", re.I)
EVENT_ATTR = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def csp_of(response) -> str:
    return response["Content-Security-Policy"]


# --- Content-Security-Policy ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "login",
        "dashboard",
        "schools:school_list",
        "communities:community_list",
        "admin:index",
        "admin:schools_school_changelist",
    ],
)
def test_pages_carry_a_strict_csp(admin_client_, url_name):
    response = admin_client_.get(reverse(url_name))

    policy = csp_of(response)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


@pytest.mark.django_db
def test_error_pages_and_redirects_carry_csp(client, world):
    not_found = client.get("/no-such-page/")
    redirect = client.get(reverse("dashboard"))

    assert not_found.status_code == 404
    assert redirect.status_code == 302
    for response in (not_found, redirect):
        assert "'unsafe-inline'" not in csp_of(response)
        assert "default-src 'self'" in csp_of(response)


def test_templates_exist_to_scan():
    assert TEMPLATES_DIR / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES_DIR)))
def test_template_has_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")

    for match in SCRIPT_TAG.finditer(text):
        attrs, code = match.group("attrs"), match.group("body").strip()
        data_only = 'type="application/json"' in attrs
        assert code == "" or data_only, (
            f"inline <script> with code in {path}: {match.group(0)[:80]}"
        )
        assert "src=" in attrs or data_only, f"<script> without src in {path}"
    assert not STYLE_TAG.search(text), f"<style> element in {path}"
    assert not STYLE_ATTR.search(text), f"style= attribute in {path}"
    assert not EVENT_ATTR.search(text), f"inline event handler (on...=) in {path}"
    assert not JAVASCRIPT_URL.search(text), f"javascript: URL in {path}"


# --- static files: nothing from outside --------------------------------------------------------

ASSET_REF = re.compile(
    r"""<(?:link|script|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']+)["']""", re.I
)


def test_base_template_references_no_external_asset():
    text = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")

    assert "http://" not in text
    assert "https://" not in text
    assert "//" not in "".join(ASSET_REF.findall(text)).replace("{%", "")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "dashboard"])
def test_rendered_page_assets_are_served_from_static(bureau_client, url_name):
    if url_name == "login":
        bureau_client.logout()
    html = bureau_client.get(reverse(url_name)).content.decode()

    assets = ASSET_REF.findall(html)
    assert assets, "no stylesheet or script found"
    assert [a for a in assets if not a.startswith(settings.STATIC_URL)] == []
    assert f"{settings.STATIC_URL}css/app.css" in assets


# --- production settings ----------------------------------------------------------------------


def _manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
            "JGT_PUBLIC_URL",
        )
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", ALLOWED_HOSTS="jgt.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-Zq8#vN3$wL5!pR7@tY9%uB2^xC4&eF6*hJ1(mK0)",
        ALLOWED_HOSTS="jgt.example.org",
        JGT_PUBLIC_URL="https://jgt.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_the_printed_address_is_not_set():
    """Reports built by a job have no request: without JGT_PUBLIC_URL their QR codes would
    point at 127.0.0.1 (core.checks)."""
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-Zq8#vN3$wL5!pR7@tY9%uB2^xC4&eF6*hJ1(mK0)",
        ALLOWED_HOSTS="jgt.example.org",
        JGT_PUBLIC_URL="",
    )

    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr
    assert "JGT_PUBLIC_URL" in result.stdout + result.stderr


@pytest.mark.parametrize("module", ["config.settings.production", "config.settings.local"])
def test_templates_are_read_through_the_cached_loader(module):
    # Django wraps the default loaders in the cached loader when OPTIONS sets no "loaders":
    # each template is compiled once per process, not once per request.
    probe = (
        "from django.template import engines; "
        "loaders = engines['django'].engine.template_loaders; "
        "print(len(loaders), type(loaders[0]).__module__, "
        "*[type(inner).__module__ for inner in loaders[0].loaders])"
    )
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="jgt.example.org",
    )

    assert result.stdout.split() == [
        "1",
        "django.template.loaders.cached",
        "django.template.loaders.filesystem",
        "django.template.loaders.app_directories",
    ], result.stderr
