from django.db import migrations, models


def create_token_storage(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Pre-tokenized columns (tokens separated by spaces; unicode61 keeps them whole).
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title_grams, body_grams, meta_grams, title_words, body_words, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument ADD COLUMN grams tsvector, ADD COLUMN words tsvector")
        schema_editor.execute("CREATE INDEX search_doc_grams ON search_searchdocument USING gin (grams)")
    else:
        raise RuntimeError(f"数据库检索不支持 {vendor}")


def drop_token_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("entry_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("portal_id", models.BigIntegerField(db_index=True, null=True)),
                ("index_number", models.CharField(blank=True, max_length=64)),
                ("source_id", models.CharField(blank=True, max_length=100)),
                ("title", models.TextField()),
                ("url", models.TextField(blank=True)),
                ("doc_number", models.CharField(blank=True, max_length=100)),
                ("department", models.CharField(blank=True, max_length=200)),
                ("area", models.CharField(blank=True, max_length=255)),
                ("item", models.CharField(blank=True, max_length=255)),
                ("topic", models.CharField(blank=True, max_length=50)),
                ("genre", models.CharField(blank=True, max_length=50)),
                ("five_public", models.CharField(blank=True, max_length=50)),
                ("validity", models.CharField(blank=True, max_length=4)),
                ("published_on", models.DateField(db_index=True, null=True)),
                ("year", models.IntegerField(null=True)),
                ("body_text", models.TextField(blank=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "检索文档", "verbose_name_plural": "检索文档"},
        ),
        migrations.CreateModel(
            name="IndexOutbox",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entry_id", models.BigIntegerField(db_index=True)),
                ("target", models.CharField(max_length=20)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("processed_at", models.DateTimeField(blank=True, null=True)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "索引更新队列",
                "verbose_name_plural": "索引更新队列",
                "indexes": [models.Index(fields=["target", "processed_at", "id"], name="search_outbox_pending")],
            },
        ),
        migrations.RunPython(create_token_storage, drop_token_storage),
    ]
