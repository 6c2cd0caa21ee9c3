from django.urls import path

from moot.discipline import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.staff_intake, name="staff_intake"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/act/<slug:action>/", views.case_action, name="case_action"),
    path("cases/<int:case_id>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("notices/<int:notice_id>.pdf", views.notice_pdf, name="notice_pdf"),
    path("me/cases/", views.my_cases, name="my_cases"),
    path("me/complaint/", views.member_complaint, name="member_complaint"),
    path("complaints/", views.public_complaint, name="public_complaint"),
    path("oversight/", views.oversight, name="oversight"),
]
