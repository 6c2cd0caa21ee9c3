from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "moot.ledger"
    verbose_name = "Ledger"
