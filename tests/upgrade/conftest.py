"""The upgrade tests migrate dumps of both databases in their own processes and databases,
whatever the pass: they run once per `make test`, in the SQLite pass."""

from tests.passes import postgres_pass

if postgres_pass():
    collect_ignore_glob = ["test_*.py"]
