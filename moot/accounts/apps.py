from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "moot.accounts"
    verbose_name = "People and accounts"
