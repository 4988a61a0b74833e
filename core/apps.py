from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import checks, listcache  # noqa: F401 - checks registers the deployment check

        # Every write to a watched table renews the list cache's generation (core.listcache).
        connection_created.connect(listcache.install, dispatch_uid="jgt-listcache")
        for connection in connections.all(initialized_only=True):
            listcache.install(connection)
