"""The HTTP half of `make deploy-check` (deploy/check.sh): talks to nginx like a browser.

    python deploy/check_client.py http://127.0.0.1:8180 FILE_PATH STORED_NAME

FILE_PATH is the download URL of a protected file (the demo charter), STORED_NAME its path under
MEDIA_ROOT; demo_leader may read it and the outsider (bureau staff of another district, made by check.sh) may not. Every check
prints one line; any failure exits 1 after all checks ran. Standard library only: cookies are
kept by hand, because the production cookies are `Secure` and this check speaks plain HTTP on
loopback (nginx tells the app the request came over HTTPS, as a TLS gateway in front would).
"""

from __future__ import annotations

import http.client
import re
import sys
from urllib.parse import urlencode, urlsplit

PASSWORD = "jgt-demo-2025"
failures: list[str] = []


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {label}{f' — {detail}' if detail and not ok else ''}")
    if not ok:
        failures.append(label)


class Browser:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.cookies: dict[str, str] = {}
        self.raw_cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, referer: str = ""):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "jgt-deploy-check"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = referer or self.origin + path
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
                self.raw_cookies[key.strip()] = value
        conn.close()
        return response, content

    def login(self, username: str) -> bool:
        self.cookies.clear()
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            return False
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": PASSWORD,
                "next": "/",
            },
        )
        return response.status == 302 and "sessionid" in self.cookies


def main(base: str, file_path: str, stored_name: str) -> int:
    anonymous = Browser(base)
    response, body = anonymous.request("GET", "/")
    check("anonymous page → login redirect", response.status == 302, str(response.status))

    response, body = anonymous.request("GET", "/accounts/login/")
    check("login page 200", response.status == 200, str(response.status))
    check("login page is Chinese", "登录".encode() in body)
    headers = {k.lower(): v for k, v in response.getheaders()}
    csp = headers.get("content-security-policy", "")
    check(
        "CSP: script-src 'self', no unsafe-inline",
        "script-src 'self'" in csp and "unsafe-inline" not in csp,
        csp,
    )
    check(
        "X-Frame-Options DENY",
        headers.get("x-frame-options") == "DENY",
        headers.get("x-frame-options", ""),
    )
    check("X-Content-Type-Options nosniff", headers.get("x-content-type-options") == "nosniff")
    check("Referrer-Policy same-origin", headers.get("referrer-policy") == "same-origin")
    hsts = headers.get("strict-transport-security", "")
    check("HSTS max-age ≥ 1 year", "max-age=31536000" in hsts, hsts)

    static = re.search(rb'href="(/static/css/app\.[0-9a-f]+\.css)"', body)
    check("static file has a hashed name", static is not None)
    if static:
        response, css = anonymous.request("GET", static.group(1).decode())
        check(
            "static file 200 from nginx",
            response.status == 200 and b"{" in css,
            str(response.status),
        )

    response, _ = anonymous.request("GET", file_path)
    check(
        "protected file, anonymous → login redirect", response.status == 302, str(response.status)
    )
    for path in (
        "/protected-media/",
        f"/protected-media/{stored_name}",
        f"/media/{stored_name}",
        f"/static/../media/{stored_name}",
    ):
        response, _ = anonymous.request("GET", path)
        check(f"nginx internal path {path} → 404", response.status == 404, str(response.status))

    leader = Browser(base)
    check("demo_leader logs in over HTTP (CSRF)", leader.login("demo_leader"))
    session_cookie = leader.raw_cookies.get("sessionid", "")
    check(
        "session cookie Secure, HttpOnly, SameSite",
        all(flag in session_cookie for flag in ("Secure", "HttpOnly", "SameSite=Lax")),
        session_cookie,
    )
    response, page = leader.request("GET", "/")
    check("dashboard 200 after login", response.status == 200, str(response.status))
    response, page = leader.request("GET", file_path)
    headers = {k.lower(): v for k, v in response.getheaders()}
    check(
        "protected file 200 via X-Accel-Redirect",
        response.status == 200 and page.startswith(b"%PDF"),
        f"{response.status} {page[:20]!r}",
    )
    check(
        "protected file served as PDF",
        headers.get("content-type") == "application/pdf",
        headers.get("content-type", ""),
    )
    check("protected file nosniff", headers.get("x-content-type-options") == "nosniff")
    check("X-Accel-Redirect not leaked", "x-accel-redirect" not in headers)
    internal = re.search(r"/protected-media/\S+", str(headers))
    check("internal path not leaked", internal is None)

    admin = Browser(base)
    check("demo_admin logs in with the password", admin.login("demo_admin"))
    for path in ("/", "/admin/"):
        response, _ = admin.request("GET", path)
        location = dict((k.lower(), v) for k, v in response.getheaders()).get("location", "")
        check(
            f"second factor required before {path} (REQUIRE_2FA on in production)",
            response.status == 302 and location.startswith("/accounts/2fa/setup/"),
            f"{response.status} {location}",
        )

    outsider = Browser(base)
    check("outsider logs in", outsider.login("check_outsider"))
    response, body = outsider.request("GET", file_path)
    check("protected file, outsider → 404", response.status == 404, str(response.status))
    check("404 page is the Chinese one", "未找到".encode() in body)

    response, body = leader.request(
        "POST", "/accounts/logout/", {"csrfmiddlewaretoken": leader.cookies.get("csrftoken", "")}
    )
    check("logout", response.status == 302, str(response.status))
    response, _ = leader.request("GET", file_path)
    check(
        "protected file after logout → login redirect", response.status == 302, str(response.status)
    )

    print(
        f"deploy-check: {len(failures)} failed" if failures else "deploy-check: all checks passed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
