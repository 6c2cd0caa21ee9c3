from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "moot.rulebook"
    verbose_name = "Rulebook and proscriptions"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from moot.rulebook.services import install_default_rulebook_if_empty

        # A fresh database (and a test database after each flush) always has the standing rules.
        post_migrate.connect(install_default_rulebook_if_empty, sender=self)
