"""Issue 12, finding 4: department isolation in the admin. A staff account downloads and lists
only the documents its department and catalog nodes allow, and the page chooser, the 相关信息
select and 解读的政策 offer only public entries plus the account's own."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Page

from pages.models import DisclosureEntry, EntryAttachment
from pages.staff_access import chooser_entries, only_visible_entries_in_page_chooser, visible_documents
from workflows import services

from ..factories import make_user, new_entry

PDF = b"%PDF-1.4\n% staff access\n"


@pytest.fixture
def staff(catalog, portal):
    return {
        "finance_editor": make_user("sa_finance_editor", catalog["finance"].editors_group),
        "finance_reviewer": make_user("sa_finance_reviewer", catalog["finance"].reviewers_group),
        "civil_editor": make_user("sa_civil_editor", catalog["civil"].editors_group),
        "civil_reviewer": make_user("sa_civil_reviewer", catalog["civil"].reviewers_group),
        "leader": make_user("sa_leader", portal.leaders_group),
        "admin": make_user("sa_admin", superuser=True),
    }


def with_document(entry, department, uploader, name):
    document = Document.objects.create(
        title=name,
        file=ContentFile(PDF + name.encode(), name=f"{name}.pdf"),
        collection=department.collection,
        uploaded_by_user=uploader,
    )
    EntryAttachment.objects.create(entry=entry, document=document, title=name)
    DisclosureEntry.objects.get(pk=entry.pk).save_revision(user=uploader)
    return Document.objects.get(pk=document.pk)


@pytest.fixture
def world(catalog, staff):
    finance, civil = catalog["finance"], catalog["civil"]
    draft = new_entry(catalog["budget"], title="财政所草稿预算调整")
    classified = new_entry(
        catalog["budget"],
        title="财政所涉密经费安排",
        classification="秘密",
        classified_on=datetime.date(2025, 1, 1),
    )
    on_request = new_entry(catalog["budget"], title="财政所依申请公开明细", openness="依申请公开")
    services.force_publish(on_request, staff["leader"], "依申请公开信息归档")
    public = new_entry(catalog["dibao"], title="民政办公开低保标准")
    services.force_publish(public, staff["leader"], "测试")
    civil_draft = new_entry(catalog["dibao"], title="民政办草稿救助名单")
    return {
        "draft": DisclosureEntry.objects.get(pk=draft.pk),
        "classified": classified,
        "on_request": DisclosureEntry.objects.get(pk=on_request.pk),
        "public": DisclosureEntry.objects.get(pk=public.pk),
        "civil_draft": civil_draft,
        "finance_doc": with_document(draft, finance, staff["finance_editor"], "财政草稿附件"),
        "classified_doc": with_document(classified, finance, staff["finance_editor"], "涉密附件"),
        "public_doc": with_document(public, civil, staff["civil_editor"], "公开附件"),
        "civil_doc": with_document(civil_draft, civil, staff["civil_editor"], "民政草稿附件"),
    }


def login(user):
    client = Client()
    client.force_login(user)
    return client


HIDDEN_FROM_CIVIL = ("draft", "classified", "on_request")


# -- documents ------------------------------------------------------------------------------------


def test_another_departments_unpublished_documents_are_not_downloadable(world, staff):
    civil = login(staff["civil_editor"])
    for name in ("finance_doc", "classified_doc"):
        assert civil.get(world[name].url).status_code == 404, name
    assert civil.get(world["civil_doc"].url).status_code == 200
    assert civil.get(world["public_doc"].url).status_code == 200
    finance = login(staff["finance_reviewer"])
    assert finance.get(world["finance_doc"].url).status_code == 200
    assert finance.get(world["civil_doc"].url).status_code == 404
    # Leaders approve every entry of their portal; superusers see everything; the public only public.
    for user in (staff["leader"], staff["admin"]):
        client = login(user)
        assert client.get(world["finance_doc"].url).status_code == 200
        assert client.get(world["civil_doc"].url).status_code == 200
    assert Client().get(world["finance_doc"].url).status_code == 404
    assert Client().get(world["public_doc"].url).status_code == 200


def test_the_admin_documents_api_lists_only_visible_documents(world, staff):
    listing = login(staff["civil_editor"]).get("/admin/api/main/documents/")
    assert listing.status_code == 200
    titles = {item["title"] for item in listing.json()["items"]}
    assert titles == {"公开附件", "民政草稿附件"}
    detail = login(staff["civil_editor"]).get(f"/admin/api/main/documents/{world['finance_doc'].pk}/")
    assert detail.status_code == 404
    every = login(staff["admin"]).get("/admin/api/main/documents/").json()["items"]
    assert len(every) == 4


def test_the_document_chooser_lists_only_visible_documents(world, staff):
    html = login(staff["civil_editor"]).get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "民政草稿附件" in html
    assert "财政草稿附件" not in html and "涉密附件" not in html
    assert set(visible_documents(staff["civil_editor"])) == {world["public_doc"], world["civil_doc"]}


# -- entries in choosers and in the entry form ----------------------------------------------------


def test_the_page_chooser_shows_only_public_and_own_entries(world, staff, catalog):
    civil = login(staff["civil_editor"])
    browse = civil.get(reverse("wagtailadmin_choose_page_child", args=[catalog["budget"].pk])).json()["html"]
    for name in HIDDEN_FROM_CIVIL:
        assert world[name].title not in browse, name
    own = civil.get(reverse("wagtailadmin_choose_page_child", args=[catalog["dibao"].pk])).json()["html"]
    assert world["public"].title in own and world["civil_draft"].title in own
    # The search view hands the hook every page of the site.
    request = RequestFactory().get("/")
    request.user = staff["civil_editor"]
    found = {p.title for p in only_visible_entries_in_page_chooser(Page.objects.all(), request)}
    assert world["public"].title in found and world["civil_draft"].title in found
    assert catalog["budget"].title in found  # the catalog itself stays browsable
    for name in HIDDEN_FROM_CIVIL:
        assert world[name].title not in found, name
    finance = login(staff["finance_editor"])
    browse = finance.get(reverse("wagtailadmin_choose_page_child", args=[catalog["budget"].pk])).json()["html"]
    assert world["draft"].title in browse and world["classified"].title in browse


def test_related_entries_and_interprets_offer_only_public_and_own_entries(world, staff):
    civil = login(staff["civil_editor"])
    response = civil.get(reverse("wagtailadmin_pages:edit", args=[world["civil_draft"].pk]))
    assert response.status_code == 200
    form = response.context["form"]
    for field in ("related_entries", "interprets"):
        offered = set(form.fields[field].queryset.values_list("title", flat=True))
        assert world["public"].title in offered and world["civil_draft"].title in offered, field
        for name in HIDDEN_FROM_CIVIL:
            assert world[name].title not in offered, (field, name)
    html = response.content.decode()
    for name in HIDDEN_FROM_CIVIL:
        assert world[name].title not in html, name


def test_chooser_entries_by_role(world, staff):
    def titles(user):
        return set(chooser_entries(user).values_list("title", flat=True))

    everything = {world[k].title for k in ("draft", "classified", "on_request", "public", "civil_draft")}
    assert titles(staff["admin"]) == everything
    assert titles(staff["leader"]) == everything  # leaders approve every entry of their portal
    assert titles(staff["finance_editor"]) == everything - {world["civil_draft"].title}
    assert titles(staff["civil_reviewer"]) == {world["public"].title, world["civil_draft"].title}
    assert titles(None) == {world["public"].title}


def test_an_existing_link_is_kept_when_the_editor_cannot_see_its_target(world, staff):
    entry = DisclosureEntry.objects.get(pk=world["civil_draft"].pk)
    entry.related_entries.add(world["draft"])
    entry.save_revision(user=staff["admin"])
    form = login(staff["civil_editor"]).get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).context["form"]
    offered = set(form.fields["related_entries"].queryset.values_list("pk", flat=True))
    assert world["draft"].pk in offered and world["classified"].pk not in offered
