from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "公开目录"

    def ready(self):
        from django.db.models.signals import post_save

        from .models import CatalogArea, CatalogItem
        from .permissions import sync_node_permissions

        def node_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                sync_node_permissions(instance)

        for model in (CatalogArea, CatalogItem):
            post_save.connect(node_saved, sender=model, dispatch_uid=f"sync-perms-{model.__name__}")
