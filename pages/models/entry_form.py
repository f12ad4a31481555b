"""The admin form of a disclosure entry (``DisclosureEntry.base_form_class``)."""

import uuid

from wagtail.admin.forms import WagtailAdminPageForm

from ..staff_access import restrict_entry_choices


class DisclosureEntryForm(WagtailAdminPageForm):
    """Editors need not invent a URL slug for every entry: a short random one is used. 相关信息
    and 解读的政策 offer public entries and the user's own only (pages.staff_access)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空时自动生成"
        restrict_entry_choices(self)

    def clean_slug(self):
        return self.cleaned_data.get("slug") or uuid.uuid4().hex[:12]
