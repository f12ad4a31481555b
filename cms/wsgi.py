import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

if settings.SECRET_KEY_MISSING and not settings.DEBUG:
    # Never serve with the development key: sessions, CSRF tokens and signed links would be forgeable.
    raise ImproperlyConfigured(
        "未设置 SECRET_KEY：关闭 DEBUG 运行时必须设置环境变量 SECRET_KEY，或用 SECRET_KEY_FILE 指向密钥文件"
        "（make 命令会在 var/secret_key 生成本机密钥）。"
    )
application = get_wsgi_application()
