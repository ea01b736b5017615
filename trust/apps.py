from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "trust"

    def ready(self) -> None:
        from assessments.slices import register
        from trust.slice import TrustSlice

        register(TrustSlice())
