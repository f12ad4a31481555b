"""Index every indexed entry again: the metadata stream now also holds the area and item
names, 发布机构, 主题分类 and 体裁分类. Rows go to the outbox; the next drain (or the
periodic sweep, or ``search_index_status --drain``) applies them."""

from django.conf import settings
from django.db import migrations


def requeue(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    IndexOutbox = apps.get_model("search", "IndexOutbox")
    targets = ["database"] + (["elasticsearch"] if getattr(settings, "SEARCH_URL", "") else [])
    ids = list(SearchDocument.objects.values_list("entry_id", flat=True))
    IndexOutbox.objects.bulk_create([IndexOutbox(entry_id=pk, target=t) for pk in ids for t in targets],
                                    batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(requeue, migrations.RunPython.noop)]
