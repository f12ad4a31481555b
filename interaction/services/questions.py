"""政务咨询 as plain functions: intake, assignment, answer, dismissal and publication of the
answer through the ordinary review. Every change locks the question's row and re-reads it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.workdays import add_working_days
from pages.permissions import is_office
from pages.publishing.personal_data import mask_text
from pages.richtext import sanitize_for_output

from ..models import Question, QuestionState, answered_after_veto_limit
from ..transitions import QUESTION_TRANSITIONS, refusal
from .common import (
    QUESTION_AREA,
    InteractionError,
    admin_url,
    catalog_place,
    department_recipients,
    may_handle,
    office_recipients,
    require,
    send,
)

ASKER_FIELDS = ["category", "department", "subject", "content", "asker_name", "phone", "email", "consent_to_publish"]


def answer_working_days():
    return int(getattr(settings, "QUESTION_ANSWER_WORKING_DAYS", 5))


def due_date(received_on):
    deadline = add_working_days(received_on, answer_working_days())
    return deadline.due, deadline.provisional


def submit_question(portal, data, idempotency_key=None):
    """Store a citizen's question first, then tell people. → (question, created).

    The same ``idempotency_key`` again returns the stored question (a retry never makes two).
    Invalid data raises ``ValidationError`` with Chinese messages per field.
    """
    if idempotency_key:
        existing = Question.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    question = Question(
        portal=portal, idempotency_key=idempotency_key or None, **{k: data[k] for k in ASKER_FIELDS if k in data}
    )
    question.asker_name = (question.asker_name or "").strip()
    question.subject = (question.subject or "").strip()
    question.content = (question.content or "").strip()
    if question.department_id and question.department.portal_id != portal.pk:
        raise ValidationError({"department": "所选部门不属于本机关"})
    if not (question.phone or question.email):
        raise ValidationError({"phone": "联系电话和电子邮箱至少填写一项，以便答复"})
    question.received_at = timezone.now()
    question.received_on = timezone.localdate()
    question.due_on, question.due_provisional = due_date(question.received_on)
    question.full_clean(exclude=["tracking_code", "idempotency_key"])
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        if idempotency_key:
            return Question.objects.get(idempotency_key=idempotency_key), False
        raise
    _mail_received(question)
    return question, True


def same_submission(question, portal, data):
    """Whether ``data`` is what ``question`` stored (a retry), so an idempotency key never hands
    one asker's question to another submission."""
    stored = {f: getattr(question, f) for f in ASKER_FIELDS if f != "department"}
    sent = {f: data.get(f, Question._meta.get_field(f).get_default()) for f in stored}
    sent = {f: v.strip() if isinstance(v, str) else v for f, v in sent.items()}
    if question.portal_id != portal.pk or stored != sent:
        return False
    department = data.get("department")
    # Once the office has assigned it, the department the asker chose is no longer stored.
    return question.state != QuestionState.RECEIVED or question.department_id == (department.pk if department else None)


def _mail_received(question):
    receipt = (
        f"{question.asker_name}：\n\n您的留言《{question.subject}》已收到。\n查询码：{question.tracking_code}\n"
        f"答复期限：{question.due_display()}（{answer_working_days()}个工作日内）\n"
        "请妥善保存查询码，凭查询码可在网站查询办理进度和答复。\n\n"
        f"{question.portal.body_name}"
    )
    office = f"新的政务咨询《{question.subject}》（{question.tracking_code}），请及时分派办理。\n" + admin_url(
        "/admin/interaction/questions/"
    )
    send(
        [
            (f"留言回执：{question.tracking_code}", receipt, [question.email] if question.email else []),
            (f"新的政务咨询：{question.subject}", office, office_recipients(question.portal)),
        ],
        "政务咨询通知",
    )


def find_by_code(code):
    code = (code or "").strip().upper()
    if not code:
        return None
    return Question.objects.filter(tracking_code=code).select_related("portal", "department").first()


def _lock(question):
    return Question.objects.select_for_update(of=("self",)).select_related("portal", "department").get(pk=question.pk)


def _check(question, user, name):
    require(may_handle(user, question), "无权办理此留言")
    if QUESTION_TRANSITIONS[name].office_only:
        require(is_office(user, question.portal), "只有政务公开办公室可以执行此操作")
    reason = refusal(QUESTION_TRANSITIONS, question, name)
    require(not reason, reason)


