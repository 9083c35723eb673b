"""The quote-anchoring accuracy benchmark (benchmarks/anchoring_accuracy.py and its
package benchmarks/accuracy/) runs, reports every row including the twins, and with the
content's history never anchors a quote in a wrong place on a small seeded run. (Its
figures are read by hand from full runs; this only keeps it working.)"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_a_small_run_reports_every_row_and_no_wrong_anchor_with_the_history() -> None:
    command = [sys.executable, "benchmarks/anchoring_accuracy.py", "--docs", "2", "--seed", "3", "--jobs", "1"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = result.stdout.splitlines()
    rows = {line[:28].strip() for line in lines}
    for edit in ("reword", "delete passage", "twin: passage deleted", "twin: one word changed"):
        assert f"{edit} [en]" in rows and f"{edit} [ja]" in rows, result.stdout + result.stderr
    assert any(line.startswith("anchored wrongly: 0 with the history") for line in lines), result.stdout
    for edit in ("passage deleted", "one word changed"):
        for lang in ("en", "ja", "zh"):
            assert any(line.startswith(f"twin (written): {edit} [{lang}]") for line in lines), result.stdout
    assert "hand-written twins anchored wrongly: 0 (required: 0)  PASS" in lines, result.stdout
