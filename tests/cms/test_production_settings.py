"""Production settings (issue 12, Low): the server refuses to start without SECRET_KEY when DEBUG is
off (the make targets write var/secret_key once); HTTPS redirect, HSTS and secure cookies are on
outside DEBUG and the test run, and `check --deploy` finds nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code, tmp_path, **env):
    # A process as gunicorn starts it: no pytest marker, nothing from the developer's environment.
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "PYTEST_VERSION", "SECRET_KEY_FILE")
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "cms.settings", "SECRET_KEY_FILE": str(tmp_path / "no-such-key")} | env)
    return subprocess.run([sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True)


def test_server_refuses_to_start_without_secret_key(tmp_path):
    refused = run("import cms.wsgi", tmp_path)
    assert refused.returncode != 0
    assert "未设置 SECRET_KEY" in refused.stderr
    assert run("import cms.wsgi", tmp_path, DEBUG="1").returncode == 0
    assert run("import cms.wsgi", tmp_path, SECRET_KEY="x" * 50).returncode == 0


def test_the_make_created_key_file_is_used(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("k" * 50 + "\n")
    started = run(
        "import cms.wsgi; from django.conf import settings; print(settings.SECRET_KEY)",
        tmp_path,
        SECRET_KEY_FILE=str(key),
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "k" * 50


def test_production_is_https_only_and_passes_the_deploy_check(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_PROXY_SSL_HEADER)"
    )
    prod = run(code, tmp_path, SECRET_KEY="p" * 50, ALLOWED_HOSTS="gk.example.gov.cn")
    assert prod.returncode == 0, prod.stderr
    assert prod.stdout.split()[:4] == ["True", "True", "True", "31536000"]
    assert "HTTP_X_FORWARDED_PROTO" in prod.stdout
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
        env={
            k: v
            for k, v in os.environ.items()
            if k not in ("DEBUG", "PYTEST_VERSION", "SECRET_KEY", "ALLOWED_HOSTS", "SECRET_KEY_FILE")
        }
        | {"SECRET_KEY": "p" * 30 + "Q9-z" * 10, "ALLOWED_HOSTS": "gk.example.gov.cn"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # Deliberate: subdomains and the preload list are the body's decision (README, Deployment);
    # SAMEORIGIN because the admin's preview is a frame of the site itself.
    warnings = set(re.findall(r"\(security\.(W\d+)\)", check.stdout + check.stderr))
    assert warnings == {"W005", "W019", "W021"}, check.stdout + check.stderr
    # make run (DEBUG=1) serves plain HTTP on loopback.
    dev = run(code, tmp_path, DEBUG="1")
    assert dev.stdout.split()[:3] == ["False", "False", "False"]
