"""``core.links.public_url``: the address printed on paper (QR codes, PDFs) is JGT_PUBLIC_URL
when set, else the address the request came in on, else the development server's."""

from django.test import RequestFactory

from core.links import LOCAL_URL, public_url


def test_the_setting_wins_over_the_request(settings):
    settings.JGT_PUBLIC_URL = "https://jgt.example.edu.cn"
    request = RequestFactory().get("/", HTTP_HOST="10.0.0.5:8000")

    assert public_url("/s/abc/", request) == "https://jgt.example.edu.cn/s/abc/"
    assert public_url("/s/abc/") == "https://jgt.example.edu.cn/s/abc/"


def test_without_the_setting_the_request_gives_the_address(settings):
    settings.JGT_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["jgt.county.cn"]
    request = RequestFactory().get("/", HTTP_HOST="jgt.county.cn", secure=True)

    assert public_url("/assessment/verify/?code=AB", request) == (
        "https://jgt.county.cn/assessment/verify/?code=AB"
    )


def test_without_setting_or_request_the_development_address(settings):
    settings.JGT_PUBLIC_URL = ""

    assert public_url("/assessment/verify/") == f"{LOCAL_URL}/assessment/verify/"
    assert LOCAL_URL == "http://127.0.0.1:8000"
