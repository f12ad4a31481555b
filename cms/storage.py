"""Storage for files that must never be public (unpublished imports, applicants' documents, Wagtail
documents), and the default storage that keeps Wagtail documents out of MEDIA_ROOT."""

import os
import posixpath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

# Wagtail's AbstractDocument.file has upload_to="documents": every document file is named
# "documents/…" in the default storage.
DOCUMENTS_DIR = "documents"


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
        location = os.path.abspath(self.base_location)
        # The proxy serves STATIC_ROOT (and, for images, MEDIA_ROOT): a private root inside one of
        # them would be public whatever the application checks.
        for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
            public = os.path.abspath(public) if public else None
            if public and (location == public or location.startswith(public.rstrip(os.sep) + os.sep)):
                raise ImproperlyConfigured(f"{self.setting}（{self.label}）不能位于 MEDIA_ROOT 或 STATIC_ROOT 之内")
        return location

    def url(self, name):
        raise ValueError(f"{self.label}不提供公开地址")


class PrivateDocumentStorage(PrivateStorage):
    """Wagtail documents (entry attachments) in DOCUMENTS_PRIVATE_ROOT. No URL of their own: Wagtail
    then links its serve view (/documents/<id>/<name>), which runs the visibility check
    (pages.wagtail_hooks). NotImplementedError is what Wagtail expects from a storage without URLs."""

    def __init__(self):
        super().__init__("DOCUMENTS_PRIVATE_ROOT", "公开信息附件")

    def url(self, name):
        raise NotImplementedError(f"{self.label}不提供直接地址，只能经 /documents/ 下载")


def is_document_name(name):
    """Whether a default-storage name is a Wagtail document file ("documents/…")."""
    if not name:
        return False
    parts = posixpath.normpath(str(name).replace("\\", "/")).split("/")
    return parts[0].lower() == DOCUMENTS_DIR


def _routed(method):
    def routed(self, name, *args, **kwargs):
        if is_document_name(name):
            return getattr(self.documents, method)(name, *args, **kwargs)
        return getattr(super(MediaStorage, self), method)(name, *args, **kwargs)

    routed.__name__ = method
    return routed


@deconstructible(path="cms.storage.MediaStorage")
class MediaStorage(FileSystemStorage):
    """The default storage: MEDIA_ROOT and MEDIA_URL as usual (images and their renditions), except
    Wagtail documents, whose names ("documents/…") are kept as they are but whose files live in
    PrivateDocumentStorage, where nothing serves them directly."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.documents = PrivateDocumentStorage()

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        if is_document_name(name):
            return self.documents.save(name, content, max_length=max_length)
        return super().save(name, content, max_length=max_length)

    _open = _routed("_open")
    _save = _routed("_save")
    delete = _routed("delete")
    exists = _routed("exists")
    is_name_available = _routed("is_name_available")
    get_available_name = _routed("get_available_name")
    listdir = _routed("listdir")
    path = _routed("path")
    size = _routed("size")
    url = _routed("url")
    get_accessed_time = _routed("get_accessed_time")
    get_created_time = _routed("get_created_time")
    get_modified_time = _routed("get_modified_time")
