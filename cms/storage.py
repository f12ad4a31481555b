"""Storage for files that must never be public (unpublished imports, applicants' documents)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT (which may be served publicly) and without a URL: they are read
    through the admin only, after its permission check. The directory comes from the setting
    named ``setting`` at every access, so tests can override it."""

    def __init__(self, setting, label):
        super().__init__()
        self.setting, self.label = setting, label

    @property
    def base_location(self):
        return str(getattr(settings, self.setting, settings.MEDIA_ROOT))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(f"{self.label}不提供公开地址")
