"""The app of a process: ``class <Process>Config(ProcessConfig)`` in its apps.py registers it with the kit."""

from importlib import import_module

from django.apps import AppConfig


class ProcessConfig(AppConfig):
    """When Django starts, registers the process its ``spec`` module declares (``process_type()``)."""

    def ready(self) -> None:
        from workflows.kit.registry import register  # the registry reads models: not before the apps are ready

        register(import_module(f"{self.name}.spec").process_type())
