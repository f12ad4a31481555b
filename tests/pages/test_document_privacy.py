"""Issue 12, High 1: Wagtail documents (entry attachments) are never reachable outside the
visibility check — not at /media/ (what `make run` serves with DEBUG=1, and what the proxy serves
in production), only at /documents/<id>/<name> after pages.wagtail_hooks.only_public_attachments."""

import datetime
import importlib
import importlib.util
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection

import cms.urls
from pages.models import DisclosureEntry, EntryAttachment
from workflows import services

from ..factories import make_user, new_entry
from .files import pdf

# A readable one-page PDF: the personal-data guard holds a file it cannot read.
PDF = pdf("本镇2025年预算公开附件")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def debug_urls(settings, media_root):
    """cms.urls as `make run` (DEBUG=1) builds it: Django itself serves STATIC_URL and MEDIA_URL
    (django.conf.urls.static over MEDIA_ROOT). A fresh copy, so cms.urls stays as it is."""
    spec = importlib.util.spec_from_file_location("debug_cms_urls", cms.urls.__file__)
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    assert any("media" in str(p.pattern) for p in module.urlpatterns), "DEBUG media serving missing"
    settings.ROOT_URLCONF = module
    return module


@pytest.fixture
def cast(catalog, portal):
    return {
        "editor": make_user("doc_editor", catalog["finance"].editors_group),
        "reviewer": make_user("doc_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("doc_leader", portal.leaders_group),
        "admin": make_user("doc_admin", superuser=True),
    }


def attached(catalog, cast, state, name="att.pdf", content=PDF):
    """An entry in ``state`` (draft, public, retracted, classified) carrying one new document."""
    fields = {"classification": "秘密", "classified_on": datetime.date(2025, 1, 1)} if state == "classified" else {}
    entry = new_entry(catalog["budget"], title=f"附件可见性-{state}-{name}", **fields)
    document = Document.objects.create(title=name, file=ContentFile(content, name=name))
    EntryAttachment.objects.create(entry=entry, document=document, title=name)
    DisclosureEntry.objects.get(pk=entry.pk).save_revision(user=cast["editor"])
    fresh = lambda: DisclosureEntry.objects.get(pk=entry.pk)  # noqa: E731
    if state in ("public", "retracted"):
        services.submit(fresh(), cast["editor"])
        services.approve(fresh(), cast["reviewer"])
        services.approve(fresh(), cast["leader"])
        assert fresh().live
    if state == "retracted":
        services.retract(fresh(), cast["leader"], "撤回")
    if state == "classified":
        with pytest.raises(ValidationError):
            services.force_publish(fresh(), cast["leader"], "试图发布涉密文件")
    return fresh(), Document.objects.get(pk=document.pk)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_direct_url(client, document, media_root):
    """Neither the file's /media/ URL nor any URL the storage gives out serves it, and the file is
    nowhere under MEDIA_ROOT."""
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get("/media/" + quote(document.file.name)).status_code == 404
    try:
        url = document.file.url
    except NotImplementedError:
        url = None
    if url:
        assert client.get(url).status_code == 404
    path = Path(document.file.path).resolve()
    assert path.is_file()
    assert not path.is_relative_to(Path(media_root).resolve())


def files_under(root):
    return [p for p in Path(root).rglob("*") if p.is_file()]


# -- (a) no document file at /media/ -----------------------------------------------------------


@pytest.mark.django_db
def test_no_stored_document_is_served_under_media(catalog, cast, media_root, debug_urls):
    for state in ("public", "draft", "retracted", "classified"):
        attached(catalog, cast, state, name=f"{state}.pdf")
    # The DEBUG urlconf really serves MEDIA_ROOT (images stay there): the 404s below are not vacuous.
    (media_root / "original_images").mkdir()
    (media_root / "original_images" / "photo.png").write_bytes(b"\x89PNG image")
    assert Client().get("/media/original_images/photo.png").status_code == 200

    assert Document.objects.count() == 4
    client = Client()
    for document in Document.objects.all():
        assert_no_direct_url(client, document, media_root)
    assert [p.name for p in files_under(media_root)] == ["photo.png"]
    # A non-ASCII original name, as editors upload them.
    _, document = attached(catalog, cast, "public", name="2025年部门预算.pdf")
    assert_no_direct_url(client, document, media_root)


@pytest.mark.django_db
def test_retraction_leaves_no_public_copy(catalog, cast, media_root, debug_urls):
    entry, document = attached(catalog, cast, "public")
    client = Client()
    assert client.get(document.url).status_code == 200
    assert_no_direct_url(client, document, media_root)

    services.retract(entry, cast["leader"], "内容有误")
    assert client.get(document.url).status_code == 404
    assert_no_direct_url(client, document, media_root)


@pytest.mark.django_db
def test_admin_upload_is_stored_privately(catalog, cast, media_root, debug_urls, settings):
    admin = Client()
    admin.force_login(cast["admin"])
    response = admin.post(
        reverse("wagtaildocs:add"),
        {
            "title": "上传的附件",
            "file": SimpleUploadedFile("上传的附件.pdf", PDF),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="上传的附件")
    assert Path(document.file.path).resolve().is_relative_to(Path(settings.DOCUMENTS_PRIVATE_ROOT).resolve())
    assert_no_direct_url(Client(), document, media_root)
    # Not attached to any entry: the public gets nothing, the admin gets the file.
    assert Client().get(document.url).status_code == 404
    assert body(admin.get(document.url)) == PDF


# -- (b) /documents/ only after the visibility check --------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "retracted", "classified"])
def test_non_public_entry_attachment_is_404(catalog, cast, media_root, debug_urls, state):
    entry, document = attached(catalog, cast, state)
    assert not DisclosureEntry.objects.get(pk=entry.pk).live
    client = Client()
    assert client.get(document.url).status_code == 404
    assert client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename])).status_code == 404
    assert_no_direct_url(client, document, media_root)


