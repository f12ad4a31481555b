from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.monitoring import views as monitoring
from pages.display import switch_elder_mode, switch_text_size
from pages.feeds import EntriesFeed, PublicPagesSitemap
from search.policy_library import policy_library_view
from search.views import search_view
from workflows.views import workflow_action_view

# Admin bookmarks from before disclosure requests and the publication records had rooms of
# their own (their snippets lived under workflows/).
MOVED_SNIPPETS = {
    "workcalendaryear": "disclosure_requests",
    "answertemplate": "disclosure_requests",
    "publiccontactnumber": "pages",
}


def moved_snippet(request, model, rest=""):
    if model not in MOVED_SNIPPETS:
        raise Http404
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    return redirect(f"/admin/snippets/{MOVED_SNIPPETS[model]}/{model}/{rest}{query}", permanent=True)


urlpatterns = [
    # Browsers ask for /favicon.ico on their own: the system's logo (templates link it too).
    path("favicon.ico", RedirectView.as_view(url=static("cms/logo.svg"), permanent=True)),
    path("health/", monitoring.health, name="health"),
    path("health/live/", monitoring.live, name="health-live"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("admin/snippets/workflows/<slug:model>/", moved_snippet),
    path("admin/snippets/workflows/<slug:model>/<path:rest>", moved_snippet),
    # Wagtail's workflow action, with a clear 「已处理」 for a step somebody already finished.
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        workflow_action_view,
        name="gongkai_workflow_action",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("cms.api")),
    path("feeds/<slug:slug>.atom", EntriesFeed(), name="entries-feed"),
    path("search/", search_view, name="search"),
    path("zhengce/", policy_library_view, name="policy_library"),
    # Display preferences of the public site (长辈版, 字号), links that work without JavaScript.
    path("zhangbei/", switch_elder_mode, name="elder_mode"),
    path("zihao/<slug:size>/", switch_text_size, name="text_size"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap()}}, name="sitemap"),
    # Disclosure on request (依申请公开): public form, receipt, status by tracking code.
    path("yishenqing/", include("disclosure_requests.urls")),
    # 互动交流: 政务咨询 (questions) and 意见征集 (consultations on draft decisions).
    path("hudong/", include("interaction.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
