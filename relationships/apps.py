from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relationships"

    def ready(self) -> None:
        # The core finds the instrument through the registry, never by importing this app.
        from assessments.slices import register
        from relationships.slice import RelationshipSlice

        register(RelationshipSlice())
