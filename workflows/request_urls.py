"""Public URLs of disclosure on request (included by cms/urls.py before Wagtail's pages)."""

from django.urls import path

from . import request_views

urlpatterns = [
    path("", request_views.request_form, name="disclosure_request_form"),
    path("huizhi/", request_views.receipt, name="disclosure_request_receipt"),
    path("chaxun/", request_views.status, name="disclosure_request_status"),
    path("chehui/", request_views.withdraw, name="disclosure_request_withdraw"),
    path("<slug:portal_slug>/", request_views.request_form, name="disclosure_request_form_for"),
]
