"""On a phone-sized screen a school leader logs an activity and uploads photos in one go (with
the progress-bar script); bureau staff verify it; its dossier downloads as a PDF."""

import pytest

from activities.enums import MaterialKind, Review
from activities.models import Activity, ActivityKind
from tests.activities.conftest import jpeg_bytes

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_school_leader_logs_activity_on_phone_and_bureau_verifies(
    live_server, browser, world, tmp_path
):
    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, locale="zh-CN"
    )
    page = phone.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "t_school")
    page.goto(f"{live_server.url}/activities/new/")
    page.fill("#id_theme", "送教下乡：四年级英语绘本")
    page.select_option("#id_kind", str(ActivityKind.objects.get(name="送教下乡").pk))
    page.fill("#id_start_date", "2025-11-05")
    page.select_option("#id_host_school", str(world.member_school.pk))
    page.screenshot(path="/tmp/e2e-activity-form-375.png", full_page=True)
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="保存").click()
    activity = Activity.objects.get(theme="送教下乡：四年级英语绘本")
    assert page.url == f"{live_server.url}/activities/{activity.pk}/"

    # Ten photos in one go; the script posts them and reloads the page when done.
    paths = []
    for n in range(10):
        path = tmp_path / f"IMG_{n:04d}.jpg"
        path.write_bytes(jpeg_bytes(size=(320, 240), color=(20 * n, 90, 160)))
        paths.append(str(path))
    page.select_option("#id_kind", MaterialKind.PHOTO)
    page.set_input_files("#id_files", paths)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="上传").click()
    assert activity.materials.filter(kind=MaterialKind.PHOTO).count() == 10
    page.wait_for_selector(".photo-grid img")
    page.screenshot(path="/tmp/e2e-activity-detail-375.png", full_page=True)
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width
    phone.close()

    desk = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server.url, "t_staff")
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="核实无误").click()
    activity.refresh_from_db()
    assert activity.review == Review.VERIFIED
    with page.expect_download() as info:
        page.locator("main").get_by_role("link", name="下载活动档案（PDF）").click()
    pdf_path = tmp_path / "dossier.pdf"
    info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    desk.close()
