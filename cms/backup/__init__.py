"""Backup and restore of the whole installation into one archive (README, Backup and restore).

``create_backup()`` writes a .tar.gz with ``manifest.json``, every database (SQLite through its
online backup API, PostgreSQL with ``pg_dump -Fc``) and every file root (``MEDIA_ROOT`` and the
private roots); ``restore_backup()`` puts it back into the databases and roots the current
settings name, which must be empty (fresh) unless ``force``."""

from .archive import create_backup  # noqa: F401
from .restore import restore_backup  # noqa: F401
