from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "moot.discipline"
    verbose_name = "Discipline and due process"

    def ready(self) -> None:
        from moot.discipline import permissions  # noqa: F401  (registers the rules predicates)
