"""Admin hooks of the whole installation: an offline intranet needs no links out of it."""

from wagtail import hooks

# Wagtail's help menu links to its online guide and release notes; neither is reachable on an
# intranet, and neither describes this system. The keyboard shortcuts stay.
EXTERNAL_HELP_ITEMS = ("editor-guide",)


@hooks.register("construct_help_menu")
def offline_help_menu(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in EXTERNAL_HELP_ITEMS and not item.name.startswith("whats-new-in-wagtail")
    ]
