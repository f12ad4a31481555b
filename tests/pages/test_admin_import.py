"""批量导入 in the admin: upload → preview with the row-by-row report → confirm → import."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pages.importing import OPTIONAL_KEYS, REQUIRED_KEYS
from pages.importing import jobs as import_jobs
from pages.models import DisclosureEntry, EntryImport, ImportMode, ImportState

from ..factories import budget_row, make_user, new_entry

COLUMNS = ["source_id", "title", "body", "department", "area", "item", "published", "genre", "five_public"]


def dibao_row(n, **changes):
    return budget_row(
        n,
        source_id=f"db-{n}",
        title=f"2025年第一季度低保名单{n}",
        department="民政办",
        area="社会救助",
        item="最低生活保障",
        genre="名单",
        **changes,
    )


def csv_file(rows, name="entries.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(k, "") for k in COLUMNS])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows, name="entries.xlsx"):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append([row.get(k, "") for k in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.IMPORT_PRIVATE_ROOT = tmp_path / "private"
    cache.clear()
    return settings.IMPORT_PRIVATE_ROOT


def upload(client, user, file, **data):
    client.force_login(user)
    response = client.post(reverse("gongkai_import_index"), {"file": file, **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return EntryImport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


# -- the happy path -------------------------------------------------------------------------


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_upload_preview_confirm_creates_drafts(client, users, catalog, private_uploads, make_file):
    rows = [budget_row(1), budget_row(2, body="第一段。\n第二段。"), budget_row(3)]
    job = upload(client, users["finance_editor"], make_file(rows))
    assert job.state == ImportState.PENDING and job.total == 3 and job.problems == []
    assert job.requested_by == users["finance_editor"] and not job.office_scope
    assert list(job.departments.all()) == [catalog["finance"]]
    assert DisclosureEntry.objects.count() == 0  # the preview writes nothing
    stored = private_uploads / job.file.name
    assert stored.is_file()

    page = client.get(reverse("gongkai_import_job", args=[job.pk])).content.decode()
    assert "2025年部门预算公开2" in page and "确认导入 3 条" in page and "data-import-confirm>" in page

    response = client.post(reverse("gongkai_import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.done == job.total == 3, job.error
    entries = DisclosureEntry.objects.filter(source_id__in=["fin-1", "fin-2", "fin-3"])
    assert entries.count() == 3
    assert all(not e.live and e.index_number is None and e.latest_revision_id for e in entries)
    assert all(e.get_parent().pk == catalog["budget"].pk for e in entries)
    assert entries.get(source_id="fin-2").body == "<p>第一段。</p><p>第二段。</p>"
    assert not stored.exists()  # the upload is removed once the import ends

    page = client.get(reverse("gongkai_import_job", args=[job.pk])).content.decode()
    assert "导入完成：共3行，新建3条" in page
    assert reverse("wagtailadmin_explore", args=[catalog["budget"].pk]) in page
    status = client.get(reverse("gongkai_import_status", args=[job.pk])).json()
    assert status == {"state": "done", "state_label": "已完成", "done": 3, "total": 3}


def test_template_has_the_importers_columns_and_imports(client, users, catalog):
    client.force_login(users["finance_editor"])
    response = client.get(reverse("gongkai_import_template"))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    workbook = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert set(header) == set(REQUIRED_KEYS) | set(OPTIONAL_KEYS) and len(header) == len(set(header))
    notes = {row[0]: row[1] for row in workbook["填写说明"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert {k for k, v in notes.items() if v == "必填"} == set(REQUIRED_KEYS)

    # A filled-in template goes through.
    sheet = workbook.worksheets[0]
    values = budget_row(1)
    sheet.append([values.get(k, "") for k in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = import_jobs.create_job(
        users["finance_editor"],
        catalog["budget"].get_parent().get_parent().specific,
        SimpleUploadedFile("filled.xlsx", buffer.getvalue()),
    )
    assert job.state == ImportState.PENDING and job.total == 1, job.problems


# -- problems: nothing is written ------------------------------------------------------------


def test_bad_row_is_reported_and_confirm_refused(client, users, catalog):
    rows = [budget_row(1), budget_row(2, published="2025/03/06"), budget_row(3, item="不存在事项")]
    job = upload(client, users["finance_editor"], csv_file(rows))
    assert job.state == ImportState.FAILED and job.total == 1  # rows without problems
    assert [(r, f) for r, f, _ in job.problems] == [(3, "published"), (4, "item")]
    assert "--create-catalog" not in job.problems[1][2] and "公开目录" in job.problems[1][2]
    assert not job.file  # nothing kept

    page = client.get(reverse("gongkai_import_job", args=[job.pk])).content.decode()
    assert "逐行校验报告" in page and "格式错误" in page and "data-import-confirm disabled" in page
    assert "2025/03/06" in page  # the preview shows the row as read

    response = client.post(reverse("gongkai_import_confirm", args=[job.pk]), follow=True)
    assert "不能重复导入" in response.content.decode()
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.confirm_job(job, users["finance_editor"])
    assert DisclosureEntry.objects.count() == 0


def test_department_editor_cannot_import_for_another_department(users, catalog, portal):
    rows = [budget_row(1), dibao_row(2), budget_row(3, department="民政办")]
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file(rows))
    assert job.state == ImportState.FAILED
    found = [(r, f) for r, f, _ in job.problems]
    assert (3, "department") in found and (3, "item") in found and (4, "department") in found
    assert all(r != 2 for r, _, _ in job.problems)  # the own-department row is fine
    assert any("最低生活保障" in p and "民政办" in p for _, _, p in job.problems)
    assert DisclosureEntry.objects.count() == 0

    # Overwriting another department's entry through its source_id is refused too.
    other = new_entry(catalog["dibao"], title="低保名单", source_id="fin-9", portal=portal, department=catalog["civil"])
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(9)]))
    assert [(r, f) for r, f, _ in job.problems] == [(2, "source_id")]
    assert DisclosureEntry.objects.get(pk=other.pk).title == "低保名单"

    # The disclosure office (here: a superuser) may import for every department.
    job = import_jobs.create_job(users["admin"], portal, csv_file(rows))
    assert job.state == ImportState.PENDING and job.office_scope and job.problems == []


def test_scope_is_checked_again_when_the_import_runs(users, catalog, portal):
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    assert job.state == ImportState.PENDING
    users["finance_editor"].groups.clear()  # left the department before confirming
    job = import_jobs.confirm_job(job, users["finance_editor"])
    assert job.state == ImportState.FAILED and "权限" in job.error
    assert DisclosureEntry.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "不是有效的 Excel"),
        ("fake.xlsx", b"source_id,title\nx,y\n", "不是有效的 Excel"),
        ("binary.csv", b"\x00\x01\x02\x03" * 100, "不是 CSV 文本"),
        ("gbk.csv", "source_id,title,body\n甲,乙,丙\n".encode("gbk") * 5, "UTF-8"),
        ("entries.xls", b"whatever", "只能上传"),
        ("entries.txt", b"source_id\n1\n", "只能上传"),
    ],
)
def test_wrong_file_is_rejected_with_chinese_error(client, users, catalog, name, content, message):
    client.force_login(users["finance_editor"])
    response = client.post(reverse("gongkai_import_index"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert EntryImport.objects.count() == 0


def test_size_limit_is_a_setting(client, users, catalog, settings):
    settings.IMPORT_UPLOAD_MAX_SIZE = 100
    client.force_login(users["finance_editor"])
    response = client.post(reverse("gongkai_import_index"), {"file": csv_file([budget_row(1), budget_row(2)])})
    assert "上限" in response.content.decode() and EntryImport.objects.count() == 0


def test_failure_mid_import_leaves_nothing_and_job_failed(users, portal, catalog, monkeypatch):
    def boom(pks, created=()):
        raise RuntimeError("索引服务不可用")

    monkeypatch.setattr("pages.importing.writer._bulk_index", boom)  # runs inside the import's transaction
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1), budget_row(2)]))
    job = import_jobs.confirm_job(job, users["finance_editor"])
    assert job.state == ImportState.FAILED and "索引服务不可用" in job.error and job.finished_at
    assert DisclosureEntry.objects.count() == 0


# -- exactly once --------------------------------------------------------------------------


def test_double_confirm_imports_once(client, users, portal, catalog, monkeypatch):
    calls = []
    original = import_jobs.importer.import_entries

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(import_jobs.importer, "import_entries", counting)
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1), budget_row(2)]))
    stale = EntryImport.objects.get(pk=job.pk)  # a second tab that still shows 待确认
    import_jobs.confirm_job(job, users["finance_editor"])
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.confirm_job(stale, users["finance_editor"])
    client.force_login(users["finance_editor"])
    response = client.post(reverse("gongkai_import_confirm", args=[job.pk]), follow=True)
    assert "不能重复导入" in response.content.decode()
    assert import_jobs.run_job(job.pk) is None  # a redelivered task does nothing
    assert len(calls) == 1
    assert DisclosureEntry.objects.count() == 2


def test_only_the_uploader_confirms(users, portal, catalog):
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.confirm_job(job, users["admin"])
    assert EntryImport.objects.get(pk=job.pk).state == ImportState.PENDING


# -- modes -------------------------------------------------------------------------------------


def test_superuser_history_mode_publishes_with_index_numbers(client, users, catalog):
    client.force_login(users["admin"])
    assert "作为历史已发布信息导入" in client.get(reverse("gongkai_import_index")).content.decode()
    job = upload(client, users["admin"], xlsx_file([budget_row(1), dibao_row(2)]), history="on")
    assert job.mode == ImportMode.HISTORY and job.state == ImportState.PENDING
    client.post(reverse("gongkai_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.done == 2 and "发布2条" in job.report
    entries = DisclosureEntry.objects.all()
    assert entries.count() == 2 and all(e.live and e.index_number for e in entries)
    assert DisclosureEntry.objects.get(source_id="fin-1").first_published_at.date().isoformat() == "2025-03-06"


def test_editor_has_no_history_mode(client, users, portal, catalog):
    client.force_login(users["finance_editor"])
    assert "作为历史已发布信息导入" not in client.get(reverse("gongkai_import_index")).content.decode()
    job = upload(client, users["finance_editor"], csv_file([budget_row(1)]), history="on")
    assert job.mode == ImportMode.DRAFT
    client.post(reverse("gongkai_import_confirm", args=[job.pk]))
    entry = DisclosureEntry.objects.get(source_id="fin-1")
    assert not entry.live and entry.index_number is None
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(2)]), mode=ImportMode.HISTORY)


# -- access ----------------------------------------------------------------------------------


def test_anonymous_and_unauthorised_are_denied(client, users, portal, catalog):
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    urls = [
        reverse("gongkai_import_index"),
        reverse("gongkai_import_template"),
        reverse("gongkai_import_job", args=[job.pk]),
        reverse("gongkai_import_status", args=[job.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert client.post(reverse("gongkai_import_confirm", args=[job.pk])).status_code == 302

    # A reviewer (no 信息员 role) cannot import; another department's editor cannot see the job.
    # (Wagtail turns PermissionDenied in the admin into a redirect to the dashboard.)
    def denied(response):
        return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")

    client.force_login(users["finance_reviewer"])
    assert denied(client.get(reverse("gongkai_import_index")))
    assert denied(client.get(reverse("gongkai_import_template")))
    client.force_login(users["civil_editor"])
    assert client.get(reverse("gongkai_import_index")).status_code == 200
    assert denied(client.get(reverse("gongkai_import_job", args=[job.pk])))
    assert denied(client.get(reverse("gongkai_import_status", args=[job.pk])))
    assert denied(client.post(reverse("gongkai_import_confirm", args=[job.pk])))
    assert "fin-1" not in client.get(reverse("gongkai_import_index")).content.decode()
    assert EntryImport.objects.get(pk=job.pk).state == ImportState.PENDING
    # The office sees every job of its portal.
    client.force_login(users["admin"])
    assert client.get(reverse("gongkai_import_job", args=[job.pk])).status_code == 200


def test_menu_item_only_for_importers(rf, users, catalog):
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]

    assert "批量导入" in labels(users["finance_editor"]) and "批量导入" in labels(users["admin"])
    assert "批量导入" not in labels(users["finance_reviewer"])


def test_confirm_requires_csrf(users, portal, catalog):
    from django.test import Client

    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["finance_editor"])
    assert strict.post(reverse("gongkai_import_confirm", args=[job.pk])).status_code == 403
    assert EntryImport.objects.get(pk=job.pk).state == ImportState.PENDING


def test_uploads_are_not_under_the_public_media_url(users, portal, catalog, settings):
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    assert not str(job.file.path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        job.file.url


# -- progress ----------------------------------------------------------------------------------


def test_progress_writes_are_throttled(users, portal, catalog):
    job = import_jobs.create_job(users["finance_editor"], portal, csv_file([budget_row(1)]))
    recorder = import_jobs.ProgressRecorder(job.pk, every=25)
    try:
        for _ in range(60):
            recorder(1)
    finally:
        recorder.close()
    assert recorder.writes == 2 and recorder.done == 60
    EntryImport.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)
    job.refresh_from_db()
    assert import_jobs.current_progress(job) == 50


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has one writer: progress is shown at the end")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_visible_to_other_connections_while_the_import_runs(monkeypatch, catalog):
    portal = catalog["budget"].get_parent().get_parent().specific
    editor = make_user("progress_editor", catalog["finance"].editors_group)
    job = import_jobs.create_job(editor, portal, csv_file([budget_row(n) for n in range(60)]))
    seen = []
    original = import_jobs.ProgressRecorder.flush

    def observing(self):
        original(self)
        other = connection.copy()
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done FROM pages_entryimport WHERE id = %s", [self.job_pk])
                seen.append(cursor.fetchone()[0])
            with other.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pages_disclosureentry")
                seen.append(("entries", cursor.fetchone()[0]))
        finally:
            other.close()

    monkeypatch.setattr(import_jobs.ProgressRecorder, "flush", observing)
    job = import_jobs.confirm_job(job, editor)
    assert job.state == ImportState.DONE and job.done == 60
    # Counters moved while the entries were still uncommitted (all-or-nothing).
    assert seen == [25, ("entries", 0), 50, ("entries", 0)]
