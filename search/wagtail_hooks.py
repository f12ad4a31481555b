"""Admin: the office hides a word from the 热词 (search/hot_words.py)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import HiddenHotWord


class HiddenHotWordViewSet(SnippetViewSet):
    model = HiddenHotWord
    icon = "cross"
    menu_label = "屏蔽热词"
    add_to_settings_menu = True
    list_display = ["word", "note", "created_at"]
    search_fields = ["word"]


register_snippet(HiddenHotWordViewSet)
