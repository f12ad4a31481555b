"""The whole demo installation (``manage.py load_demo``): the town portal with its catalog,
departments, users and entries (pages), then the demo disclosure requests."""

from django.contrib.auth import get_user_model

from disclosure_requests.demo import load_demo_requests
from pages.demo import load_demo_portal


def load_demo(progress=None):
    portal, catalog, users, report = load_demo_portal(progress=progress)
    load_demo_requests(portal, get_user_model().objects.get(username="admin"))
    return portal, catalog, users, report
