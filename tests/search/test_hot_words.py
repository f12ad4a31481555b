"""热词 (issue 13): queries that found public results, counted once per client and day, shown
from a threshold of clients, never personal data or sensitive words, hidden by the office."""

import datetime

import pytest
from django.core.cache import cache

from pages.models import ContentSafetyTerm
from pages.publishing.content_safety import check_content_safety
from search import hot_words
from search.models import HiddenHotWord, QueryLog
from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def indexed(catalog, portal, settings, django_capture_on_commit_callbacks):
    settings.SEARCH_HOT_WORDS_MIN_CLIENTS = 2
    cache.clear()
    leader = make_user("hot_leader", portal.leaders_group)
    with django_capture_on_commit_callbacks(execute=True):
        for title, parent, body in [
            ("2025年养老补贴发放情况", catalog["dibao"], "<p>养老补贴按月发放，低保资金同步发放。</p>"),
            ("2025年部门预算公开", catalog["budget"], "<p>财政资金预算安排情况。</p>"),
        ]:
            services.force_publish(new_entry(parent, title=title, body=body), leader, "测试")
    yield
    cache.clear()


def search_from(client, address, query):
    return client.get("/search/", {"q": query}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["13812345678", "138 1234 5678", "低保 110101199003074514", "张三 6222021234567890123", "a@b.cn", "赌博"],
)
def test_personal_data_and_sensitive_words_are_never_logged(query):
    assert hot_words.loggable(query) is None


@pytest.mark.django_db
def test_plain_queries_are_logged_normalised():
    assert hot_words.loggable(" 養老補貼 ") == "养老补贴"
    assert hot_words.loggable("低保  2025") == "低保 2025"  # a year is fine
    assert hot_words.loggable("低保 12345") is None  # five digits or more could be part of anything: not logged
    assert hot_words.loggable("低") is None


def test_a_word_is_hot_once_enough_clients_searched_it(client, indexed):
    for _ in range(3):  # one client, many times: counted once
        search_from(client, "10.0.0.1", "养老补贴")
    assert QueryLog.objects.count() == 1
    assert hot_words.hot_words(cached=False) == []
    search_from(client, "10.0.0.2", "养老补贴")
    search_from(client, "10.0.0.3", "预算")
    assert hot_words.hot_words(cached=False) == [("养老补贴", 2)]
    # Nothing but the query, the day and a daily keyed hash is stored: no address.
    row = QueryLog.objects.first()
    assert "10.0.0" not in row.client and len(row.client) == 16
    # Shown on the search page and on the home page's search box.
    cache.clear()
    page = client.get("/search/").content.decode()
    assert 'id="hot-words"' in page and "养老补贴</a>" in page
    home = client.get("/").content.decode()
    assert 'id="home-hot-words"' in home and "养老补贴</a>" in home


def test_only_queries_that_found_public_results_are_logged(client, indexed):
    for address in ("10.0.0.1", "10.0.0.2"):
        search_from(client, address, "不存在的词语组合")  # nothing found
        search_from(client, address, "养老考古")  # 部分匹配 only
        search_from(client, address, "13812345678")
        client.get("/api/v2/search/", {"q": "预算"}, REMOTE_ADDR=address)
    assert set(QueryLog.objects.values_list("query", flat=True)) == {"预算"}


def test_the_office_hides_a_word_and_old_days_do_not_count(client, indexed):
    today = datetime.date.today()
    QueryLog.objects.bulk_create(
        [QueryLog(query="养老补贴", day=today, client=f"c{i}") for i in range(3)]
        + [QueryLog(query="预算", day=today - datetime.timedelta(days=40), client=f"c{i}") for i in range(5)]
    )
    assert hot_words.hot_words(cached=False) == [("养老补贴", 3)]
    assert [w for w, _ in hot_words.hot_words()] == ["养老补贴"]  # now cached
    HiddenHotWord.objects.create(word="养老")  # the cache is dropped when the office hides a word
    assert hot_words.hot_words() == []
    assert "养老补贴</a>" not in client.get("/search/").content.decode()


def test_office_hides_a_word_in_the_admin(admin_client, indexed):
    response = admin_client.post("/admin/snippets/search/hiddenhotword/add/", {"word": "养老", "note": "测试"})
    assert response.status_code == 302
    assert HiddenHotWord.objects.filter(word="养老").exists()
    assert "屏蔽热词" in admin_client.get("/admin/snippets/search/hiddenhotword/").content.decode()


def test_a_term_the_office_adds_to_the_content_safety_list_hides_a_hot_word(admin_client, client, indexed):
    """One sensitive-word list (issue 13): the 内容安全词库 the office keeps for publishing also
    keeps words out of the 热词, at once (the cached list is dropped when a term is saved)."""
    for address in ("10.0.0.1", "10.0.0.2"):
        search_from(client, address, "养老补贴")
    cache.clear()  # the search page cached the list before the second client counted
    assert hot_words.hot_words() == [("养老补贴", 2)]  # now cached
    response = admin_client.post(
        "/admin/snippets/pages/contentsafetyterm/add/", {"term": "養老", "kind": "sensitive", "active": "on"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert hot_words.hot_words() == []  # normalised like the query: 養老 hides 养老补贴
    assert "养老补贴</a>" not in client.get("/search/").content.decode()
    assert hot_words.loggable("养老补贴") is None
    ContentSafetyTerm.objects.filter(term="養老").update(active=False)  # an update sends no signal …
    ContentSafetyTerm.objects.get(term="養老").save()  # … a save in the admin does
    assert hot_words.hot_words() == [("养老补贴", 2)]


def test_the_former_word_file_is_part_of_the_list_and_does_not_block_publishing(catalog):
    """The hot-word file's words were moved into the 内容安全词库 as 检索屏蔽词 (migration pages 0016):
    never a 热词, but a 禁毒 notice that names 毒品 still publishes."""
    assert set(ContentSafetyTerm.objects.filter(kind="search").values_list("term", flat=True)) >= {"毒品", "赌博"}
    assert hot_words.loggable("毒品") is None
    entry = new_entry(catalog["budget"], title="关于开展禁毒宣传的通知", body="<p>远离毒品，珍爱生命。</p>")
    result = check_content_safety(entry)
    assert result.passed and "毒品" not in result.message


def test_no_result_page_offers_words_from_the_index(client, indexed):
    page = client.get("/search/", {"q": "不存在的词语组合"}).content.decode()
    assert 'id="try-words"' in page
    tried = page.split('id="try-words"')[1].split("</p>")[0]
    assert "养老" in tried or "预算" in tried or "低保" in tried
    assert "义务教育" not in tried  # the old fixed list: nothing public holds it
