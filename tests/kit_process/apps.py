from django.apps import AppConfig


class KitProcessConfig(AppConfig):
    """A process that exists only in the tests (请假申请): it gets the inbox, API, audit, deadlines,
    notifications and the conformance suite by registering itself with the kit."""

    name = "tests.kit_process"
    label = "kit_process"

    def ready(self):
        from tests.kit_process.spec import process_type
        from workflows.kit import registry

        registry.register(process_type())
