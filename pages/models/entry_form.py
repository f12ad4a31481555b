"""The entry's admin form and its URL slug: editors never see or type a slug. 相关信息 and 解读的政策
offer public entries and the user's own only (pages.staff_access)."""

import uuid

from django.db.models import Q
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


# What to put in each field, in the words of the 信息员's job (shown under the field).
FIELD_HELP = {
    "title": "填写文件或信息的完整标题，与正式文件一致，如：关于做好2026年春耕生产工作的通知",
    "department": "负责本条信息的部门；留空时取所在目录的责任部门",
    "publisher": "以谁的名义发布，如：某某镇人民政府；留空时使用责任部门名称",
    "doc_number": "正式文件的发文字号，如：某政发〔2026〕12号；没有文号的信息留空",
    "written_on": "文件落款处的日期",
    "published_on": "留空时取首次发布当日",
    "genre": "信息的文种，如：通知、公告、预算、解读",
    "topic": "信息所属的工作领域",
    "five_public": "决策、执行、管理、服务、结果公开中的哪一类",
    "openness": "一般选「主动公开」；只答复给申请人的选「依申请公开」",
    "disclosure_scope": "通常为「面向社会」",
    "classification": "涉密信息不得公开；非涉密的选「非涉密」。定密、解密信息在「保密审查」页填写",
    "summary": "用一两句话概括主要内容，显示在列表和搜索结果中",
    "body": "粘贴或录入正文。不要包含身份证号、手机号等个人信息，提交审核时会自动检查",
    "validity": "规范性文件填写有效性及生效、失效日期",
    "keywords": "多个关键词用逗号或空格分隔，便于群众检索",
    "interprets": "本条为政策解读时，选择被解读的政策文件",
    "related_entries": "在搜索框中输入标题或文号中的字词，点「关联」加入；只能关联已公开的信息和本部门的信息",
}


class DisclosureEntryForm(WagtailAdminPageForm):
    """The entry form has no slug field (no 推广 tab): an entry keeps its slug, a new one gets a
    unique random one here, before the model's own validation could complain in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # a form built from panels that still name it
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空时自动生成"
        restrict_entry_choices(self)
        self._start_from_model_entry()
        for name, text in FIELD_HELP.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for name in ("genre", "topic", "five_public", "department"):
            if name in self.fields:
                field = self.fields[name]
                field.empty_label = "留空取目录的责任部门" if name == "department" else "请选择"
                current = getattr(self.instance, f"{name}_id", None)
                field.queryset = field.queryset.filter(Q(active=True) | Q(pk=current))
        self._own_portal_departments()

    def _own_portal_departments(self):
        """责任部门: the departments of the entry's own portal (a county database holds some 200,
        twenty of them called 财政所); another portal's is refused as an invalid choice."""
        from .portal import portal_of

        field = self.fields.get("department")
        parent = self._parent()
        portal = portal_of(parent) if parent is not None else None
        if field is not None and portal is not None:
            field.queryset = field.queryset.filter(Q(portal=portal) | Q(pk=self.instance.department_id))

    def _start_from_model_entry(self):
        """A new entry under a catalog item with a 范文 starts from its title and 正文."""
        parent = getattr(self, "parent_page", None)
        if self.is_bound or self.instance.pk or parent is None:
            return
        parent = parent.specific
        for field, source in (("title", "model_title"), ("body", "model_body")):
            if field in self.fields and getattr(parent, source, ""):
                self.initial[field] = getattr(parent, source)

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
