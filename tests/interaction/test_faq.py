"""常见问题: the office collects published answers; the page shows them only once the answer entry
is public, grouped by category, without the asker's personal data; others cannot collect."""

import pytest
from django.core.exceptions import PermissionDenied

from interaction import services
from pages.models import DisclosureEntry
from workflows import services as review

from ..factories import ASKER

pytestmark = pytest.mark.django_db
URL = "/hudong/zixun/changjian/"


@pytest.fixture
def answered(ask, roles, catalog):
    question = ask()
    services.assign_question(question, roles["office"], catalog["civil"])
    services.answer_question(question, roles["civil_editor"], "请携带户口簿和收入证明到民政办办理。")
    return question


def test_a_collected_answer_shows_once_it_is_public(client, answered, roles):
    with pytest.raises(PermissionDenied, match="答复公开后"):
        services.mark_frequently_asked(answered, roles["office"])
    entry = services.publish_answer(answered, roles["civil_editor"])
    answered.refresh_from_db()
    services.mark_frequently_asked(answered, roles["office"])
    assert "收入证明" not in client.get(URL).content.decode()  # in review: not yet
    review.force_publish(DisclosureEntry.objects.get(pk=entry.pk), roles["leader"], "测试发布")
    page = client.get(URL).content.decode()
    assert "<h2>咨询</h2>" in page and entry.title in page and "请携带户口簿和收入证明到民政办办理。" in page
    for secret in (ASKER["asker_name"], ASKER["phone"], ASKER["email"]):
        assert secret not in page
    assert "常见问题" in client.get("/hudong/zixun/").content.decode()
    services.mark_frequently_asked(answered, roles["office"], False)
    assert "收入证明" not in client.get(URL).content.decode()


def test_only_the_office_collects_and_the_admin_button_works(client, answered, roles):
    services.publish_answer(answered, roles["civil_editor"])
    answered.refresh_from_db()
    with pytest.raises(PermissionDenied, match="只有政务公开办公室"):
        services.mark_frequently_asked(answered, roles["civil_editor"])
    client.force_login(roles["office"])
    url = f"/admin/interaction/questions/{answered.pk}/"
    assert "收入常见问题" in client.get(url).content.decode()
    client.post(url, {"action": "faq"})
    answered.refresh_from_db()
    assert answered.frequently_asked and "移出常见问题" in client.get(url).content.decode()


def test_an_empty_faq_page_says_so(client, portal):
    assert "暂无整理的常见问题" in client.get(URL).content.decode()
