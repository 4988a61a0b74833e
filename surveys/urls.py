from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/close/", views.round_close, name="round_close"),
    path("<int:pk>/results.pdf", views.round_pdf, name="round_pdf"),
    path("<int:pk>/schools/<int:school_pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/schools/<int:school_pk>/qr.png", views.qr_png, name="qr_png"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
    path("questionnaires/<int:pk>/edit/", views.questionnaire_update, name="questionnaire_update"),
    # The public answer page: no login, found by the link's unguessable token.
    path("s/<str:token>/", views.answer, name="answer"),
]
