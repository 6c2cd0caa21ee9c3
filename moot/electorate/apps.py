from django.apps import AppConfig


class ElectorateConfig(AppConfig):
    name = "moot.electorate"
    verbose_name = "Electorates"
