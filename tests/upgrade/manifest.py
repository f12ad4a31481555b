"""What an upgrade must preserve, read from a database made by make_fixtures.sh.

    DATABASE_URL=… PYTHONPATH=<checkout> python manifest.py OUT.json      # one database
    python manifest.py --merge SQLITE.json PG.json OUT.json               # no Django needed

The merged manifest is the SQLite one; ``postgresql`` holds the top-level keys whose value
differs in the PostgreSQL database (tracking codes are random, for instance).
Only generic Django APIs are used, so this runs against any version of the project.
"""

import json
import sys

APPS = ["pages", "workflows", "reports", "search"]
EXTRA_MODELS = [
    "wagtailcore.page",
    "wagtailcore.revision",
    "wagtaildocs.document",
    "auth.group",
    "wagtailcore.grouppagepermission",
    "auth.permission",
]
PORTAL_SLUG = "qinghe"


def build():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(label) for label in EXTRA_MODELS]
    counts = {m._meta.label_lower: m._base_manager.count() for m in models}

    content_types = [[ct.pk, ct.app_label, ct.model] for ct in ContentType.objects.order_by("pk")]
    group_permissions = [
        [group.name, p.content_type.app_label, p.content_type.model, p.codename]
        for group in Group.objects.order_by("name")
        for p in group.permissions.select_related("content_type").order_by("content_type__app_label", "codename")
    ]

    AnnualReport = apps.get_model("reports", "annualreport")
    report = AnnualReport.objects.filter(entry__isnull=False).select_related("entry").order_by("-year").first()
    annual_report = None
    if report is not None:
        entry = report.entry
        annual_report = {
            "year": report.year,
            "state": report.state,
            "entry_id": entry.pk,
            "title": entry.title,
            "live": entry.live,
            "url_path": entry.url_path,
            "index_number": getattr(entry, "index_number", ""),
        }

    DisclosureRequest = apps.get_model("workflows", "disclosurerequest")
    disclosure_requests = [
        {
            "tracking_code": r.tracking_code,
            "state": r.state,
            "events": r.events.count(),
            "consultations": r.consultations.count(),
            "attachments": [
                {"original_name": a.original_name, "file": a.file.name, "size": a.size}
                for a in r.attachments.order_by("pk")
            ],
        }
        for r in DisclosureRequest.objects.order_by("pk")
    ]
    return {
        "portal": PORTAL_SLUG,
        "counts": counts,
        "content_types": content_types,
        "group_permissions": group_permissions,
        "annual_report": annual_report,
        "disclosure_requests": disclosure_requests,
    }


def merge(sqlite_path, pg_path, out_path, extra=None):
    with open(sqlite_path, encoding="utf-8") as f:
        manifest = json.load(f)
    with open(pg_path, encoding="utf-8") as f:
        pg = json.load(f)
    manifest["postgresql"] = {key: value for key, value in pg.items() if manifest.get(key) != value}
    manifest = {**(extra or {}), **manifest}  # provenance first
    write(manifest, out_path)
    return manifest


def dumps(value, indent=0):
    """JSON with one line per row: lists of scalars (a content type, a permission) stay inline."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        rows = [f"{pad} {json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(rows) + f"\n{pad}}}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(f"{pad} {dumps(v, indent + 1)}" for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def write(data, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(data) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--merge":
        # --merge SQLITE PG OUT [KEY=VALUE ...]: provenance fields added at the top level.
        extra = dict(arg.split("=", 1) for arg in sys.argv[5:])
        extra = {k: json.loads(v) if v in ("true", "false") or v.isdigit() else v for k, v in extra.items()}
        merged = merge(*sys.argv[2:5], extra=extra)
        print(
            f"  manifest: {len(merged['counts'])} models, {len(merged['content_types'])} content types, "
            f"{len(merged['group_permissions'])} group permissions, "
            f"{len(merged['disclosure_requests'])} requests; differs on PostgreSQL: "
            f"{', '.join(merged['postgresql']) or 'nothing'}"
        )
    else:
        write(build(), sys.argv[1])
