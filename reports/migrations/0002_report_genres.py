from django.db import migrations

# Table (二) of the annual report counts entries of these 体裁分类 (reports.annual.DEFAULT_REPORT_GENRES).
REPORT_GENRES = ["规章", "行政规范性文件"]


def add_genres(apps, schema_editor):
    Genre = apps.get_model("pages", "Genre")
    for name in REPORT_GENRES:
        Genre.objects.get_or_create(name=name, defaults={"sort_order": 100})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("pages", "0002_default_vocabularies"),
    ]

    operations = [migrations.RunPython(add_genres, migrations.RunPython.noop)]
