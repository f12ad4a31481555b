"""Verify a migrated upgrade fixture against its manifest (run by test_upgrade.py in a subprocess).

    DATABASE_URL=… python tests/upgrade/check_upgrade.py --manifest M.json --backend sqlite \
        --mapping '{"workflows.disclosurerequest": "disclosure_requests.disclosurerequest", …}'

``--mapping`` maps old model labels (app_label.model, lower case) to new ones; labels not in it
are unchanged. Every check runs; failures are listed and the exit status is 1.
"""

import argparse
import json
import os
import sys
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

FAILURES = []


def check(name):
    """Run one check; an exception is a failure with its traceback."""

    def decorator(func):
        def run(*args):
            errors = len(FAILURES)
            try:
                func(*args)
            except Exception:
                FAILURES.append(f"{name}: {traceback.format_exc(limit=4).strip()}")
            print(f"[{'ok' if len(FAILURES) == errors else 'FAIL'}] {name}", flush=True)

        return run

    return decorator


def fail(message):
    FAILURES.append(message)


class Mapped:
    def __init__(self, mapping):
        self.mapping = {k.lower(): v.lower() for k, v in mapping.items()}

    def label(self, app_label, model=None):
        old = f"{app_label}.{model}" if model else app_label
        return self.mapping.get(old, old)

    def model(self, old_label):
        """The model class now behind ``old_label``; LookupError names both labels."""
        from django.apps import apps

        new = self.label(old_label)
        try:
            return apps.get_model(new)
        except LookupError as exc:
            raise LookupError(f"{old_label} → {new}: no such model ({exc})") from None


# What later migrations change on purpose (each names its migration), so an upgrade is checked
# against them instead of the manifest's figure:
# search 0002 and 0004 queue every indexed entry again (the metadata stream grew, tokens are
# folded to simplified characters): the outbox grows;
# cms 0001 removes Wagtail's welcome page; new models bring their permissions;
# cms 0001 gives Wagtail's unused default groups Chinese names; cms 0002 takes their page and
# collection rights (not their model permissions, which this check compares) and the default workflow.
COUNT_RULES = {
    "search.indexoutbox": lambda actual, expected: actual >= expected,
    # disclosure_requests 0006 seeds one 答复书 template per answer form (Art. 36).
    "workflows.answertemplate": lambda actual, expected: actual >= expected,
    "wagtailcore.page": lambda actual, expected: actual == expected - 1,
    "auth.permission": lambda actual, expected: actual >= expected,
    # cms 0002: the default groups' page rights go (5 of Moderators', 2 of Editors' on the root).
    "wagtailcore.grouppagepermission": lambda actual, expected: expected - 7 <= actual <= expected,
    "wagtailcore.groupcollectionpermission": lambda actual, expected: actual <= expected,
    "wagtailcore.workflowpage": lambda actual, expected: actual <= expected,
}
RENAMED_GROUPS = {"Moderators": "默认审核员组（未使用）", "Editors": "默认编辑组（未使用）"}


@check("row counts")
def check_counts(manifest, mapped):
    for old, expected in manifest["counts"].items():
        try:
            model = mapped.model(old)
        except LookupError as exc:
            fail(f"count: {exc}")
            continue
        actual = model._base_manager.count()
        rule = COUNT_RULES.get(old)
        if (rule(actual, expected) if rule else actual == expected) is False:
            fail(f"count {old} (now {model._meta.label_lower}): {actual} rows, manifest {expected}")


@check("content types")
def check_content_types(manifest, mapped):
    from django.contrib.contenttypes.models import ContentType

    current = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    by_label = {}
    for pk, label in current.items():
        by_label.setdefault(label, []).append(pk)
    for pk, app_label, model in manifest["content_types"]:
        expected = tuple(mapped.label(app_label, model).split("."))
        if current.get(pk) != expected:
            fail(f"content type #{pk} ({app_label}.{model}): now {current.get(pk)}, expected {expected}")
        elif len(by_label[expected]) > 1:
            fail(f"content type {'.'.join(expected)}: duplicate ids {by_label[expected]}")
    for old, new in mapped.mapping.items():
        if old != new and tuple(old.split(".")) in by_label:
            fail(f"content type {old} still exists (ids {by_label[tuple(old.split('.'))]}) after the move to {new}")


