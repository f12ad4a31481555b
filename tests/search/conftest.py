"""Fixtures for the search suite: published entries, and the backends under test.

The Elasticsearch backend is tested against a real node: ``.ci/elasticsearch.sh``
starts one on 127.0.0.1 (``make test`` does so first; the fixture starts it when
it is not running). ``SEARCH_TEST_URL`` points the suite at another node.
"""

import datetime
import os
import uuid

import pytest

from pages.models import Classification, Genre, Openness, Topic
from tests.factories import new_entry

from .helpers import ES_URL, drain_all, es_script, ids, publish, refresh  # noqa: F401


@pytest.fixture(scope="session")
def es_node():
    if "SEARCH_TEST_URL" not in os.environ:
        es_script("start")
    return ES_URL


@pytest.fixture
def es_settings(settings, es_node):
    """SEARCH_URL on, with an index of this test's own."""
    settings.SEARCH_URL = es_node
    settings.SEARCH_INDEX = f"gongkai-test-{uuid.uuid4().hex[:8]}"
    yield settings
    from search.backends.elastic import make_client

    client = make_client()
    client.options(ignore_status=404).indices.delete(index=f"{settings.SEARCH_INDEX}-*")


@pytest.fixture(params=["database", "elasticsearch"])
def backend_name(request):
    if request.param == "elasticsearch":
        request.getfixturevalue("es_settings")
    return request.param


@pytest.fixture
def corpus(catalog, backend_name, django_capture_on_commit_callbacks):
    """A small published corpus, indexed through the outbox (on-commit callbacks run)."""
    budget, dibao = catalog["budget"], catalog["dibao"]
    plan = Genre.objects.get_or_create(name="方案")[0]
    topic = Topic.objects.get_or_create(name="财政")[0]
    with django_capture_on_commit_callbacks(execute=True):
        e = {
            "budget": publish(
                budget,
                "2025年部门预算公开",
                "<p>本年度预算收入合计128.5万元，三公经费预算为零。</p>",
                doc_number="测财〔2020〕12号",
                topic=topic,
            ),
            "final": publish(
                budget,
                "2024年部门决算",
                "<p>决算收入与预算收入比较，财政拨款收入增加。</p>",
                published_on=datetime.date(2024, 5, 1),
            ),
            "dibao_title": publish(
                dibao,
                "关于调整城乡低保标准的通知",
                "<p>自2025年起调整保障标准。</p>",
                published_on=datetime.date(2025, 1, 10),
            ),
            "dibao_body": publish(
                dibao,
                "社会救助工作情况",
                "<p>全年发放城乡低保资金300万元，困难群众得到保障。</p>",
                published_on=datetime.date(2025, 2, 10),
            ),
            "dibao_syn": publish(
                dibao,
                "最低生活保障审批办法",
                "<p>申请最低生活保障应当以家庭为单位提出。</p>",
                published_on=datetime.date(2023, 6, 1),
                genre=plan,
            ),
            "housing": publish(
                dibao,
                "农村危房改造补助名单",
                "<p>农村困难家庭危房改造补助对象公示。</p>",
                published_on=datetime.date(2022, 7, 1),
                validity="失效",
                expired_on=datetime.date(2023, 1, 1),
            ),
            "fullwidth": publish(budget, "ＡＢＣ项目资金公开", "<p>ＡＢＣ项目资金已拨付。</p>"),
        }
        # Never in the public index:
        e["draft"] = new_entry(budget, title="低保资金草稿", body="<p>低保资金草稿正文</p>")
        e["on_request"] = publish(dibao, "低保对象依申请公开信息", "<p>低保对象明细</p>", openness=Openness.ON_REQUEST)
        e["classified"] = new_entry(
            dibao,
            title="低保资金涉密文件",
            body="<p>低保</p>",
            classification=Classification.SECRET,
            classified_on=datetime.date(2024, 1, 1),
        )
    refresh(backend_name)
    return e


@pytest.fixture
def town(catalog, backend_name, django_capture_on_commit_callbacks):
    """Entries for unspaced queries: the words of 财政预算, 临时救助办法, 养老补贴 … together,
    apart, in the title, or only in the metadata (area 财政预决算). Dates run against the
    expected order, so date ties never make a ranking test pass."""
    budget, dibao = catalog["budget"], catalog["dibao"]
    notice = Genre.objects.get_or_create(name="通知")[0]

    def add(parent, title, body, day):
        return publish(
            parent,
            title,
            f"<p>{body}</p>",
            genre=notice,
            published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
        )

    with django_capture_on_commit_callbacks(execute=True):
        e = {
            "phrase": add(dibao, "年度工作报告", "今年财政预算安排保持稳定。", 1),
            "title_words": add(dibao, "财政资金与预算管理", "加强管理，提高效率。", 2),
            # near is the longer text (lower engine score) but its words stand closer.
            "near": add(
                dibao,
                "资金使用情况",
                "财政和预算支出均有下降。" + "各村各项工作有序推进，群众满意度进一步提高。" * 3,
                3,
            ),
            "far": add(
                dibao, "情况说明", "财政" + "各项收支保持平衡，重点保障民生支出，" * 2 + "全年预算执行良好。", 4
            ),
            "meta_only": add(budget, "三季度工作简报", "本季度完成各项工作任务。", 9),
            "area_phrase": add(dibao, "信息公开工作", "按时完成财政预决算公开。", 5),
            "relief_phrase": add(dibao, "临时救助办法（修订）", "规范临时救助工作。", 6),
            "relief": add(dibao, "临时救助实施细则", "对遭遇突发困难的家庭给予临时救助，具体办法另行制定。", 7),
            "elderly": add(dibao, "养老服务中心建设", "建设村级养老服务中心。", 8),
            "subsidy": add(dibao, "耕地地力保护", "保护资金已发放到户，补贴标准不变。", 8),
        }
    refresh(backend_name)
    return e


@pytest.fixture
def engine(backend_name, corpus):
    from search.backends import get_backend

    return get_backend(backend_name)
