"""deploy/: the rendered systemd units and nginx site pass Debian's own checkers."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def tool(name):
    path = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} not found: `make test` installs it (.ci/deploy-tools.sh)")
        pytest.skip(f"{name} is not installed (make test installs it with .ci/deploy-tools.sh)")
    return path


@pytest.fixture
def rendered(tmp_path):
    output = tmp_path / "rendered"
    subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "render.py"), "--output", str(output), "--user", "root",
         "--server-name", "gongkai.test"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return output


def nginx_main(tmp_path, site):
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {site};\n}}\n"
    )
    return main


def test_every_placeholder_is_filled_with_the_checkouts_paths(rendered):
    names = sorted(p.name for p in rendered.iterdir())
    assert names == sorted(p.name for p in (ROOT / "deploy" / "templates").iterdir())
    for path in rendered.iterdir():
        assert "@@" not in path.read_text(), path.name
    web = (rendered / "gongkai-web.service").read_text()
    assert f"WorkingDirectory={ROOT}" in web
    assert f"ExecStart={ROOT}/.venv/bin/gunicorn cms.wsgi" in web
    env = (rendered / "gongkai.env").read_text()
    assert "DOCUMENTS_ACCEL_REDIRECT=/_private/documents/" in env


def test_nginx_accepts_the_site(rendered, tmp_path):
    result = subprocess.run(
        [tool("nginx"), "-t", "-c", str(nginx_main(tmp_path, rendered / "nginx-site.conf"))],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The checker does fail: a misspelt directive is refused.
    broken = tmp_path / "broken.conf"
    broken.write_text((rendered / "nginx-site.conf").read_text().replace("proxy_pass ", "proxy_passs ", 1))
    result = subprocess.run(
        [tool("nginx"), "-t", "-c", str(nginx_main(tmp_path, broken))], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "proxy_passs" in result.stderr


def test_the_private_root_is_served_only_as_an_internal_location(rendered):
    site = (rendered / "nginx-site.conf").read_text()
    private = str(Path(os.environ.get("DOCUMENTS_PRIVATE_ROOT", ROOT / "var" / "private")).resolve())
    blocks = site.split("location ")
    serving_private = [b for b in blocks if private in b]
    assert len(serving_private) == 1
    assert serving_private[0].startswith("/_private/documents/ {") and "internal;" in serving_private[0]


def test_systemd_accepts_the_units(rendered):
    units = sorted(str(p) for p in rendered.glob("*.service"))
    assert len(units) == 3
    result = subprocess.run([tool("systemd-analyze"), "verify", *units], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    bad = rendered / "gongkai-bad.service"
    bad.write_text((rendered / "gongkai-web.service").read_text().replace("/bin/gunicorn", "/bin/no-such-gunicorn"))
    result = subprocess.run([tool("systemd-analyze"), "verify", str(bad)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "no-such-gunicorn" in result.stderr
