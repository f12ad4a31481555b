"""Admin hooks of the whole installation: an offline intranet needs no links out of it, and no
English column headings."""

from wagtail import hooks
from wagtail.sites.views import IndexView as SiteIndexView

# Wagtail's help menu links to its online guide and release notes; neither is reachable on an
# intranet, and neither describes this system. The keyboard shortcuts stay.
EXTERNAL_HELP_ITEMS = ("editor-guide",)


@hooks.register("register_rich_text_features", order=100)
def no_embeds_in_rich_text(features):
    """Wagtail's 嵌入 (embed) button fetches the pasted address's oEmbed data from the internet."""
    if "embed" in features.default_features:
        features.default_features.remove("embed")


@hooks.register("construct_help_menu")
def offline_help_menu(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in EXTERNAL_HELP_ITEMS and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("register_admin_urls")
def manual_urls():
    from django.urls import path

    from .manual import manual_view

    return [path("manual/", manual_view, name="gongkai_manual")]


@hooks.register("register_help_menu_item")
def manual_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem("操作手册", reverse("gongkai_manual"), name="gongkai-manual", icon_name="help", order=100)


# Wagtail labels these columns of the sites listing from their attribute names ("Port", "Site
# name", "Root page"), which no catalogue translates.
SITE_COLUMN_LABELS = {"port": "端口", "site_name": "站点名称", "root_page": "根页面"}
for column in SiteIndexView.columns:
    column.label = SITE_COLUMN_LABELS.get(column.name, column.label)
