"""Eight threads writing one SQLite file at once: queued, never "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SECONDS = os.environ.get("CLAIMTRAIL_STRESS_SECONDS", "8")


def test_eight_concurrent_writers_on_sqlite_are_never_locked_out(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.hardening.sqlite_writers",
            str(tmp_path / "claimtrail.sqlite3"),
            SECONDS,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["journal_mode"] == "wal"
    assert outcome["locked_count"] == 0, outcome["locked"]
    assert outcome["errors"] == []
    assert outcome["done"] > 30, outcome
    assert outcome["mismatches"] == []
    assert outcome["chain_ok"]
