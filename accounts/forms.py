from django.contrib.auth.forms import AuthenticationForm

from core.forms import PlainForm


class LoginForm(PlainForm, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系教育局管理员。",
    }
