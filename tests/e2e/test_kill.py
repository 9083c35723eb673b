"""Nothing lost: ``build`` killed with SIGKILL at random moments, over a previous
site. ``site/`` must always be the previous complete site or the new complete
one (compared with clean builds of each), never a mixture; the next build must
succeed and remove the scratch folder a killed build left behind.

Half the kill points are uniform over the whole run (start-up, parsing,
rendering, writing); the other half land while the scratch folder exists, the
only moment a mixture could be made. ``GLOSS_FUZZ=long`` tries ten times as many.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from conftest import FIXTURES, FUZZ_STATS, ROOT, edit, tree

from gloss.commands.cli import main

KILL_POINTS = 200 if os.environ.get("GLOSS_FUZZ") == "long" else 20
ASSETS = 400  # many files, so that writing the site takes a while


def _previous(content: Path) -> None:
    """The site before: the small fixture plus a bundle of many assets."""
    shutil.copytree(FIXTURES / "small" / "content", content)
    bundle = content / "2026/03/agent-benchmarks"
    for i in range(ASSETS):
        (bundle / f"fig-{i:03}.png").write_bytes(f"figure {i} ".encode() * 200)


def _next(content: Path) -> None:
    """The site after: text edited, a bundle added, assets changed and removed."""
    edit(content / "2026/03/open-weights-audit/notes.yaml", "Audits lag downloads", "Audits trail downloads")
    edit(content / "2026/03/agent-benchmarks/index.md", "Scores fell.", "Scores fell sharply.")
    extra = content / "2026/04/new-findings"
    extra.mkdir(parents=True)
    (extra / "index.md").write_text("# New findings\n\n## Summary\n\nSomething changed.\n")
    (extra / "notes.yaml").write_text("date: 2026-04-01\nsummary: New.\ntags: [safety]\n")
    bundle = content / "2026/03/agent-benchmarks"
    for i in range(0, ASSETS, 2):
        (bundle / f"fig-{i:03}.png").write_bytes(f"changed {i} ".encode() * 150)
    for i in range(1, ASSETS, 8):
        (bundle / f"fig-{i:03}.png").unlink()


def _build_in_process(content: Path, out: Path) -> None:
    with redirect_stderr(io.StringIO()) as err:
        code = main(["build", "--no-search", "--content", str(content), "--out", str(out)])
    assert code == 0, err.getvalue()


def _command(content: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        str(ROOT / "build.py"),
        "build",
        "--no-search",
        "--content",
        str(content),
        "--out",
        str(out),
    ]


def _scratch(out: Path) -> bool:
    return bool(list(out.parent.glob(f".{out.name}.new-*")))


def _timing(content: Path, out: Path) -> tuple[float, float]:
    """How long a build over the previous site takes, and how long its scratch folder lives."""
    started = time.monotonic()
    proc = subprocess.Popen(_command(content, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    appeared = gone = None
    while proc.poll() is None:
        if appeared is None and _scratch(out):
            appeared = time.monotonic()
        elif appeared is not None and gone is None and not _scratch(out):
            gone = time.monotonic()
        time.sleep(0.001)
    assert proc.returncode == 0
    end = time.monotonic()
    return end - started, ((gone or end) - appeared) if appeared else 0.1


def _kill_after(
    proc: subprocess.Popen[bytes], out: Path, rng: random.Random, duration: float, window: float, during_write: bool
) -> str:
    """SIGKILL ``proc`` at a random moment; say which phase it was in, as far as seen."""
    if during_write:
        deadline = time.monotonic() + duration * 3
        while not _scratch(out) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, window * 1.2))
    else:
        time.sleep(rng.uniform(0, duration * 1.1))
    phase = "finished" if proc.poll() is not None else "killed"
    if phase == "killed":
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return phase


def _lost_bytes(previous: dict[str, bytes], now: dict[str, bytes]) -> int:
    """Bytes of the previous site that are neither there nor replaced by the new site."""
    return sum(len(data) for path, data in previous.items() if now.get(path) != data)


@pytest.mark.fuzz
def test_sigkill_never_leaves_a_mixed_site(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("GLOSS_KILL_SEED", "7")))
    before, after = tmp_path / "before", tmp_path / "after"
    _previous(before)
    shutil.copytree(before, after)
    _next(after)
    reference = {}
    for name, content in (("before", before), ("after", after)):
        _build_in_process(content, tmp_path / f"clean-{name}")
        reference[name] = tree(tmp_path / f"clean-{name}")
    assert reference["before"] != reference["after"]
    out = tmp_path / "site"
    shutil.copytree(tmp_path / "clean-before", tmp_path / "timing")
    duration, window = _timing(after, tmp_path / "timing")
    FUZZ_STATS["sigkill: ms one build takes"] = round(duration * 1000)
    FUZZ_STATS["sigkill: ms of it with the scratch folder present"] = round(window * 1000)
    outcomes: dict[str, int] = {}
    for point in range(KILL_POINTS):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(tmp_path / "clean-before", out)
        proc = subprocess.Popen(_command(after, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        phase = _kill_after(proc, out, rng, duration, window, during_write=point % 2 == 1)
        now = tree(out)
        state = "previous" if now == reference["before"] else "new" if now == reference["after"] else "MIXED"
        outcomes[f"{phase}, site {state}"] = outcomes.get(f"{phase}, site {state}", 0) + 1
        FUZZ_STATS["sigkill: kill points tried"] += phase == "killed"
        FUZZ_STATS["sigkill: bytes of the previous site lost"] += (
            _lost_bytes(reference["before"], now) if state == "MIXED" else 0
        )
        FUZZ_STATS["sigkill: mixed sites"] += state == "MIXED"
        FUZZ_STATS["sigkill: scratch folders left by the killed build"] += len(list(tmp_path.glob(".site.new-*")))
        shutil.rmtree(tmp_path / "timing", ignore_errors=True)
        assert state != "MIXED", f"kill point {point}: a mixture of the two sites"
        _build_in_process(after, out)  # the next build succeeds…
        assert tree(out) == reference["after"]
        assert not list(tmp_path.glob(".site.new-*")), "…and removes what the killed one left"
    killed = sum(n for key, n in outcomes.items() if key.startswith("killed"))
    assert killed >= KILL_POINTS // 2, outcomes  # the kills landed while it ran
    for key, count in sorted(outcomes.items()):
        FUZZ_STATS[f"sigkill: {key}"] += count


def test_a_running_builds_scratch_folder_is_left_alone(tmp_path: Path) -> None:
    import fcntl

    from gloss.publish.write import remove_stale

    out = tmp_path / "site"
    out.mkdir()
    running, dead = tmp_path / ".site.new-running", tmp_path / ".site.new-dead"
    for folder in (running, dead):
        folder.mkdir()
        (folder / "index.html").write_text("half a site")
    (tmp_path / ".other.new-x").mkdir()  # another output folder's: not ours to touch
    fd = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as write_site holds it while writing
        assert remove_stale(out) == [dead]
        assert running.is_dir() and not dead.exists() and (tmp_path / ".other.new-x").is_dir()
    finally:
        os.close(fd)
    assert remove_stale(out) == [running]
