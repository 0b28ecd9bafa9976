"""Bounded property-based runs in the normal suite; ``STEPWISE_LONG=1`` raises every count (the "long" profile).

The normal profile is derandomised, so a run is repeatable and a failure in CI shows again locally; the long
profile draws new examples on every run. Neither keeps an example database in the work tree.
"""

import os

from hypothesis import HealthCheck, settings

from tests.workflows.party.conftest import party  # noqa: F401  (the party branch fixture, for every module here)

LONG = os.environ.get("STEPWISE_LONG") == "1"
settings.register_profile("stepwise", max_examples=150, deadline=None, database=None, derandomize=True)
settings.register_profile("long", max_examples=2000, deadline=None, database=None)
settings.load_profile("long" if LONG else "stepwise")

# Schemathesis: examples per API operation (each one HTTP request through the whole stack; 15 keeps the normal run
# to about a minute, derandomised so every run sends the same requests).
FUZZ_EXAMPLES = 300 if LONG else 15
fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    # Generated bodies are large and some operations filter many of them out; slow is expected here.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
