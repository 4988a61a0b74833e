"""The admin app with the project's own default site (``accounts.scoped_admin.ScopedAdminSite``).

Kept apart from ``accounts.apps`` so INSTALLED_APPS can name it without importing any model.
"""

from django.contrib.admin.apps import AdminConfig


class ScopedAdminConfig(AdminConfig):
    default_site = "accounts.scoped_admin.ScopedAdminSite"
