"""网站自查: the portal against the government-website inspection indicators (国办秘函〔2019〕19号).

``run_site_check(portal)`` returns one ``Finding`` per indicator. The built-in checks are in
``checks.py``; other apps add theirs through the Wagtail hook ``register_site_checks`` (see
``registry.py``), so this package never imports them.
"""

from .registry import Finding, SiteCheckResult, run_site_check, run_site_checks

__all__ = ["Finding", "SiteCheckResult", "run_site_check", "run_site_checks"]
