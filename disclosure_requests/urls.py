"""Public URLs of disclosure on request (included by cms/urls.py before Wagtail's pages)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.request_form, name="disclosure_request_form"),
    path("huizhi/", views.receipt, name="disclosure_request_receipt"),
    path("chaxun/", views.status, name="disclosure_request_status"),
    path("chehui/", views.withdraw, name="disclosure_request_withdraw"),
    path("<slug:portal_slug>/", views.request_form, name="disclosure_request_form_for"),
]
