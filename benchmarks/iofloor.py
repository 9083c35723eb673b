"""The I/O floor: read every file of a corpus and write the same bytes into a fresh folder.

    python benchmarks/iofloor.py CONTENT DEST

Run as its own process by compare.py, like a build: no generator can write a
site from these sources in less time than reading them and writing as many
bytes (Python's start-up included, as it is in gloss's builds).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def copy_bytes(src: Path, dest: Path) -> int:
    """Copy every file under ``src`` to ``dest`` by reading and writing its bytes; return the bytes copied."""
    total = 0
    for folder, _dirs, files in os.walk(src):
        target = dest / os.path.relpath(folder, src)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            with open(target / name, "wb") as f:
                f.write(data)
            total += len(data)
    return total


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    copy_bytes(Path(sys.argv[1]), Path(sys.argv[2]))
