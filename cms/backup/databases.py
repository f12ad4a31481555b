"""Dump and load one database: SQLite through its online backup API, PostgreSQL with pg_dump and
pg_restore (Debian's postgresql-client; its version must be at least the server's)."""

import os
import re
import shutil
import sqlite3
import subprocess

from django.core.management.base import CommandError
from django.db import connections

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def vendor(alias):
    return connections[alias].vendor


def _pg_args(settings_dict):
    args, env = [], dict(os.environ)
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args + ["--dbname", settings_dict["NAME"]], env


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise CommandError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    return path


def _run_with_progress(command, env, progress, pattern):
    """Run a pg tool in verbose mode; each stderr line matching ``pattern`` is one step of progress."""
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, errors="replace")
    errors = []
    for line in process.stderr:
        if re.search(pattern, line):
            progress(line.strip())
        elif "error" in line.lower():
            errors.append(line.strip())
    if process.wait() != 0:
        raise CommandError(
            f"{os.path.basename(command[0])} 失败（退出码 {process.returncode}）：" + "；".join(errors[-5:])
        )


def dump(alias, target, progress):
    """Write database ``alias`` to the file ``target``; returns its kind."""
    connection = connections[alias]
    connection.close()
    return dump_database(connection.vendor, connection.settings_dict, target, progress)


def dump_database(kind, settings_dict, target, progress):
    if kind == SQLITE:
        source = sqlite3.connect(settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            # Online: other connections keep reading and writing while pages are copied.
            source.backup(copy, pages=256, progress=lambda status, remaining, total: progress(total - remaining, total))
        finally:
            copy.close()
            source.close()
        return SQLITE
    if kind == POSTGRESQL:
        args, env = _pg_args(settings_dict)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--verbose", "--file", str(target)]
        _run_with_progress(command + args, env, lambda line: progress(None, line), r"dumping contents of table")
        return POSTGRESQL
    raise CommandError(f"不支持备份 {kind} 数据库")


def is_empty(alias):
    """True when the database holds no table yet (a fresh database)."""
    connection = connections[alias]
    return not connection.introspection.table_names()


def load(alias, source, kind, progress):
    """Replace database ``alias`` with the dump ``source`` of ``kind``."""
    connection = connections[alias]
    if kind != connection.vendor:
        raise CommandError(
            f"备份中的数据库是 {kind}，当前配置的 {alias} 数据库是 {connection.vendor}：请使用同类数据库恢复"
        )
    connection.close()
    load_database(kind, connection.settings_dict, source, progress)


def load_database(kind, settings_dict, source, progress):
    if kind == SQLITE:
        dump_db = sqlite3.connect(source)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            dump_db.backup(
                target, pages=256, progress=lambda status, remaining, total: progress(total - remaining, total)
            )
        finally:
            target.close()
            dump_db.close()
        return
    args, env = _pg_args(settings_dict)
    command = [_tool("pg_restore"), "--no-owner", "--no-acl", "--clean", "--if-exists", "--exit-on-error", "--verbose"]
    _run_with_progress(
        command + args + [str(source)], env, lambda line: progress(None, line), r"processing data for table"
    )
