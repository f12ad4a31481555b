"""An index on Wagtail's page tree by (depth, path).

Wagtail asks for the root nodes (``depth = 1 ORDER BY path``, no LIMIT) on every admin page a
superuser opens (the explorer menu's ``explorable_root_instance``); with only the path index,
SQLite walked all 104,000 pages of a county for that one row: about 200 ms per page. Tree
levels (``depth = n``, in path order) are read the same way elsewhere.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0020_portal_annual_report_due"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS pages_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS pages_page_depth_path",
        )
    ]
