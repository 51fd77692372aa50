"""The database trigger that refuses to change a verdict version, raw SQL included.

The mechanism (and why it refuses UPDATE only) is config.immutable's.
"""

from config.immutable import ImmutableTable, install, installer

TABLE = ImmutableTable(
    "reviews_verdictversion",
    "verdict_version",
    "verdict versions never change; publish a new one",
)


def install_verdict_trigger(connection) -> None:
    install(connection, TABLE)


install_after_migrate = installer(TABLE)
