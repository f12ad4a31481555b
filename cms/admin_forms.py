"""The admin's sign-in form: Wagtail's, with its password field labelled (Wagtail leaves it to the
field name, which Django shows as "Password" in every language)."""

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs["placeholder"] = "请输入用户名"
        self.fields["password"].widget.attrs["placeholder"] = "请输入密码"