@check("group permissions")
def check_group_permissions(manifest, mapped):
    from django.contrib.auth.models import Group

    expected = {}
    for group, app_label, model, codename in manifest["group_permissions"]:
        expected.setdefault(group, set()).add((mapped.label(app_label, model).split(".")[0], codename))
    groups = {g.name: g for g in Group.objects.all()}
    for name, perms in expected.items():
        name = RENAMED_GROUPS.get(name, name)
        if name not in groups:
            fail(f"group {name} is missing")
            continue
        actual = {
            (p.content_type.app_label, p.codename) for p in groups[name].permissions.select_related("content_type")
        }
        if actual != perms:
            fail(f"group {name}: missing {sorted(perms - actual)}, unexpected {sorted(actual - perms)}")


@check("disclosure requests and attachments")
def check_requests(manifest, mapped):
    DisclosureRequest = mapped.model("workflows.disclosurerequest")
    for item in manifest["disclosure_requests"]:
        request = DisclosureRequest.objects.filter(tracking_code=item["tracking_code"]).first()
        if request is None:
            fail(f"request {item['tracking_code']} not found")
            continue
        attachments = list(request.attachments.order_by("pk"))
        names = [{"original_name": a.original_name, "file": a.file.name, "size": a.size} for a in attachments]
        if names != item["attachments"]:
            fail(f"request {item['tracking_code']}: attachments {names}, manifest {item['attachments']}")
        for a in attachments:
            if not a.file.storage.exists(a.file.name):
                fail(f"request {item['tracking_code']}: file {a.file.name} missing from storage")
        got = (request.state, request.events.count(), request.consultations.count())
        if got != (item["state"], item["events"], item["consultations"]):
            fail(
                f"request {item['tracking_code']}: (state, events, consultations) {got}, manifest "
                f"{(item['state'], item['events'], item['consultations'])}"
            )


def client_get(client, path):
    from django.utils.encoding import iri_to_uri

    response = client.get(iri_to_uri(path))
    if response.status_code != 200:
        fail(f"GET {path}: {response.status_code}")
    return response.content.decode("utf-8", "replace")


@check("annual report entry")
def check_annual_report(manifest, mapped):
    from django.test import Client

    expected = manifest["annual_report"]
    if expected is None:
        fail("manifest has no annual report entry")
        return
    report = mapped.model("reports.annualreport").objects.select_related("entry").get(year=expected["year"])
    entry = report.entry
    if entry is None or entry.pk != expected["entry_id"]:
        fail(f"annual report {expected['year']}: entry {entry and entry.pk}, manifest {expected['entry_id']}")
        return
    got = (entry.title, entry.live, entry.index_number)
    if got != (expected["title"], expected["live"], expected["index_number"]):
        fail(
            f"annual report entry (title, live, 索引号): {got}, manifest "
            f"{(expected['title'], expected['live'], expected['index_number'])}"
        )
    if entry.live and expected["title"] not in client_get(Client(), entry.url):
        fail(f"annual report page {entry.url} does not show its title")


@check("public home page")
def check_home(manifest, mapped):
    from django.test import Client

    portal = mapped.model("pages.disclosureportal").objects.get(slug=manifest["portal"])
    if portal.title not in client_get(Client(), portal.url or "/"):
        fail(f"home page {portal.url} does not show {portal.title}")


@check("request status lookup")
def check_status(manifest, mapped):
    from django.test import Client
    from django.urls import reverse

    code = manifest["disclosure_requests"][-1]["tracking_code"]
    url = reverse("disclosure_request_status")
    client = Client()
    client_get(client, url)
    response = client.post(url, {"code": code})
    page = response.content.decode("utf-8", "replace")
    if response.status_code != 200 or code not in page or "未找到" in page:
        fail(f"POST {url} code={code}: {response.status_code}, code shown: {code in page}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--mapping", default="{}", help="JSON object old label → new label")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)
    if args.backend == "postgresql":
        manifest.update(manifest.get("postgresql", {}))  # the values that differ there (random codes, ids)
    if connection.vendor != args.backend:
        sys.exit(f"DATABASE_URL is {connection.vendor}, not {args.backend}")
    mapped = Mapped(json.loads(args.mapping))
    print(f"checking {args.manifest} on {args.backend} ({len(mapped.mapping)} moved models)", flush=True)
    for run in (
        check_counts,
        check_content_types,
        check_group_permissions,
        check_requests,
        check_annual_report,
        check_home,
        check_status,
    ):
        run(manifest, mapped)
    if FAILURES:
        print(f"\n{len(FAILURES)} failure(s):", *FAILURES, sep="\n- ")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
