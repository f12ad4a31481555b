"""部门考核: per department per month, quarter or year — rules (``rules.py``), scores
(``scores.py``), the admin page and its Excel export (``views.py``, ``export.py``)."""

from .rules import INDICATORS, indicator_score, indicators, total_score
from .scores import Period, assess

__all__ = ["INDICATORS", "Period", "assess", "indicator_score", "indicators", "total_score"]
