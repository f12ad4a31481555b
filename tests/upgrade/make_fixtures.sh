#!/usr/bin/env bash
# Upgrade fixtures made by the code of one commit (default b5c0745, before the model move).
#
#   bash tests/upgrade/make_fixtures.sh [COMMIT]
#
# In a throw-away git worktree of COMMIT under /tmp, with this checkout's .venv python
# (PYTHON=… to override): migrate + load_demo + make_extra.py, on SQLite and on a fresh
# PostgreSQL database upgrade_src (127.0.0.1:$PG_PORT, default 54329). Writes to
# tests/upgrade/fixtures/:
#   demo-<sha>.sqlite3.gz        the SQLite database
#   demo-<sha>.pg.sql.gz         plain pg_dump --no-owner --no-privileges
#   demo-<sha>.files.tar.gz      private/ (request attachments, answers) and media/ (if < 2 MB)
#   demo-<sha>.manifest.json     counts, content types, group permissions, report, requests
# KEEP_WORK=1 keeps the temp dir and the upgrade_src database.
# make_extra.py and manifest.py (run with COMMIT's code) are written for the layout before the
# move of the request models out of ``workflows``; adapt them to make fixtures of a later commit.
set -euo pipefail

COMMIT=${1:-b5c0745}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(git -C "$HERE" rev-parse --show-toplevel)
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
PG_PORT=${PG_PORT:-54329}
PG_DB=upgrade_src
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/pg_dump" ] || PG_BIN=$(dirname "$(command -v pg_dump)")
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qX)
export PGOPTIONS="-c client_min_messages=warning"
MEDIA_LIMIT=$((2 * 1024 * 1024))

FULL=$(git -C "$REPO" rev-parse --verify "$COMMIT^{commit}")
SHA=$(git -C "$REPO" rev-parse --short=7 "$FULL")
OUT=$HERE/fixtures
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/upgrade-fixtures.XXXXXX)
SRC=$WORK/src
START=$SECONDS

say() { printf '==> [%3ds] %s\n' $((SECONDS - START)) "$*"; }

cleanup() {
    git -C "$REPO" worktree remove --force "$SRC" 2>/dev/null || true
    git -C "$REPO" worktree prune
    if [ -z "${KEEP_WORK:-}" ]; then
        rm -rf "$WORK"
        "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" 2>/dev/null || true
    else
        echo "kept $WORK and database $PG_DB"
    fi
}
trap cleanup EXIT

say "commit $FULL ($SHA): worktree $SRC"
git -C "$REPO" worktree add --detach --quiet "$SRC" "$FULL"

# Run python in the old checkout against one database, with private dirs under $WORK/<name>.
django() {
    local name=$1 url=$2
    shift 2
    (cd "$SRC" && env -u SEARCH_URL -u CELERY_BROKER_URL -u CACHE_URL -u SQLITE_TEST_DB \
        DJANGO_SETTINGS_MODULE=cms.settings PYTHONPATH="$SRC" DATABASE_URL="$url" \
        MEDIA_ROOT="$WORK/$name/media" DISCLOSURE_PRIVATE_ROOT="$WORK/$name/private" \
        IMPORT_PRIVATE_ROOT="$WORK/$name/import" IMPORT_REPORT_DIR="$WORK/$name/import-reports" \
        STATIC_ROOT="$WORK/$name/static" EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
        "$PYTHON" "$@")
}

populate() {
    local name=$1 url=$2
    mkdir -p "$WORK/$name/media" "$WORK/$name/private"
    say "$name: migrate"
    django "$name" "$url" manage.py migrate --noinput >"$WORK/$name-migrate.log"
    say "$name: load_demo"
    django "$name" "$url" manage.py load_demo >"$WORK/$name-load_demo.log"
    say "$name: extra request, annual report"
    django "$name" "$url" "$HERE/make_extra.py"
    say "$name: manifest"
    django "$name" "$url" "$HERE/manifest.py" "$WORK/$name.manifest.json"
}

# --- SQLite -----------------------------------------------------------------------------
SQLITE=$WORK/upgrade.sqlite3
populate sqlite "sqlite:///$SQLITE"
say "sqlite: snapshot (VACUUM INTO, rollback journal) → demo-$SHA.sqlite3.gz"
"$PYTHON" - "$SQLITE" "$WORK/snapshot.sqlite3" <<'EOF'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
src.execute("VACUUM INTO ?", (sys.argv[2],))
src.close()
dst = sqlite3.connect(sys.argv[2])
dst.execute("PRAGMA journal_mode=DELETE")
dst.close()
EOF
gzip -9n -c "$WORK/snapshot.sqlite3" >"$OUT/demo-$SHA.sqlite3.gz"

# --- PostgreSQL -------------------------------------------------------------------------
say "postgresql: fresh database $PG_DB on 127.0.0.1:$PG_PORT"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $PG_DB ENCODING 'UTF8' TEMPLATE template0"
populate pg "postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
say "postgresql: pg_dump → demo-$SHA.pg.sql.gz"
"$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --no-privileges "$PG_DB" \
    | gzip -9n >"$OUT/demo-$SHA.pg.sql.gz"

# --- files (from the SQLite run; the PostgreSQL run stores files under the same names) -------
MEDIA_BYTES=$(du -sb "$WORK/sqlite/media" | cut -f1)
PARTS=(private)
if [ "$MEDIA_BYTES" -lt "$MEDIA_LIMIT" ]; then
    PARTS+=(media)
    MEDIA_INCLUDED=true
    say "files: private/ and media/ ($MEDIA_BYTES bytes) → demo-$SHA.files.tar.gz"
else
    MEDIA_INCLUDED=false
    say "files: media/ is $MEDIA_BYTES bytes (≥ 2 MB): SKIPPED; only private/ → demo-$SHA.files.tar.gz"
fi
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$WORK/sqlite" -cf - "${PARTS[@]}" \
    | gzip -9n >"$OUT/demo-$SHA.files.tar.gz"

# --- manifest ---------------------------------------------------------------------------
say "manifest → demo-$SHA.manifest.json"
VERSIONS=$(cd "$SRC" && "$PYTHON" -c 'import django, wagtail; print(django.get_version(), wagtail.__version__)')
"$PYTHON" "$HERE/manifest.py" --merge "$WORK/sqlite.manifest.json" "$WORK/pg.manifest.json" \
    "$OUT/demo-$SHA.manifest.json" \
    "commit=$FULL" "shortsha=$SHA" "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "django=${VERSIONS% *}" "wagtail=${VERSIONS#* }" \
    "media_included=$MEDIA_INCLUDED" "media_bytes=$MEDIA_BYTES"

ls -l "$OUT"/demo-"$SHA".*
say "done"
