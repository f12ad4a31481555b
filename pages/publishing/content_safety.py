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

    from .shared_reads import remembered

    terms = ContentSafetyTerm.objects.filter(active=True, kind__in=PUBLISHING_KINDS)
    return remembered("terms", lambda: list(terms.values_list("term", "kind", "suggestion")))


# Titles a leader's name may be followed by, besides the roster's own (longest matched first).
COMMON_TITLES = (
    "党委书记",
    "党委副书记",
    "书记",
    "副书记",
    "镇长",
    "副镇长",
    "乡长",
    "副乡长",
    "县长",
    "副县长",
    "主任",
    "副主任",
    "人大主席",
    "主席",
    "副主席",
    "局长",
    "副局长",
    "所长",
    "副所长",
    "部长",
    "副部长",
    "委员",
    "组织委员",
    "宣传委员",
    "纪委书记",
    "武装部长",
    "调研员",
    "科长",
    "副科长",
)


def active_roster():
    from pages.models import LeaderTitle

    from .shared_reads import remembered

    return remembered(
        "roster", lambda: [(leader.name, leader.titles()) for leader in LeaderTitle.objects.filter(active=True)]
    )


def _may_write(written, title):
    """The title itself, or its usual short form (党委书记 → 书记, 人大主席 → 主席), never one that
    drops a 副 (副镇长 is not 镇长)."""
    return title == written or (title.endswith(written) and not title[: -len(written)].endswith("副"))


def find_wrong_titles(text, field, roster):
    """["「正文」第3字处「张三」的职务有误…"] for each roster name followed by a title not its own."""
    known = sorted({t for _, titles in roster for t in titles} | set(COMMON_TITLES), key=len, reverse=True)
    found = []
    for name, titles in roster:
        start = text.find(name)
        while start != -1:
            after = text[start + len(name) :].lstrip(" 　同志")
            written = next((t for t in known if after.startswith(t)), None)
            if written and not any(_may_write(written, title) for title in titles):
                found.append(
                    f"「{field}」第{start + 1}字处「{name}{written}」职务有误，{name}现任「{'、'.join(titles)}」"
                    "（严重表述错误）"
                )
            start = text.find(name, start + len(name))
    return found


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


def check_content_safety(entry, terms=None, roster=None):
    from .guards import GuardResult, attachment_label, entry_attachments, entry_texts, scan_document

    terms = active_terms() if terms is None else terms
    roster = active_roster() if roster is None else roster
    blocking, notes = [], []

    def check(plain, field):
        found, blocks = find_terms(plain, field, terms)
        (blocking if blocks else notes).extend(found)
        blocking.extend(find_wrong_titles(plain, field, roster))

    for field, text, is_html in entry_texts(entry):
        check(normalise(strip_tags(text) if is_html else text), field)
    for attachment, document in entry_attachments(entry):
        for where, text in scan_document(document).content.texts:
            check(normalise(text), attachment_label(attachment, where))
    if blocking:
        return GuardResult("内容安全", False, "内容安全审查未通过：" + "；".join(blocking + notes))
    if notes:
        return GuardResult("内容安全", True, "内容安全提醒：" + "；".join(notes))
    return GuardResult("内容安全", True, "未发现敏感词和常见错误表述")
