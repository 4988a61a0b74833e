"""The Django admin works under the strict CSP: no refused inline script or style."""

import pytest

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_admin_uses_the_admin_without_csp_violations(live_server, page, world):
    # Django's own autocomplete widget (select2) renders a combobox without an accessible name;
    # everything else of the admin is checked by axe-core like our pages.
    page.axe.exclude = (".select2-container",)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "t_admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url == f"{live_server.url}/admin/"

    for path in (
        "/admin/",
        "/admin/schools/school/",
        f"/admin/schools/school/{world.member_school.pk}/change/",
        "/admin/communities/community/add/",
        "/admin/accounts/user/add/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
    violations = [e for e in page.console_errors if "Content Security Policy" in e]
    assert violations == []
