from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pages.feeds import EntriesFeed, PublicPagesSitemap
from pages.views import search_view

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("cms.api")),
    path("feeds/<slug:slug>.atom", EntriesFeed(), name="entries-feed"),
    path("search/", search_view, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap()}}, name="sitemap"),
    # Disclosure on request (依申请公开): public form, receipt, status by tracking code.
    path("yishenqing/", include("workflows.request_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