@pytest.mark.django_db
def test_public_entry_attachment_downloads(catalog, cast, media_root, debug_urls):
    content = pdf(*(["中文内容" * 20] * 30))
    _, document = attached(catalog, cast, "public", name="预算表.pdf", content=content)
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    response = Client().get(document.url)
    assert response.status_code == 200
    assert body(response) == content
    assert response["Content-Type"] == "application/pdf"
    assert "filename" in response["Content-Disposition"]
    assert "X-Accel-Redirect" not in response
    # Wrong name for the id: Wagtail's own check.
    assert Client().get(f"/documents/{document.pk}/other.pdf").status_code == 404


@override_settings(DOCUMENTS_ACCEL_REDIRECT="/_private/documents/")
@pytest.mark.django_db
def test_accel_redirect_after_the_check(catalog, cast, media_root, debug_urls):
    _, public = attached(catalog, cast, "public", name="预算表.pdf")
    _, draft = attached(catalog, cast, "draft", name="草稿.pdf")
    response = Client().get(public.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/documents/" + quote(os.path.basename(public.file.name))
    assert body(response) == b""
    assert "filename" in response["Content-Disposition"]
    refused = Client().get(draft.url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


# -- (c) staff still download through the admin -------------------------------------------------


@pytest.mark.django_db
def test_staff_download_non_public_attachments(catalog, cast, media_root, debug_urls):
    _, draft = attached(catalog, cast, "draft", name="草稿.pdf", content=pdf("draft"))
    _, retracted = attached(catalog, cast, "retracted", name="撤回.pdf", content=pdf("retracted"))
    for user in (cast["editor"], cast["reviewer"], cast["admin"]):
        client = Client()
        client.force_login(user)
        for document, content in ((draft, pdf("draft")), (retracted, pdf("retracted"))):
            response = client.get(document.url)
            assert response.status_code == 200, (user.username, document.title)
            assert body(response) == content
            assert response["Cache-Control"] == "private"
            # Logged in or not, /media/ has nothing.
            assert client.get(f"/media/{document.file.name}").status_code == 404

    admin = Client()
    admin.force_login(cast["admin"])
    edit = admin.get(reverse("wagtaildocs:edit", args=[draft.pk]))
    assert edit.status_code == 200
    # Wagtail warns on the edit page when the file cannot be found; it is found.
    assert not [m for m in get_messages(edit.wsgi_request) if m.level == messages.ERROR]
    assert draft.url in edit.content.decode()


# -- upgrade: files stored under MEDIA_ROOT by earlier versions ----------------------------------


def legacy_document(media_root, name, content):
    """A document as earlier versions stored it: the file in MEDIA_ROOT/documents/."""
    target = media_root / "documents" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return Document.objects.create(title=name, file=f"documents/{name}")


def run_migration():
    importlib.import_module("pages.migrations.0008_private_documents").move_documents(None, None)


@pytest.mark.django_db
def test_migration_moves_existing_files_out_of_media(catalog, cast, media_root, debug_urls, settings):
    entry, _ = attached(catalog, cast, "draft")
    old = legacy_document(media_root, "旧附件.pdf", pdf("old"))
    EntryAttachment.objects.create(entry=entry, document=old, title="旧附件")
    DisclosureEntry.objects.get(pk=entry.pk).save_revision(user=cast["editor"])
    nested = legacy_document(media_root, "2019/orphan.pdf", pdf("orphan"))
    same = legacy_document(media_root, "same.pdf", pdf("same"))
    (Path(settings.DOCUMENTS_PRIVATE_ROOT) / "documents").mkdir(parents=True, exist_ok=True)
    (Path(settings.DOCUMENTS_PRIVATE_ROOT) / "documents" / "same.pdf").write_bytes(pdf("same"))
    client = Client()
    assert client.get("/media/documents/" + quote("旧附件.pdf")).status_code == 200  # the finding

    run_migration()
    # Published after the upgrade (the guard reads the file where the storage now keeps it).
    services.submit(DisclosureEntry.objects.get(pk=entry.pk), cast["editor"])
    services.approve(DisclosureEntry.objects.get(pk=entry.pk), cast["reviewer"])
    services.approve(DisclosureEntry.objects.get(pk=entry.pk), cast["leader"])
    for document in (old, nested, same):
        assert_no_direct_url(client, document, media_root)
    assert files_under(media_root) == []
    assert not (media_root / "documents").exists()
    response = client.get(old.url)
    assert response.status_code == 200 and body(response) == pdf("old")
    with open(nested.file.path, "rb") as fh:
        assert fh.read() == pdf("orphan")

    run_migration()  # idempotent
    assert body(client.get(old.url)) == pdf("old")
    assert len(files_under(settings.DOCUMENTS_PRIVATE_ROOT)) == 4  # att.pdf, 旧附件, orphan, same


@pytest.mark.django_db
def test_migration_never_leaves_a_conflicting_public_copy(media_root, settings):
    private = Path(settings.DOCUMENTS_PRIVATE_ROOT) / "documents"
    private.mkdir(parents=True, exist_ok=True)
    (private / "a.pdf").write_bytes(b"private")
    (media_root / "documents").mkdir()
    (media_root / "documents" / "a.pdf").write_bytes(b"public")
    run_migration()
    assert files_under(media_root) == []
    assert (private / "a.pdf").read_bytes() == b"private"
    assert (private / "a.public-copy-1.pdf").read_bytes() == b"public"


# -- configuration --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_private_root_inside_media_root_is_refused(media_root, settings):
    settings.DOCUMENTS_PRIVATE_ROOT = media_root / "private"
    with pytest.raises(ImproperlyConfigured):
        Document.objects.create(title="x", file=ContentFile(PDF, name="x.pdf"))
    assert files_under(media_root) == []


def test_settings_serve_documents_through_the_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.STORAGES["default"]["BACKEND"] == "cms.storage.MediaStorage"
