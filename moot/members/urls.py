from django.urls import path

from moot.members import views

urlpatterns = [
    path("", views.member_search, name="member_search"),
    path("<int:member_id>/", views.member_detail, name="member_detail"),
    path("export.csv", views.member_export, name="member_export"),
    path("import/", views.member_import, name="member_import"),
    path("dashboard/", views.member_dashboard, name="member_dashboard"),
]
