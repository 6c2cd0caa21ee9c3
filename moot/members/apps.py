from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "moot.members"
    verbose_name = "Membership register"
