from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"

    def ready(self) -> None:
        from assessments.slices import register
        from practices.slice import PracticeSlice

        register(PracticeSlice())
