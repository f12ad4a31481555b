from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, FivePublicType, Genre, Topic


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "部门"
    list_display = ["name", "short_name", "org_code", "portal", "active"]
    list_filter = ["portal", "active"]
    search_fields = ["name", "short_name", "org_code"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "sort_order", "active"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "doc-full"
    list_display = ["name", "sort_order", "active"]


class FivePublicViewSet(SnippetViewSet):
    model = FivePublicType
    icon = "list-ul"
    list_display = ["name", "sort_order", "active"]


class DisclosureSettingsGroup(SnippetViewSetGroup):
    menu_label = "公开设置"
    menu_icon = "cog"
    menu_order = 300
    items = (DepartmentViewSet, TopicViewSet, GenreViewSet, FivePublicViewSet)


register_snippet(DisclosureSettingsGroup)
