"""Build the portal: check the content, run Pelican, publish atomically.

Pelican writes into a fresh temporary folder next to ``output/``; only when
the build succeeded does that folder replace ``output/`` (two renames). A
failed or killed build therefore leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(
    settings_file: Path, output: Path, content: Path | None = None, extra: dict | None = None
) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    overrides = dict(extra or {})
    if content is not None:
        overrides["PATH"] = str(Path(content).resolve())
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    overrides["OUTPUT_PATH"] = str(staging)
    settings = read_settings(str(settings_file), override=overrides)
    started = time.perf_counter()
    counter = _WarningCounter()
    logging.getLogger().addHandler(counter)
    try:
        pelican = Pelican(settings)
        pelican.run()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Xây dựng thất bại — {output} giữ nguyên bản trước.", file=sys.stderr)
        raise
    finally:
        logging.getLogger().removeHandler(counter)
    _swap(staging, output)
    pages = sum(1 for _ in output.rglob("*.html"))
    print(
        f"Đã xây dựng {pages} trang HTML vào {output} trong {time.perf_counter() - started:.1f} s"
        f" ({counter.warnings} cảnh báo)"
    )
    return 0


class _WarningCounter(logging.Handler):
    """Counts the warnings Pelican and the plugins log, for the summary line."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings += 1


def _swap(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with renames only."""
    os.chmod(staging, 0o755)
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        output.rename(old)
    staging.rename(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    os.chdir(ROOT)
    return build(Path(args.settings), Path(args.output), Path(args.content) if args.content else None)


if __name__ == "__main__":
    sys.exit(main())
