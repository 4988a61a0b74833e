"""Login, lockout, password change and logout — in Chinese, limited per username + IP."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory
IP_X = "127.0.0.21"
IP_Y = "127.0.0.22"


def login(client, username, password, ip=IP_X):
    """Through the login view (axes needs the request; client.login bypasses it)."""
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_is_in_chinese(client, world):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert "登录教共体管理平台" in html
    assert [str(f.label) for f in response.context["form"]] == ["用户名", "密码"]


def test_successful_login_lands_on_dashboard(client, world):
    response = login(client, "t_staff", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert is_logged_in(client)


def test_wrong_password_message_is_chinese(client, world):
    response = login(client, "t_staff", "wrong-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "用户名或密码不正确。请注意密码区分大小写。"
    ]
    assert "用户名或密码不正确。请注意密码区分大小写。" in response.content.decode()
    assert not is_logged_in(client)


def test_empty_login_names_the_fields_in_chinese(client, world):
    response = client.post(reverse("login"), {}, REMOTE_ADDR=IP_X)

    errors = response.context["form"].errors
    assert errors == {"username": ["请填写用户名。"], "password": ["请填写密码。"]}


def test_lockout_is_per_username_and_ip(client, world):
    statuses = [login(client, "t_staff", "wrong-password", IP_X).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks

    locked = login(client, "t_staff", PASSWORD, IP_X)
    assert locked.status_code == 429
    assert "登录已被暂时锁定" in locked.content.decode()
    assert not is_logged_in(client)

    # A colleague behind the same school NAT address still logs in.
    colleague = login(client, "t_leader", PASSWORD, IP_X)
    assert colleague.status_code == 302
    assert is_logged_in(client)
    client.post(reverse("logout"))

    # The same user from another address still logs in.
    elsewhere = login(client, "t_staff", PASSWORD, IP_Y)
    assert elsewhere.status_code == 302
    assert is_logged_in(client)


def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        login(client, "t_staff", "wrong-password", IP_X)

    response = login(client, "t_staff", PASSWORD, IP_X)

    assert response.status_code == 302


def test_password_change_enforces_validators_in_chinese(client, world):
    user = world.users["bureau_staff"]
    client.force_login(user)
    url = reverse("password_change")

    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )

    assert weak.status_code == 200
    assert weak.context["form"].errors["new_password2"] == [
        "这个密码太常见了。",
        "密码只包含数字。",
    ]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_rejects_wrong_old_password(client, world):
    client.force_login(world.users["bureau_staff"])

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-it",
            "new_password1": "Qz-new-pass-2025",
            "new_password2": "Qz-new-pass-2025",
        },
    )

    assert response.context["form"].errors["old_password"] == ["你的旧密码不正确。请重新输入。"]


def test_password_change_works_and_keeps_the_session(client, world):
    user = world.users["bureau_staff"]
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qz-new-pass-2025",
            "new_password2": "Qz-new-pass-2025",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Qz-new-pass-2025")
    done = client.get(reverse("password_change_done"))
    assert "新密码已生效" in done.content.decode()


def test_logout_is_post_only(client, world):
    client.force_login(world.users["bureau_staff"])

    get = client.get(reverse("logout"))
    assert get.status_code == 405
    assert is_logged_in(client)

    post = client.post(reverse("logout"))
    assert post.status_code == 302
    assert post["Location"] == reverse("login")
    assert not is_logged_in(client)


def test_base_layout_logs_out_with_a_post_form(client, world):
    client.force_login(world.users["bureau_staff"])

    html = client.get(reverse("dashboard")).content.decode()

    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert f'href="{reverse("logout")}"' not in html
