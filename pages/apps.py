from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "公开目录"

    def ready(self):
        from django.db.models.signals import post_save

        from . import indexing
        from .models import CatalogArea, CatalogItem, DisclosureEntry
        from .permissions import sync_node_permissions

        indexing.connect(DisclosureEntry)

        def node_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                sync_node_permissions(instance)

        for model in (CatalogArea, CatalogItem):
            post_save.connect(node_saved, sender=model, weak=False, dispatch_uid=f"sync-perms-{model.__name__}")
