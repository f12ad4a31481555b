"""Attachments the personal-data guard cannot read (a scan, an image, an encrypted file).

The guard holds them (finding ``HELD_KIND``): the entry cannot be submitted or published
until a reviewer — the owning department's 负责人, a leader or the disclosure office, never
whoever uploaded the file — has looked at the file and confirmed it with a reason. The
confirmation (``HeldAttachmentConfirmation``: entry, document, file hash, who, when, why) is
audit-logged on the entry and covers that content only: a replaced file is held again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.log_actions import log

from pages.models import HeldAttachmentConfirmation
from pages.permissions import is_leader, owner_department

from .guards import entry_attachments, held_reasons, scan_document

CONFIRM_HELD_LOG_ACTION = "gongkai.attachment_confirmed"


def can_confirm_held_attachments(user, entry):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_leader(user, entry):
        return True
    department = owner_department(entry)
    return bool(
        department and department.reviewers_group_id and user.groups.filter(pk=department.reviewers_group_id).exists()
    )


def held_attachments(entry):
    """[(attachment, document, scan, confirmation or None)] of the entry's latest revision whose
    file cannot be read."""
    draft = entry.get_latest_revision_as_object() if entry.pk else entry
    rows = []
    for attachment, document in entry_attachments(draft):
        scan = scan_document(document)
        if scan.content.held:
            confirmation = (
                HeldAttachmentConfirmation.objects.filter(entry_id=entry.pk, document=document, sha256=scan.sha256)
                .select_related("confirmed_by")
                .first()
                if entry.pk and scan.sha256
                else None
            )
            rows.append((attachment, document, scan, confirmation))
    return rows


@transaction.atomic
def confirm_held_attachment(entry, document, user, reason):
    """Record that ``user`` checked the unreadable ``document`` of ``entry``; returns the record."""
    if not can_confirm_held_attachments(user, entry):
        raise PermissionDenied("只有本部门负责人、领导或公开办可以确认无法读取的附件")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("必须填写确认理由")
    row = next((r for r in held_attachments(entry) if r[1].pk == document.pk), None)
    if row is None:
        raise ValidationError("该文件不是本条信息无法读取的附件")
    attachment, document, scan, confirmation = row
    if confirmation is not None:
        return confirmation
    if not scan.sha256:
        raise ValidationError("附件文件不存在，无法确认")
    if document.uploaded_by_user_id and document.uploaded_by_user_id == user.pk:
        raise PermissionDenied("上传附件的人不能确认自己上传的附件")
    record = HeldAttachmentConfirmation.objects.create(
        entry=entry,
        document=document,
        sha256=scan.sha256,
        file_name=scan.file_name,
        held_reasons=held_reasons(scan),
        confirmed_by=user,
        reason=reason,
    )
    log(
        instance=entry,
        action=CONFIRM_HELD_LOG_ACTION,
        user=user,
        data={
            "document": document.pk,
            "title": attachment.display_title,
            "file": scan.file_name,
            "sha256": scan.sha256,
            "held": record.held_reasons,
            "reason": reason,
        },
    )
    return record
