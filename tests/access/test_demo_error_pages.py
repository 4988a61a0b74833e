"""The demo (config.settings.local, `make run`) shows the project's Chinese error pages: debug
is off unless DEBUG=1, and static files still load (WhiteNoise from the source folders)."""

from tests.access.test_security import _manage

PROBE = (
    "from django.conf import settings as s; from django.test import Client; "
    "c = Client(); r = c.get('/no-such-page/'); css = c.get('/static/css/app.css'); "
    "print(s.DEBUG, r.status_code, '未找到' in r.content.decode(), css.status_code)"
)


def test_the_demo_runs_with_debug_off_and_chinese_error_pages():
    result = _manage(
        "shell", "-v", "0", "-c", PROBE, DJANGO_SETTINGS_MODULE="config.settings.local"
    )

    assert result.stdout.split() == ["False", "404", "True", "200"], result.stderr


def test_make_run_debug_1_turns_debug_on():
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="1",
    )

    assert result.stdout.split() == ["True"], result.stderr
