"""The quote-anchoring accuracy benchmark (benchmarks/anchoring_accuracy.py and its
package benchmarks/accuracy/) runs, reports every row including the twins, and with the
content's history never anchors a quote in a wrong place on a small seeded run. (Its
figures are read by hand from full runs; this only keeps it working.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_the_prose_mode_quotes_the_documents_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text(
        "---\ntitle: t\n---\n# Audits\n\nOpen models are audited less often than they are downloaded. "
        "Audits cost time and money, and few labs pay for them. In short, open models are audited less "
        "often than anyone would like. The methods used were built for closed models.\n",
        encoding="utf-8",
    )
    (tmp_path / "ja.md").write_text(
        "# 監査\n\n公開モデルはダウンロードされるほどには監査されていない。監査には時間も費用もかかる。"
        "つまり、公開モデルの監査は誰もが望むほどには行われていない。評価方法はまだ確立されていない。\n",
        encoding="utf-8",
    )
    command = [sys.executable, "benchmarks/anchoring_accuracy.py", "--prose", str(tmp_path), "--per-doc", "4"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = result.stdout.splitlines()
    for row in ("sentence deleted [en]", "sentence deleted [ja]", "one word changed [en]", "one word changed [ja]"):
        assert any(line.startswith(row) for line in lines), result.stdout + result.stderr
    assert "real prose anchored wrongly: 0 (required: 0)  PASS" in lines, result.stdout
