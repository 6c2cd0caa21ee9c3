from django.urls import path

from moot.discipline import suspension_views, views

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
    path("units/<int:unit_id>/suspension/", suspension_views.unit_suspension, name="unit_suspension"),
    path("units/<int:unit_id>/suspend/", suspension_views.suspend_unit, name="suspend_unit"),
    path(
        "unit-suspensions/<int:suspension_id>/<slug:outcome>/",
        suspension_views.review_unit_suspension,
        name="review_unit_suspension",
    ),
    path("interim/", suspension_views.interim_list, name="interim_list"),
    path("interim/<int:suspension_id>/<slug:action>/", suspension_views.interim_action, name="interim_action"),
    path("readmission/", suspension_views.readmission, name="readmission"),
    path("readmission/<int:application_id>/decide/", suspension_views.decide_readmission, name="decide_readmission"),
    path("reviews/", suspension_views.review_list, name="review_list"),
    path("reviews/<int:review_id>/decide/", suspension_views.decide_review, name="decide_review"),
]
