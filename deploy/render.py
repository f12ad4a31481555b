#!/usr/bin/env python3
"""Render deploy/templates for this checkout: systemd units, their environment file, the nginx site.

    python deploy/render.py [--output deploy/rendered] [--server-name gongkai.example.gov.cn] …

Then (as root): copy the units to /etc/systemd/system/, the environment file to the --env-file
path, the site to /etc/nginx/sites-enabled/; `systemctl daemon-reload && systemctl enable --now
gongkai-web gongkai-worker gongkai-beat && nginx -s reload` (README, Production)."""

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"


def values(args):
    root = Path(args.root).resolve()
    # The same defaults as cms/settings.py, from the same environment variables.
    static_root = os.environ.get("STATIC_ROOT", str(root / "static"))
    media_root = os.environ.get("MEDIA_ROOT", str(root / "media"))
    private_root = os.environ.get("DOCUMENTS_PRIVATE_ROOT", str(root / "var" / "private"))
    return {
        "ROOT": str(root),
        "VENV": str(Path(args.venv or root / ".venv").absolute()),
        "USER": args.user,
        "GROUP": args.group or args.user,
        "ENV_FILE": args.env_file,
        "BIND": args.bind,
        "WORKERS": str(args.workers),
        "CONCURRENCY": str(args.concurrency),
        "LISTEN": args.listen,
        "SERVER_NAME": args.server_name,
        "STATIC_ROOT": str(Path(static_root).resolve()),
        "MEDIA_ROOT": str(Path(media_root).resolve()),
        "PRIVATE_ROOT": str(Path(private_root).resolve()),
        "WRITABLE": " ".join(str(p) for p in (Path(media_root).resolve(), Path(private_root).resolve(), root / "var")),
    }


def render(args):
    table = values(args)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted(TEMPLATES.iterdir()):
        text = template.read_text(encoding="utf-8")
        for key, value in table.items():
            text = text.replace(f"@@{key}@@", value)
        target = output / template.name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def parser():
    p = argparse.ArgumentParser(description="为本检出目录生成 systemd 单元、环境文件和 nginx 站点配置")
    p.add_argument("--output", default=str(ROOT / "deploy" / "rendered"))
    p.add_argument("--root", default=str(ROOT), help="项目检出目录")
    p.add_argument("--venv", help="虚拟环境（默认 <root>/.venv）")
    p.add_argument("--user", default="gongkai")
    p.add_argument("--group")
    p.add_argument("--env-file", default="/etc/gongkai/gongkai.env")
    p.add_argument("--bind", default="127.0.0.1:8000")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=2, help="每个 Celery worker 的进程数")
    p.add_argument("--listen", default="80")
    p.add_argument("--server-name", default="localhost")
    return p


if __name__ == "__main__":
    for path in render(parser().parse_args()):
        print(path)
