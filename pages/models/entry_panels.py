"""The entry form's panels, in the order a 信息员 fills them: 标题; who issued it (发布机构, 文号,
成文日期); how it is classified (体裁, 主题, 五公开 — dropdowns, not paged choosers); who may
see it (公开方式/范围, 密级); then 正文 and 附件. The help texts are the form's (entry_form.py)."""

from django import forms
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.models import Page

from ..related_chooser import RelatedEntriesWidget

CONTENT = Page.content_panels + [
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("department", widget=forms.Select), FieldPanel("publisher")]),
            FieldRowPanel([FieldPanel("doc_number"), FieldPanel("written_on"), FieldPanel("published_on")]),
        ],
        heading="发布机构与文号",
    ),
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    FieldPanel("genre", widget=forms.Select),
                    FieldPanel("topic", widget=forms.Select),
                    FieldPanel("five_public", widget=forms.Select),
                ]
            ),
        ],
        heading="分类",
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("openness"), FieldPanel("disclosure_scope")]),
            FieldPanel("classification"),
        ],
        heading="公开方式与密级",
    ),
    FieldPanel("summary"),
    FieldPanel("body"),
    InlinePanel("attachments", heading="附件", label="附件"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("validity"), FieldPanel("effective_on"), FieldPanel("expired_on")]),
            FieldPanel("keywords"),
        ],
        heading="有效性与关键词",
    ),
    MultiFieldPanel(
        [
            PageChooserPanel("interprets", "pages.DisclosureEntry"),
            FieldPanel("related_entries", widget=RelatedEntriesWidget),
        ],
        heading="解读与关联",
    ),
]

SECRECY = [
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("classified_on"), FieldPanel("secrecy_period_years")]),
            FieldPanel("secrecy_period_basis"),
            FieldRowPanel([FieldPanel("declassified_on"), FieldPanel("declassified_by")]),
            FieldPanel("declassification_basis"),
        ],
        heading="定密与解密（密级在「内容」页填写）",
    )
]

EDIT_HANDLER = TabbedInterface(
    [
        ObjectList(CONTENT, heading="内容"),
        ObjectList(SECRECY, heading="保密审查"),
        # No 推广 tab: an entry's URL slug is generated (new_entry_slug), and the search-engine
        # and menu fields of Wagtail's promote panels mean nothing for a disclosure entry.
        ObjectList(Page.settings_panels, heading="设置"),
    ]
)
