"""Users and roles in the admin. A bureau administrator manages its own district's users only.

Write path: the admin is the one place users are created and changed, through
``services.user_save`` (the role binding is checked by ``User.clean`` and the model's
constraints); a user, who carries no history, may be deleted here. Superusers are outside every
bureau administrator's scope (``accounts.visibility``): one can be neither seen nor edited here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from accounts.scoped_admin import (
    DistrictScopedAdminMixin,
    ServiceWriteMixin,
    is_platform,
    scoped_related_filter,
)

from . import services
from .models import User

# Roles are the one way rights are given (accounts.access); groups are not used.
admin.site.unregister(Group)

ROLE_FIELDS = ["role", "district", "community", "school", "phone"]


@admin.register(User)
class ScopedUserAdmin(ServiceWriteMixin, DistrictScopedAdminMixin, UserAdmin):
    writes = True
    deletes = True
    list_display = [
        "username",
        "display_name",
        "role",
        "district",
        "community",
        "school",
        "is_staff",
        "is_active",
    ]
    list_filter = ["role", "is_staff", "is_active", ("district", scoped_related_filter)]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    list_select_related = ["district", "community", "school"]
    autocomplete_fields = ["community", "school"]
    ordering = ["username"]

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["last_name", "first_name", "email"]}),
        ("角色与范围", {"fields": ROLE_FIELDS}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("重要日期", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "usable_password", "password1", "password2"],
            },
        ),
        ("个人信息", {"fields": ["last_name", "first_name"]}),
        ("角色与范围", {"fields": [*ROLE_FIELDS, "is_staff"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description="姓名")
    def display_name(self, obj: User) -> str:
        return obj.display_name

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_platform(request.user):
            return fieldsets
        # Only the platform makes superusers.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "is_superuser"]})
            for name, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not is_platform(request.user):
            obj.district_id = request.user.district_id
            obj.is_superuser = False
        self.through_service(lambda: services.user_save(user=obj, actor=request.user))
