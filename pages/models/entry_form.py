"""The entry's admin form and its URL slug: editors never see or type a slug. 相关信息 and 解读的政策
offer public entries and the user's own only (pages.staff_access)."""

import uuid

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from ..staff_access import restrict_entry_choices


def new_entry_slug(parent, entry=None):
    """A short random URL slug that no sibling under ``parent`` uses (entries' URLs are not typed
    by anyone: editors never see a slug field, so never the "slug already in use" error)."""
    while True:
        slug = uuid.uuid4().hex[:12]
        if parent is None or Page._slug_is_available(slug, parent, entry):
            return slug


def review_problems(entry):
    """Chinese sentences telling an editor what to fix before 提交审核 (empty: nothing)."""
    from pages.publishing.guards import check_publication

    check = check_publication(entry)
    if check.passed or check.only_held:
        return []
    problems = []
    for result in check.problems:
        findings = [f for f in result.findings if not f.held]
        detail = "；".join(str(f) for f in findings[:10]) + ("……" if len(findings) > 10 else "")
        problems.append(f"保密审查未通过（{result.guard}）：{result.message}" + (f"：{detail}" if detail else ""))
    if any(r.guard == "个人信息" for r in check.problems):
        problems.append("请先脱敏（可先保存草稿，再点「一键脱敏」），然后再提交审核")
    return problems


class DisclosureEntryForm(WagtailAdminPageForm):
    """The entry form has no slug field (no 推广 tab): an entry keeps its slug, a new one gets a
    unique random one here, before the model's own validation could complain in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # a form built from panels that still name it
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空时自动生成"
        restrict_entry_choices(self)

    def clean_slug(self):
        return self.cleaned_data.get("slug") or self.instance.slug or new_entry_slug(self._parent())

    def clean(self):
        cleaned_data = super().clean()
        if "slug" not in self.fields and not self.instance.slug:
            self.instance.slug = new_entry_slug(self._parent(), self.instance)
        return cleaned_data

    def is_valid(self):
        """提交审核 runs the publication guards (保密审查: 密级, 个人信息, 必填元数据) first: what to fix
        is shown on the form, in Chinese, before anybody reviews, instead of a refusal at the
        leader's approval. Unreadable attachments alone do not stop it (a reviewer confirms them)."""
        valid = super().is_valid()
        if valid and self.data.get("action-submit"):
            for problem in review_problems(self._submitted_entry()):
                self.add_error(None, problem)
        return valid and not self.errors

    def _submitted_entry(self):
        entry = self.save(commit=False)  # with the attachments as submitted (as Wagtail's preview)
        parent = self._parent()
        if entry.department_id is None and parent is not None:
            entry.department_id = getattr(parent.specific, "department_id", None)
        return entry

    def _parent(self):
        if self.parent_page is not None:
            return self.parent_page
        return self.instance.get_parent() if self.instance.path else None