@transaction.atomic
def assign_question(question, user, department):
    question = _lock(question)
    _check(question, user, "assign")
    require(department is not None and department.portal_id == question.portal_id, "请选择本机关的部门")
    require(department.active, "该部门已停用")
    question.department = department
    question.state = QuestionState.ASSIGNED
    question.assigned_at = timezone.now()
    question.save(update_fields=["department", "state", "assigned_at"])
    send(
        [
            (
                f"请办理政务咨询：{question.subject}",
                f"留言《{question.subject}》（{question.tracking_code}）已分派给{department.name}，"
                f"请于 {question.due_display()} 前答复。\n{admin_url(f'/admin/interaction/questions/{question.pk}/')}",
                department_recipients(department),
            )
        ],
        "政务咨询分派通知",
    )
    return question


@transaction.atomic
def answer_question(question, user, answer):
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容"})
    question = _lock(question)
    _check(question, user, "answer")
    question.answer = answer
    question.answered_at = timezone.now()
    question.answered_by = user
    question.answered_late = answered_after_veto_limit(question.received_on, timezone.localdate())
    question.state = QuestionState.ANSWERED
    question.save(update_fields=["answer", "answered_at", "answered_by", "answered_late", "state"])
    text = (
        f"{question.asker_name}：\n\n您的留言《{question.subject}》已答复：\n\n{answer}\n\n"
        f"查询码：{question.tracking_code}\n{question.portal.body_name}"
    )
    send([(f"留言答复：{question.tracking_code}", text, [question.email] if question.email else [])], "留言答复通知")
    return question


@transaction.atomic
def dismiss_question(question, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予受理的理由"})
    question = _lock(question)
    _check(question, user, "dismiss")
    question.state = QuestionState.DISMISSED
    question.dismiss_reason = reason
    question.save(update_fields=["state", "dismiss_reason"])
    return question


def public_question_text(question):
    """The question as the public may read it: without the asker's name and with every personal
    number masked (the guard reads it again at submission and publication)."""
    text = question.content
    if question.asker_name:
        text = text.replace(question.asker_name, "*" * len(question.asker_name))
    return mask_text(text)


@transaction.atomic
def publish_answer(question, user):
    """Create the answer's draft ``QuestionAnswerEntry`` under 政务咨询 › <department>; the staff then
    submits it for review like any entry (部门审核 → 领导审批). → the draft entry."""
    from pages.models import FivePublicType, Genre, QuestionAnswerEntry

    question = _lock(question)
    _check(question, user, "publish")
    require(question.department_id, "留言尚未分派部门")
    parent = catalog_place(question.portal, QUESTION_AREA, question.department)
    genre, _ = Genre.objects.get_or_create(name="答复")
    five_public = FivePublicType.objects.filter(name="服务公开").first()
    answer_html = "".join(f"<p>{line}</p>" for line in _escape(question.answer).splitlines() if line.strip())
    entry = QuestionAnswerEntry(
        title=mask_text(question.subject),
        summary=public_question_text(question),
        body=sanitize_for_output(answer_html),
        department=question.department,
        genre=genre,
        five_public=five_public,
        asked_on=question.received_on,
        question_category=question.get_category_display(),
        owner=user,
        live=False,
    )
    parent.add_child(instance=entry)
    entry.save_revision(user=user)
    question.answer_entry = entry
    question.save(update_fields=["answer_entry"])
    return entry


def _escape(text):
    import html

    return html.escape(text, quote=False)


def public_status(question):
    """What the status page may show — never the asker's contact data."""
    return {
        "tracking_code": question.tracking_code,
        "subject": question.subject,
        "received_on": question.received_on,
        "state": question.get_state_display(),
        "due": question.due_display(),
        "department": question.department.name if question.department_id else "",
        "answer": question.answer if question.state == QuestionState.ANSWERED else "",
        "answered_on": timezone.localdate(question.answered_at) if question.answered_at else None,
        "dismiss_reason": question.dismiss_reason if question.state == QuestionState.DISMISSED else "",
    }


__all__ = ["InteractionError"]
