"""The house rules of the layout (README, Layout) that no linter checks."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["cms", "pages", "search", "workflows", "disclosure_requests", "reports"]
MAX_LINES = 400  # a module longer than this is doing more than one thing


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_the_size_limit():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in app_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_every_app_says_where_it_sits_in_the_dependency_rule():
    for app in APPS:
        if app == "cms":
            continue
        doc = ast.get_docstring(
            next(n for n in ast.parse((ROOT / app / "apps.py").read_text()).body if isinstance(n, ast.ClassDef))
        )
        assert doc and "Layer" in doc, app
