from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/add/", views.task_add, name="task_add"),
    path("tasks/export.xlsx", views.task_export, name="task_export"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/ledger/", views.ledger, name="ledger"),
    path("<int:pk>/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("<int:pk>/funds/add/", views.fund_add, name="fund_add"),
    path("<int:pk>/expenses/add/", views.expense_add, name="expense_add"),
    path("<int:pk>/expenses/<int:expense_pk>/", views.expense_detail, name="expense_detail"),
    path("<int:pk>/expenses/<int:expense_pk>/edit/", views.expense_edit, name="expense_edit"),
    path("<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/decisions/add/",
        views.decision_add,
        name="decision_add",
    ),
    path("<int:pk>/documents/", views.document_list, name="document_list"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_detail, name="document_detail"),
    path(
        "<int:pk>/documents/<int:document_pk>/phases/<int:phase_pk>/edit/",
        views.phase_edit,
        name="phase_edit",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/milestones/<int:milestone_pk>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
]
