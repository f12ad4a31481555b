# Admin hooks of this app live in two modules, one per capability; importing them registers them.
from . import annual_hooks, dashboard_hooks  # noqa: F401
