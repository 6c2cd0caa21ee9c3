from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "moot.dashboard"
    verbose_name = "Dashboards"
