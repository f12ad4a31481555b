"""Control characters in text (issue 12, finding 10).

XML 1.0 (Atom, .docx, .xlsx, SVG) cannot carry C0 control characters other than tab, line feed
and carriage return, nor lone surrogates or U+FFFE/U+FFFF; a database or JSON encoder may refuse
lone surrogates too. They never belong in anything a person typed. A leaf module: it imports no
app, so every layer may use it."""

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_control_characters(value):
    """``value`` without the characters above; anything that is not a string is returned as is."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def describe_control_character(value):
    """「\\x01」-style name of the first control character in ``value``, or None."""
    match = CONTROL_CHARACTERS.search(value) if isinstance(value, str) else None
    if match is None:
        return None
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Models whose text people type (the project's apps and the Wagtail/auth models the admin edits).
STRIPPED_APPS = {
    "pages",
    "disclosure_requests",
    "workflows",
    "reports",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "auth",
    "taggit",
}


def strip_model_text(sender, instance, raw=False, **kwargs):
    """pre_save: every input path (admin, forms, API, import, services) stores text without them."""
    if raw or sender._meta.app_label not in STRIPPED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
            value = getattr(instance, field.attname, None)
            cleaned = strip_control_characters(value)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)
