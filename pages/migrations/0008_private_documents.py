"""Wagtail documents now live in DOCUMENTS_PRIVATE_ROOT (cms.storage.MediaStorage): move the files
earlier versions stored under MEDIA_ROOT/documents/, where the proxy (and DEBUG's /media/) served
them to anyone. File names in the database stay "documents/<name>". Running it again is harmless."""

from django.db import migrations


def move_documents(apps, schema_editor):
    from pages.documents import move_public_documents

    moved = move_public_documents()
    if moved:
        print(f"\n  已将 {moved} 个附件文件从 MEDIA_ROOT 移至 DOCUMENTS_PRIVATE_ROOT")


class Migration(migrations.Migration):
    dependencies = [("pages", "0007_move_publication_records")]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop)]
