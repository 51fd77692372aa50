"""The Hypothesis settings the fuzz tests share; each sets its own number of examples."""

from hypothesis import HealthCheck, settings

# No deadline and no too_slow: an example is a request or an import, whose time
# varies with the machine. The examples share the test's function-scoped fixtures
# (clients, personas) on purpose.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
