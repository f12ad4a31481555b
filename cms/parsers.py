"""The API's JSON parser: a clear 400 instead of a 500 for JSON nested too deep to be data, and
for control characters in any string (issue 12). A leaf module (imports no app)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .plain_text import describe_control_character

MAX_DEPTH = 32


def _check(value, path, depth):
    if depth > MAX_DEPTH:
        raise ParseError(f"JSON 嵌套层数超过 {MAX_DEPTH} 层，无法处理")
    if isinstance(value, dict):
        for key, item in value.items():
            _check(key, path, depth)
            _check(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]", depth + 1)
    elif isinstance(value, str):
        found = describe_control_character(value)
        if found:
            where = f"「{path}」" if path else ""
            raise ParseError(f"提交的内容{where}含有控制字符（{found}），请删除后重新提交")


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON 嵌套层数超过 {MAX_DEPTH} 层，无法处理")
        _check(data, "", 0)
        return data
