from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "moot.discipline"
    verbose_name = "Discipline and due process"

    def ready(self) -> None:
        from moot import tick
        from moot.discipline import permissions  # noqa: F401  (registers the rules predicates)
        from moot.discipline.tick import discipline_due

        tick.register("discipline", discipline_due)
