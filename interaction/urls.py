"""Public URLs of 互动交流 (included by cms/urls.py before Wagtail's pages)."""

from django.urls import path

from . import views

urlpatterns = [
    path("zixun/", views.question_form, name="question_form"),
    path("zixun/huizhi/", views.question_receipt, name="question_receipt"),
    path("zixun/chaxun/", views.question_status, name="question_status"),
    path("zixun/changjian/", views.frequently_asked, name="question_faq"),
    path("zixun/<slug:portal_slug>/", views.question_form, name="question_form_for"),
    path("zhengji/", views.consultation_list, name="consultation_list"),
    path("zhengji/<int:pk>/", views.consultation_detail, name="consultation_detail"),
]
