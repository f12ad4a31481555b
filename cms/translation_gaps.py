"""Which of Wagtail's admin strings have no Simplified Chinese translation at run time.

Wagtail ships every string it uses in its English catalogues (``<app>/locale/en/LC_MESSAGES``);
a string is covered when the merged zh-hans catalogue (Django's, Wagtail's and the project's
``locale/``) holds it, even with the same text (``URL``, ``ID``).
"""

import ast
from pathlib import Path

from django.apps import apps
from django.utils import translation
from django.utils.translation import trans_real

LANGUAGE = "zh-hans"


def read_po(path):
    """(context, msgid, msgid_plural) of each entry of a .po file (the header excluded)."""
    entries, entry, field = [], {}, None

    def flush():
        if entry.get("msgid"):
            entries.append((entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")))

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if field in ("msgctxt", "msgid", "msgid_plural"):
                entry[field] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and field != "msgctxt"):
            flush()
            entry = {}
        field = keyword
        if field in ("msgctxt", "msgid", "msgid_plural"):
            entry[field] = ast.literal_eval(value)
    flush()
    return entries


def _source_catalogues(domain):
    for config in apps.get_app_configs():
        if config.name.split(".")[0] != "wagtail":
            continue
        path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            yield path


def _catalog(domain):
    if domain == "django":
        return trans_real.translation(LANGUAGE)._catalog
    paths = [str(Path(apps.get_app_config("wagtailadmin").path) / "locale")]
    return trans_real.DjangoTranslation(LANGUAGE, domain=domain, localedirs=paths)._catalog


def gaps(domain="django"):
    """Sorted msgids of Wagtail's ``domain`` catalogues that zh-hans leaves untranslated."""
    with translation.override(LANGUAGE):
        catalog = _catalog(domain)
        missing = set()
        for path in _source_catalogues(domain):
            for context, msgid, plural in read_po(path):
                key = f"{context}\x04{msgid}" if context else msgid
                if (key, 0) not in catalog if plural else key not in catalog:
                    missing.add(msgid)
    return sorted(missing)
