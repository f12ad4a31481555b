"""Content negotiation for the API: the browsable API (HTML) is for signed-in users only.

Anonymous callers always get JSON (or 406 when they accept nothing else), so the public
response cache (``cms.middleware.PublicAPICacheMiddleware``), which stores anonymous responses
only, can never hand the browsable page to a JSON client (issue 12, finding 3).
A leaf module: DRF loads it by name while ``rest_framework.views`` is imported.
"""

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer


class SignedInBrowsableNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated):
            renderers = [r for r in renderers if not isinstance(r, BrowsableAPIRenderer)] or renderers
        return super().select_renderer(request, renderers, format_suffix)
