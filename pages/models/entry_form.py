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

    def _parent(self):
        if self.parent_page is not None:
            return self.parent_page
        return self.instance.get_parent() if self.instance.path else None
