"""Wagtail's first migrations name the page tree's and the collections' roots "Root", create a
"Welcome to your new Wagtail site!" page, the groups "Moderators" and "Editors" and the workflow
and task "Moderators approval"; the admin shows them all. Chinese names for the roots and for the
defaults this system does not use (departments have their own groups, portals their own workflow),
and the welcome page goes once no site serves it (pages.catalog.create_portal repoints the site)."""

from django.db import migrations

ROOT_PAGE_TITLE = "全部门户"
ROOT_COLLECTION_NAME = "全部文件夹"
UNUSED_DEFAULTS = {
    "group": {"Moderators": "默认审核员组（未使用）", "Editors": "默认编辑组（未使用）"},
    "workflow": {"Moderators approval": "默认审批流程（未使用）"},
    "task": {"Moderators approval": "默认审批环节（未使用）"},
}


def chinese_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)
    for model, names in (
        (apps.get_model("auth", "Group"), UNUSED_DEFAULTS["group"]),
        (apps.get_model("wagtailcore", "Workflow"), UNUSED_DEFAULTS["workflow"]),
        (apps.get_model("wagtailcore", "Task"), UNUSED_DEFAULTS["task"]),
    ):
        for old, new in names.items():
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)
    # An existing installation whose portal already serves the site: drop the placeholder now.
    # With the historical models: the live ones would select columns later migrations add.
    remove_welcome_page(apps)


def remove_welcome_page(apps):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    plain_page = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    welcome = Page.objects.filter(
        depth=2, slug="home", title="Welcome to your new Wagtail site!", numchild=0, content_type=plain_page
    ).first()
    if welcome is None or Site.objects.filter(root_page_id=welcome.pk).exists():
        return
    parent_path = welcome.path[:-4]  # treebeard: four characters per level
    welcome.delete()
    Page.objects.filter(path=parent_path).update(
        numchild=Page.objects.filter(depth=2, path__startswith=parent_path).count()
    )


class Migration(migrations.Migration):
    # After the project's own tables exist: deleting a page looks at every table that refers to pages.
    dependencies = [("wagtailcore", "0098_apitoken"), ("pages", "0008_private_documents")]

    operations = [migrations.RunPython(chinese_roots, migrations.RunPython.noop)]
