"""Wagtail's first migrations name the page tree's and the collections' roots "Root" and create a
"Welcome to your new Wagtail site!" page; the admin shows all three. Chinese names for the roots,
and the welcome page goes once no site serves it (pages.catalog.create_portal repoints the site)."""

from django.db import migrations

ROOT_PAGE_TITLE = "全部门户"
ROOT_COLLECTION_NAME = "全部文件夹"


def chinese_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)
    # An existing installation whose portal already serves the site: drop the placeholder now.
    from pages.catalog import remove_wagtail_welcome_page

    remove_wagtail_welcome_page()


class Migration(migrations.Migration):
    # After the project's own tables exist: deleting a page looks at every table that refers to pages.
    dependencies = [("wagtailcore", "0098_apitoken"), ("pages", "0008_private_documents")]

    operations = [migrations.RunPython(chinese_roots, migrations.RunPython.noop)]
