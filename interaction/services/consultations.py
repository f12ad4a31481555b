"""意见征集 as plain functions: opening, public comments, moderation, the 反馈情况 and closing."""

import datetime
import html

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pages.models import DisclosureEntry
from pages.permissions import is_office
from pages.publishing.personal_data import contains_personal_information

from ..models import DEFAULT_PERIOD_DAYS, Adoption, Consultation, ConsultationComment, ConsultationState, Moderation
from ..transitions import CONSULTATION_TRANSITIONS, refusal
from .common import FEEDBACK_AREA, catalog_place, require


def open_consultation(portal, user, *, title, draft_entry, department, opens_on, closes_on, short_period_reason=""):
    """The office opens a consultation on a published draft (征求意见稿)."""
    require(is_office(user, portal), "只有政务公开办公室可以发起意见征集")
    errors = {}
    if not DisclosureEntry.objects.disclosed().filter(pk=draft_entry.pk, portal=portal).exists():
        errors["draft_entry"] = "征求意见稿须为本机关已公开发布的信息"
    if closes_on < opens_on:
        errors["closes_on"] = "截止日期不能早于开始日期"
    elif (closes_on - opens_on).days + 1 < DEFAULT_PERIOD_DAYS and not (short_period_reason or "").strip():
        errors["short_period_reason"] = (
            f"征集期少于{DEFAULT_PERIOD_DAYS}日的，须写明理由（重大行政决策程序暂行条例第十五条）"
        )
    if department.portal_id != portal.pk:
        errors["department"] = "请选择本机关的部门"
    if errors:
        raise ValidationError(errors)
    return Consultation.objects.create(
        portal=portal,
        title=title.strip(),
        draft_entry=draft_entry,
        department=department,
        opens_on=opens_on,
        closes_on=closes_on,
        short_period_reason=(short_period_reason or "").strip(),
        created_by=user,
    )


def open_consultations(portal=None, today=None):
    """Consultations accepting opinions today whose draft is public (the public list, the home page)."""
    today = today or timezone.localdate()
    queryset = Consultation.objects.filter(state=ConsultationState.OPEN, opens_on__lte=today, closes_on__gte=today)
    if portal is not None:
        queryset = queryset.filter(portal=portal)
    return queryset.filter(draft_entry__in=DisclosureEntry.objects.disclosed(today).values("pk"))


def public_consultations(portal=None, today=None):
    """What the public may see of 意见征集: those accepting opinions today (draft public) and those
    whose 反馈情况 is public. Never one whose draft or feedback is still under review."""
    today = today or timezone.localdate()
    disclosed = DisclosureEntry.objects.disclosed(today).values("pk")
    accepting = Q(state=ConsultationState.OPEN, opens_on__lte=today, closes_on__gte=today, draft_entry__in=disclosed)
    queryset = Consultation.objects.filter(accepting | Q(feedback_entry__in=disclosed))
    return queryset.filter(portal=portal) if portal is not None else queryset


def same_comment(comment, consultation, data):
    """Whether a retry with the same idempotency key carries the same opinion."""
    return comment.consultation_id == consultation.pk and all(
        getattr(comment, field) == (data.get(field) or "").strip() for field in ("content", "name", "contact")
    )


def submit_comment(consultation, data, idempotency_key=None):
    """Store a public opinion (pending moderation). → (comment, created)."""
    if idempotency_key:
        existing = ConsultationComment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    if not open_consultations(consultation.portal).filter(pk=consultation.pk).exists():
        raise ValidationError("该意见征集不在征集期内，不能提交意见")
    comment = ConsultationComment(
        consultation=consultation,
        content=(data.get("content") or "").strip(),
        name=(data.get("name") or "").strip(),
        contact=(data.get("contact") or "").strip(),
        idempotency_key=idempotency_key or None,
    )
    comment.full_clean(exclude=["idempotency_key", "consultation"])
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        if idempotency_key:
            return ConsultationComment.objects.get(idempotency_key=idempotency_key), False
        raise
    return comment, True


def _lock(consultation):
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("portal", "department")
        .get(pk=consultation.pk)
    )


