from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "moot.organisation"
    verbose_name = "Organisation"

    def ready(self) -> None:
        # Registers every predicate with django-rules before the first request asks.
        import moot.permissions  # noqa: F401
