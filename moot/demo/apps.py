from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "moot.demo"
    verbose_name = "Demo organisation"
