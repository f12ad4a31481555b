"""Index every indexed entry again: the tokens are now folded from traditional to simplified
characters (OpenCC), and indexing fills the suggestions' word list (SearchTerm). Rows go to the
outbox; the next drain (or the periodic sweep, or ``search_index_status --drain``) applies them,
so an upgraded site needs no manual ``rebuild_search_index``."""

from django.conf import settings
from django.db import migrations


def requeue(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    IndexOutbox = apps.get_model("search", "IndexOutbox")
    targets = ["database"] + (["elasticsearch"] if getattr(settings, "SEARCH_URL", "") else [])
    ids = list(SearchDocument.objects.values_list("entry_id", flat=True))
    IndexOutbox.objects.bulk_create(
        [IndexOutbox(entry_id=pk, target=t) for pk in ids for t in targets], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchterm")]

    operations = [migrations.RunPython(requeue, migrations.RunPython.noop)]
