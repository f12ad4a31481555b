from wagtail import hooks

from .publication import GUARD_LOG_ACTION, IMPORT_PUBLISH_LOG_ACTION


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    actions.register_action(GUARD_LOG_ACTION, "保密审查", "保密审查通过")
    actions.register_action(IMPORT_PUBLISH_LOG_ACTION, "导入发布", "由导入命令发布")
