"""The answer to a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE): the admin's login page
again, with the username kept and a Chinese message, status 429."""

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多（连续 {settings.AXES_FAILURE_LIMIT} 次），该账号或本机地址已被暂时锁定。"
        f"请 {minutes} 分钟后再试；如忘记密码，请联系系统管理员。"
    )


def lockout_response(request, original_response=None, credentials=None):
    context = getattr(original_response, "context_data", None)
    form = context.get("form") if context else None
    if form is None:
        return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
    # Wagtail's login form said 「用户名或密码不正确」: the real reason replaces it.
    form.errors.clear()
    form.add_error(None, lockout_message())
    response = TemplateResponse(request, original_response.template_name, context, status=429)
    return response.render()
