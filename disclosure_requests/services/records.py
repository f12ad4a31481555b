"""After the answer: correcting records about the applicant (条例 Art. 41) and turning
information requested again and again into proactive disclosure (Art. 44)."""

import html

from django.db import transaction

from .common import RequestError, _copy, _locked, _send_after_commit, log, require

# Art. 41: what the office did about records the applicant showed to be inaccurate.
RECORD_OUTCOMES = {
    "corrected": "经审核属实，已予更正",
    "forwarded": "不属于本机关职能范围，已转送有权更正的机关处理",
    "referred": "不属于本机关职能范围，已告知申请人向有权更正的机关提出",
    "rejected": "经审核，申请人提供的证据不能证明记录不准确，不予更正",
}


def correct_records(disclosure_request, user, outcome, text, other_body=""):
    """Record the decision on a request to correct records about the applicant, and tell them."""
    text, other_body = (text or "").strip(), (other_body or "").strip()
    if outcome not in RECORD_OUTCOMES:
        raise RequestError("请选择更正申请的处理结果")
    if not text:
        raise RequestError("请写明审核情况（更正了哪些记录或不予更正的理由）")
    if outcome in ("forwarded", "referred") and not other_body:
        raise RequestError("请填写有权更正的行政机关")
    result = RECORD_OUTCOMES[outcome] + (f"（{other_body}）" if other_body else "")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "records")
        log(locked, "records_corrected", f"更正申请：{result}", user=user, note=text, data={"outcome": outcome})
    if locked.email:
        _send_after_commit(
            "政府信息记录更正申请处理结果",
            f"您的申请（查询码 {locked.tracking_code}）：{result}。\n{text}\n",
            [locked.email],
        )
    return _copy(disclosure_request, locked)


def propose_proactive(disclosure_request, user, item, title, summary=""):
    """Art. 44: a draft entry in the responsible department's catalog item from what the answer
    provided; an editor submits it to the normal review (部门审核 → 领导审批). → the draft entry.
    Nothing the applicant wrote is copied: the staff give the title and summary."""
    from pages.models import CatalogItem, DisclosureEntry, Genre
    from pages.models.catalog import portal_of

    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise RequestError("请填写主动公开信息的标题")
    item = CatalogItem.objects.filter(pk=getattr(item, "pk", item)).first()
    if item is None or getattr(portal_of(item), "pk", None) != disclosure_request.portal_id:
        raise RequestError("请选择受理机关的目录事项")
    with transaction.atomic():
        locked = _locked(disclosure_request)
        require(locked, "propose_proactive")
        if locked.department_id and item.department_id != locked.department_id:
            raise RequestError(f"请选择承办部门（{locked.department}）负责的目录事项")
        provided = "".join(
            f"<li>{html.escape(e.title)}{'（' + html.escape(e.index_number) + '）' if e.index_number else ''}</li>"
            for e in locked.answer_entries.all()
        )
        body = f"<p>{html.escape(summary)}</p>" if summary else ""
        body += f"<ul>{provided}</ul>" if provided else ""
        entry = DisclosureEntry(
            title=title,
            summary=summary,
            body=body or "<p></p>",
            genre=Genre.objects.filter(name="其他").first(),  # the editor sets 体裁 and 五公开 before review
            owner=user,
            live=False,
        )
        item.add_child(instance=entry)
        entry.save_revision(user=user)
        log(
            locked,
            "proactive_proposed",
            "所申请信息拟转为主动公开（草稿待审核）",
            user=user,
            note=f"草稿：{title}（{item.title}）",
            data={"entry": entry.pk},
        )
    return entry
