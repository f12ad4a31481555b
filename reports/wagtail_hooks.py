# Admin hooks of this app live in two modules, one per capability; importing them registers them.
from . import dashboard_hooks  # noqa: F401
from .annual import hooks as annual_hooks  # noqa: F401
from .assessment import hooks as assessment_hooks  # noqa: F401
from .site_check import hooks as site_check_hooks  # noqa: F401
