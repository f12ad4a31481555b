"""The rendered nginx site in front of the application: an attachment leaves the private root only
after the visibility check (X-Accel-Redirect), and nothing internal passes the proxy."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from pages.models import DisclosureEntry, EntryAttachment
from tests.factories import make_user, new_entry
from tests.pages.files import pdf
from workflows import services

ROOT = Path(__file__).resolve().parents[3]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    binary = next((p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if os.path.exists(p)), None)
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("nginx not found: `make test` installs it (.ci/deploy-tools.sh)")
        pytest.skip("nginx is not installed (make test installs it with .ci/deploy-tools.sh)")
    settings.DOCUMENTS_ACCEL_REDIRECT = "/_private/documents/"
    port = free_port()
    env = {**os.environ, "DOCUMENTS_PRIVATE_ROOT": str(settings.DOCUMENTS_PRIVATE_ROOT)}
    subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "render.py"), "--output", str(tmp_path / "site"),
         "--bind", live_server.url.removeprefix("http://"), "--listen", f"127.0.0.1:{port}"],
        check=True, capture_output=True, env=env, timeout=60,
    )  # fmt: skip
    main = tmp_path / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folder
    main.write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log stderr;\ndaemon off;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site/nginx-site.conf;\n}}\n"
    )
    process = subprocess.Popen([binary, "-c", str(main)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def attached(catalog, cast, name, public):
    entry = new_entry(catalog["budget"], title=f"代理测试-{name}")
    document = Document.objects.create(title=name, file=ContentFile(pdf(f"附件 {name}"), name=name))
    EntryAttachment.objects.create(entry=entry, document=document, title=name)
    DisclosureEntry.objects.get(pk=entry.pk).save_revision(user=cast["editor"])
    if public:
        services.submit(DisclosureEntry.objects.get(pk=entry.pk), cast["editor"])
        services.approve(DisclosureEntry.objects.get(pk=entry.pk), cast["reviewer"])
        services.approve(DisclosureEntry.objects.get(pk=entry.pk), cast["leader"])
    return Document.objects.get(pk=document.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_attachments_only_after_the_check(nginx, catalog, portal, settings):
    cast = {
        "editor": make_user("proxy_editor", catalog["finance"].editors_group),
        "reviewer": make_user("proxy_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("proxy_leader", portal.leaders_group),
    }
    public = attached(catalog, cast, "budget.pdf", public=True)
    draft = attached(catalog, cast, "draft.pdf", public=False)

    status, headers, content = fetch(nginx + public.url)
    assert status == 200
    assert content == Path(public.file.path).read_bytes()  # sent by nginx from the private root
    assert "X-Accel-Redirect" not in headers

    assert fetch(nginx + draft.url)[0] == 404
    for document in (public, draft):  # the internal location answers nobody directly
        assert fetch(f"{nginx}/_private/documents/{os.path.basename(document.file.name)}")[0] == 404

    settings.MONITORING_ALLOWED_IPS = ["127.0.0.1"]  # the proxy's address must not count
    status, _, content = fetch(nginx + "/health/")
    assert status == 200 and json.loads(content) == {"status": "ok"}
    assert fetch(nginx + "/metrics", Authorization=f"Bearer {settings.MONITORING_TOKEN}")[0] == 404
