from django.db import migrations

FIVE_PUBLIC = ["决策公开", "执行公开", "管理公开", "服务公开", "结果公开"]
GENRES = ["通知", "公告", "决定", "意见", "办法", "规定", "报告", "方案", "计划", "总结", "解读", "名单", "预算",
          "决算", "批复", "函", "纪要", "其他"]
TOPICS = ["综合政务", "财政金融", "民政社区", "劳动就业", "城乡建设", "农业农村", "安全生产", "教育", "卫生健康",
          "文化", "公安司法", "自然资源", "生态环境", "交通运输", "商贸经济", "其他"]


def seed(apps, schema_editor):
    # Frozen copy of pages.vocabularies at the time of this migration.
    for model_name, names in (("FivePublicType", FIVE_PUBLIC), ("Genre", GENRES), ("Topic", TOPICS)):
        model = apps.get_model("pages", model_name)
        for i, name in enumerate(names):
            model.objects.get_or_create(name=name, defaults={"sort_order": (i + 1) * 10})


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
