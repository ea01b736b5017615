from django.apps import AppConfig


class BehavioursConfig(AppConfig):
    name = "behaviours"

    def ready(self) -> None:
        from assessments.slices import register
        from behaviours.slice import BehaviourSlice

        register(BehaviourSlice())
