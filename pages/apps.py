from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The disclosure catalog and its entries: page types, departments, the one publishing
    pipeline (``publishing/``), importing, permissions, the public API, feed and sitemap.

    Layer: the bottom. It imports no other app (only the leaf modules ``search.fields``,
    ``cms.storage``); the layers above hear from it through signals (``pages.signals``,
    Wagtail's page signals)."""

    name = "pages"
    verbose_name = "公开目录"

    def ready(self):
        from django.db.models.signals import post_save

        from . import explore_policy, tree_paths

        tree_paths.register()
        explore_policy.register()

        from . import changes, indexing
        from .models import ENTRY_TYPES, CatalogArea, CatalogItem
        from .permissions import sync_node_permissions

        # Django sends post_save with the concrete class: each entry type is connected.
        for entry_model in ENTRY_TYPES:
            indexing.connect(entry_model)
        changes.connect()  # the change record the search index and the change feed follow

        from django.db.models.signals import post_delete
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .public_version import bump as bump_public_content_version

        # A move may put an entry under a view restriction (or out of one): cached answers go at once.
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(bump_public_content_version, weak=False, dispatch_uid=f"public-version-{id(signal)}")
        post_save.connect(
            bump_public_content_version,
            sender=PageViewRestriction,
            weak=False,
            dispatch_uid="public-version-restriction",
        )

        def node_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                sync_node_permissions(instance)

        for model in (CatalogArea, CatalogItem):
            post_save.connect(node_saved, sender=model, weak=False, dispatch_uid=f"sync-perms-{model.__name__}")

        from .models import DisclosurePortal
        from .permissions import portals_changed

        for signal in (post_save, post_delete):  # office_portals() keeps its answer on the user object
            signal.connect(portals_changed, sender=DisclosurePortal, dispatch_uid=f"office-portals-{id(signal)}")
