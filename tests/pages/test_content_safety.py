"""内容安全审查 in the one publishing pipeline (issue 16): 敏感词 refuse, wrong expressions warn."""

from pages.models import ContentSafetyTerm, DisclosureEntry
from pages.publishing.guards import check_publication
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry


def safety(check):
    return next(r for r in check.results if r.guard == "内容安全")


def test_a_sensitive_word_refuses_publication_and_names_the_field(catalog):
    ContentSafetyTerm.objects.create(term="内部绝密", kind="sensitive")
    entry = new_entry(catalog["budget"], body="<p>本年度预算<b>内部\u200b绝密</b>事项说明。</p>")
    check = publish_entry(entry)
    assert not check.passed
    result = safety(check)
    assert not result.passed
    assert "「正文」第6字处出现敏感词「内部绝密」，请删除或改写" in result.message
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


def test_a_wrong_expression_warns_with_the_right_one_and_publishes(catalog):
    entry = new_entry(catalog["budget"], title="截止目前本镇预算执行情况")  # in the shipped starting set
    check = publish_entry(entry)
    assert check.passed
    result = safety(check)
    assert result.passed and "「标题」第1字处疑似错误表述「截止目前」，应为「截至目前」" in result.message
    assert DisclosureEntry.objects.get(pk=entry.pk).live


def test_the_office_list_decides(catalog):
    term = ContentSafetyTerm.objects.create(term="某敏感词", kind="sensitive", active=False)
    entry = new_entry(catalog["budget"], summary="含有某敏感词的概述")
    assert safety(check_publication(entry)).passed  # inactive: ignored
    term.active = True
    term.save()
    result = safety(check_publication(entry))
    assert not result.passed and "「内容概述」" in result.message
    assert safety(check_publication(new_entry(catalog["dibao"], title="干净的标题"))).message == (
        "未发现敏感词和常见错误表述"
    )


def test_attachment_contents_are_read_and_the_finding_names_the_attachment(catalog, tmp_path, settings):
    """The text extracted from an attachment is checked too (issue 16): a 敏感词 inside a .docx
    refuses publication, a wrong expression in a PDF warns; each finding names the attachment."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from pages.models import EntryAttachment

    from .files import docx, pdf

    settings.MEDIA_ROOT = tmp_path
    ContentSafetyTerm.objects.create(term="内部绝密", kind="sensitive")
    entry = new_entry(catalog["budget"], title="2025年部门预算公开")
    for title, name, data in [
        ("预算说明", "shuoming.docx", docx(paragraphs=["预算编制说明", "本项属于内部绝密事项"])),
        ("执行情况", "zhixing.pdf", pdf("截止目前执行良好")),
    ]:
        document = Document.objects.create(title=title, file=ContentFile(data, name=name))
        EntryAttachment.objects.create(entry=entry, document=document, title=title)
    result = safety(check_publication(DisclosureEntry.objects.get(pk=entry.pk)))
    assert not result.passed
    assert "附件「预算说明」" in result.message and "出现敏感词「内部绝密」" in result.message
    assert "附件「执行情况」" in result.message and "疑似错误表述「截止目前」，应为「截至目前」" in result.message
    assert "「标题」" not in result.message  # the entry's own texts are clean


def test_a_leader_named_with_a_wrong_title_blocks_publication(catalog):
    """领导名册 (issue 16): a roster name followed by a title that is not the leader's current one is
    a severe expression error and blocks; the right title, or a title of several, passes."""
    from pages.models import LeaderTitle

    LeaderTitle.objects.create(name="王建国", title="党委书记、人大主席")
    LeaderTitle.objects.create(name="李明", title="镇长")
    LeaderTitle.objects.create(name="赵前", title="副镇长", active=False)  # left office: not checked
    right = new_entry(
        catalog["budget"],
        body="<p>党委书记王建国同志主持会议，王建国书记、李明镇长、王建国人大主席讲话，赵前镇长列席。</p>",
    )
    assert safety(check_publication(right)).passed
    wrong = new_entry(
        catalog["dibao"], title="李明副镇长调研低保工作", body="<p>王建国同志 镇长出席，李明镇长讲话。</p>"
    )
    result = safety(check_publication(wrong))
    assert not result.passed
    assert "「标题」第1字处「李明副镇长」职务有误，李明现任「镇长」（严重表述错误）" in result.message
    assert "「王建国镇长」职务有误，王建国现任「党委书记、人大主席」" in result.message
    assert result.message.count("「正文」") == 1  # 李明镇长 in the body is right
    check = publish_entry(wrong)
    assert not check.passed and not DisclosureEntry.objects.get(pk=wrong.pk).live
