"""The whole demo installation (``manage.py load_demo``): the town portal with its catalog,
departments, users and entries (pages), then the demo disclosure requests, questions and a
consultation with its 反馈情况."""

from django.contrib.auth import get_user_model

from disclosure_requests.demo import load_demo_requests
from interaction.demo import load_demo_consultation, load_demo_questions
from pages.demo import load_demo_portal


def load_demo(progress=None):
    portal, catalog, users, report = load_demo_portal(progress=progress)
    admin = get_user_model().objects.get(username="admin")
    load_demo_requests(portal, admin)
    load_demo_questions(portal, admin)
    load_demo_consultation(portal, admin)
    return portal, catalog, users, report
