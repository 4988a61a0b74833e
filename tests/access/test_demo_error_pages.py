"""The demo (config.settings.local, `make run`) shows the project's Chinese error pages: debug
is off unless DEBUG=1, and static files still load (WhiteNoise from the source folders)."""

import pytest
from django.urls import path, reverse

from tests.access.test_security import _manage


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]  # this module is the URLconf of the 500 test below

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


@pytest.mark.django_db
def test_403_page_is_the_projects_chinese_page(school_client):
    response = school_client.get(reverse("communities:community_create"))

    assert response.status_code == 403
    assert "<title>无权限" in response.content.decode()
    assert "您没有权限执行此操作" in response.content.decode()
    assert "返回工作台" in response.content.decode()  # the home page's one name


@pytest.mark.urls(__name__)
def test_500_page_is_the_projects_chinese_page(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "<title>系统错误</title>" in body and "系统出错了" in body
    assert 'name="viewport"' in body  # readable on a phone too
    assert "Traceback" not in body and "RuntimeError" not in body
