"""The foreign key to the request is called ``disclosure_request`` (``request`` shadows Django's
request in every view that touches one). Tables keep their names; the columns become
``disclosure_request_id``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_requests", "0002_intake_claims"),
    ]

    operations = [
        migrations.RenameField(model_name=model, old_name="request", new_name="disclosure_request")
        for model in ("requestattachment", "requestconsultation", "requestevent", "intakeclaim")
    ]
