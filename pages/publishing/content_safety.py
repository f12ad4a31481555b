"""内容安全审查: the office's 敏感词 refuse publication, common wrong expressions warn.

Read are the texts the personal-data guard reads (title, summary, keywords, body …, attachment
names), the body without its markup, and the text extracted from each attachment (the same cached
scan; a finding names the attachment and the page, sheet or part); every finding names the field,
the place and what to write.
"""

from django.utils.html import strip_tags

from .personal_data import normalise


def active_terms():
    from pages.models.content_safety import PUBLISHING_KINDS, ContentSafetyTerm

    terms = ContentSafetyTerm.objects.filter(active=True, kind__in=PUBLISHING_KINDS)
    return list(terms.values_list("term", "kind", "suggestion"))


def find_terms(text, field, terms):
    """["「正文」第12字处…", …] and whether any is a 敏感词."""
    found, blocking = [], False
    for term, kind, suggestion in terms:
        start = text.find(term)
        while start != -1:
            if kind == "sensitive":
                blocking = True
                found.append(f"「{field}」第{start + 1}字处出现敏感词「{term}」，请删除或改写")
            else:
                advice = f"，应为「{suggestion}」" if suggestion else ""
                found.append(f"「{field}」第{start + 1}字处疑似错误表述「{term}」{advice}")
            start = text.find(term, start + len(term))
    return found, blocking


def check_content_safety(entry, terms=None):
    from .guards import GuardResult, attachment_label, entry_attachments, entry_texts, scan_document

    terms = active_terms() if terms is None else terms
    blocking, notes = [], []
    for field, text, is_html in entry_texts(entry):
        plain = normalise(strip_tags(text) if is_html else text)
        found, blocks = find_terms(plain, field, terms)
        (blocking if blocks else notes).extend(found)
    for attachment, document in entry_attachments(entry):
        for where, text in scan_document(document).content.texts:
            found, blocks = find_terms(normalise(text), attachment_label(attachment, where), terms)
            (blocking if blocks else notes).extend(found)
    if blocking:
        return GuardResult("内容安全", False, "内容安全审查未通过：" + "；".join(blocking + notes))
    if notes:
        return GuardResult("内容安全", True, "内容安全提醒：" + "；".join(notes))
    return GuardResult("内容安全", True, "未发现敏感词和常见错误表述")
