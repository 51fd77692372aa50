"""Eight threads writing to one SQLite file with the production settings; prints JSON.

Run by ``test_concurrency_sqlite.py`` in a subprocess, because the test database
of pytest-django is in memory and not shared between threads the way a file is:
``python -m tests.hardening.sqlite_writers DB_PATH SECONDS``.
"""

import json
import os
import random
import sys
import threading
import time


def main(db_path: str, seconds: float) -> dict:
    os.environ["SQLITE_PATH"] = db_path
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError, connection

    from audit.chain import verify_chain
    from claims.models import Claim
    from config.roles import EDITORS, RESEARCHERS
    from tests.factories import ClaimFactory, SourceFactory, UserFactory
    from tests.hardening.workload import (
        EXPECTED_REFUSALS,
        one_action,
        replayed_status,
        transition_event_count,
    )

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    people = {
        "researcher": UserFactory(username="researcher", groups=[RESEARCHERS]),
        "other_researcher": UserFactory(
            username="other_researcher", groups=[RESEARCHERS]
        ),
        "editor": UserFactory(username="editor", groups=[EDITORS]),
        "other_editor": UserFactory(username="other_editor", groups=[EDITORS]),
    }
    claim_ids = [ClaimFactory().pk for _ in range(6)]
    sources = [SourceFactory() for _ in range(4)]
    connection.close()

    done = [0] * 8
    locked: list[str] = []
    errors: list[str] = []
    refused = [0] * 8
    deadline = time.monotonic() + seconds
    barrier = threading.Barrier(8)

    def worker(i: int) -> None:
        rng = random.Random(2000 + i)
        try:
            barrier.wait(timeout=10)
            while time.monotonic() < deadline:
                try:
                    one_action(rng, claim_ids, people, sources)
                    done[i] += 1
                except EXPECTED_REFUSALS:
                    refused[i] += 1
                except OperationalError as exc:
                    (locked if "locked" in str(exc) else errors).append(repr(exc))
        except BaseException as exc:  # noqa: BLE001  (reported in the JSON)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    mismatches = []
    for claim in Claim.objects.filter(pk__in=claim_ids):
        try:
            replayed = replayed_status(claim)
        except AssertionError as exc:
            mismatches.append(str(exc))
            continue
        if replayed != claim.status:
            mismatches.append(f"claim {claim.pk}: {claim.status} != {replayed}")
        if claim.version != 1 + transition_event_count(claim):
            mismatches.append(f"claim {claim.pk}: version {claim.version} lost updates")
    report = verify_chain()
    return {
        "journal_mode": journal,
        "done": sum(done),
        "refused": sum(refused),
        "locked": locked[:5],
        "locked_count": len(locked),
        "errors": errors[:5],
        "mismatches": mismatches,
        "chain_ok": report.ok,
        "events": report.checked,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]))))