@transaction.atomic
def moderate_comment(comment, user, moderation, adoption="", reason=""):
    consultation = _lock(comment.consultation)
    require(is_office(user, consultation.portal), "只有政务公开办公室可以审核意见")
    require(consultation.state == ConsultationState.OPEN, "反馈情况已整理，意见不能再修改")
    require(moderation in Moderation.values, "审核结果无效")
    if moderation == Moderation.ACCEPTED and adoption == Adoption.NOT_ADOPTED and not (reason or "").strip():
        raise ValidationError({"reason": "未采纳的意见须说明理由"})
    comment.moderation = moderation
    comment.adoption = adoption if moderation == Moderation.ACCEPTED else ""
    comment.reason = (reason or "").strip()
    comment.save(update_fields=["moderation", "adoption", "reason"])
    return comment


def feedback_figures(consultation):
    comments = consultation.comments.all()
    accepted = comments.filter(moderation=Moderation.ACCEPTED)
    return {
        "received": comments.count(),
        "adopted": accepted.filter(adoption=Adoption.ADOPTED).count(),
        "partly": accepted.filter(adoption=Adoption.PARTLY).count(),
        "not_adopted": accepted.filter(adoption=Adoption.NOT_ADOPTED).count(),
    }


def _feedback_html(consultation, figures):
    e = lambda text: html.escape(text, quote=False)  # noqa: E731
    parts = [
        f"<p>{e(consultation.portal.body_name)}于{consultation.opens_on:%Y年%m月%d日}至{consultation.closes_on:%Y年%m月%d日}"
        f"就《{e(consultation.title)}》公开征求意见，共收到意见{figures['received']}条，其中采纳{figures['adopted']}条、"
        f"部分采纳{figures['partly']}条、未采纳{figures['not_adopted']}条。</p>"
    ]
    labels = dict(Adoption.choices)
    for n, comment in enumerate(consultation.comments.filter(moderation=Moderation.ACCEPTED), 1):
        line = f"<p>{n}. {e(comment.content)}</p><p>处理情况：{labels.get(comment.adoption, '')}"
        line += f"。{e(comment.reason)}</p>" if comment.reason else "。</p>"
        parts.append(line)
    return "".join(parts)


@transaction.atomic
def prepare_feedback(consultation, user, today=None):
    """After the period: the 反馈情况 as a draft ``ConsultationFeedbackEntry`` (submitted for
    review like any entry). Opinions with personal data stay out of the published text."""
    from pages.models import ConsultationFeedbackEntry, FivePublicType, Genre

    consultation = _lock(consultation)
    require(is_office(user, consultation.portal), "只有政务公开办公室可以整理反馈情况")
    reason = refusal(CONSULTATION_TRANSITIONS, consultation, "feedback", today)
    require(not reason, reason)
    figures = feedback_figures(consultation)
    body = _feedback_html(consultation, figures)
    if contains_personal_information(body, html=True):
        raise ValidationError("意见内容含未脱敏的个人信息，请在审核意见时标为不予采用或联系留言人后再整理")
    genre, _ = Genre.objects.get_or_create(name="反馈")
    parent = catalog_place(consultation.portal, FEEDBACK_AREA, consultation.department)
    entry = ConsultationFeedbackEntry(
        title=f"关于《{consultation.title}》征求意见的反馈情况",
        body=body,
        department=consultation.department,
        genre=genre,
        five_public=FivePublicType.objects.filter(name="决策公开").first(),
        opinions_received=figures["received"],
        opinions_adopted=figures["adopted"],
        opinions_partly_adopted=figures["partly"],
        opinions_not_adopted=figures["not_adopted"],
        related_entries=[consultation.draft_entry],
        owner=user,
        live=False,
    )
    parent.add_child(instance=entry)
    entry.save_revision(user=user)
    consultation.feedback_entry = entry
    consultation.state = ConsultationState.FEEDBACK
    consultation.save(update_fields=["feedback_entry", "state"])
    return entry


@transaction.atomic
def close_consultation(consultation, user, today=None):
    consultation = _lock(consultation)
    require(is_office(user, consultation.portal), "只有政务公开办公室可以结束意见征集")
    reason = refusal(CONSULTATION_TRANSITIONS, consultation, "close", today)
    require(not reason, reason)
    consultation.state = ConsultationState.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["state", "closed_at"])
    return consultation


def default_period(opens_on):
    return opens_on + datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
