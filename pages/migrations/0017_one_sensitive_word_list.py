"""The search hot-word filter's word file becomes part of the 内容安全词库 (issue 13): one list.

Its words are seeded as 检索屏蔽词 (never a 热词, no effect on publishing: 毒品 and 邪教 are ordinary
words of 禁毒 and 反邪教 notices), and so are the words of a local file a deployment named in
SEARCH_SENSITIVE_WORDS_FILE, which is no longer read."""

import os
from pathlib import Path

from django.db import migrations, models

# search/dictionaries/sensitive_words.txt as it was shipped.
BUNDLED = ["赌博", "博彩", "色情", "毒品", "枪支", "代开发票", "办证", "翻墙", "法轮", "邪教", "暴恐"]


def file_words(path):
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def seed(apps, schema_editor):
    Term = apps.get_model("pages", "ContentSafetyTerm")
    local = os.environ.get("SEARCH_SENSITIVE_WORDS_FILE", "")
    for word in BUNDLED + (file_words(local) if local else []):
        Term.objects.get_or_create(term=word[:100], defaults={"kind": "search"})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0016_entry_change_feed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contentsafetyterm",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sensitive", "敏感词（禁止发布）"),
                    ("wrong", "常见错误表述（提醒）"),
                    ("search", "检索屏蔽词（不作热词，不影响发布）"),
                ],
                default="sensitive",
                help_text="敏感词禁止发布且不作热词；检索屏蔽词只是不作热词（如“毒品”，禁毒宣传中正常使用）",
                max_length=10,
                verbose_name="类型",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
