"""Helpers of the bad-input and safety tests: a copy of the golden fixture
site with one broken file or setting, built with ``scripts/build.py``.

``build_in_process`` runs ``scripts.build.main`` in this process (fast: no
Python start-up, no re-import of Pelican) and returns the exit code, stdout
and stderr; ``build_subprocess`` runs the real command line, as ``make html``
does. Both build into ``<tmp>/output`` over a previous site, so a test can
check that a failed build leaves it untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SITE = ROOT / "tests" / "fixtures" / "golden_site"
BAD_INPUT = ROOT / "tests" / "fixtures" / "bad_input"
PYTHON = ROOT / ".venv" / "bin" / "python"
LEAD = "articles/2025/vufo-lam-viec-voi-can-tho.md"  # the article most cases break
OLD = "articles/2017/thai-binh-trien-khai-cong-tac-2017.md"


@dataclass
class Site:
    """A writable fixture site under ``tmp``: content, data, settings, output."""

    tmp: Path

    @property
    def content(self) -> Path:
        return self.tmp / "content"

    @property
    def data(self) -> Path:
        return self.tmp / "data"

    @property
    def output(self) -> Path:
        return self.tmp / "output"

    @property
    def settings(self) -> Path:
        return self.tmp / "settings.py"

    def file(self, rel: str) -> Path:
        return self.content / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.file(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.file(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def set(self, **settings: object) -> None:
        """Add settings to the site's settings file (after the project's)."""
        with self.settings.open("a", encoding="utf-8") as out:
            for key, value in settings.items():
                out.write(f"{key} = {value!r}\n")


def make_site(tmp: Path, content: Path = GOLDEN_SITE, english: bool = False) -> Site:
    """Copy the fixture content and the reference data; write hermetic settings.

    ``english``: keep the fixture's English edition (``content/en/`` and the
    ``Translation_Key`` lines); without it the site is Vietnamese only, as
    the bad-input cases were written for (they copy and break its articles)."""
    site = Site(tmp)
    shutil.copytree(content, site.content)
    if not english:
        shutil.rmtree(site.content / "en", ignore_errors=True)
        for path in site.content.rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            kept = "".join(
                line
                for line in text.splitlines(keepends=True)
                if not line.startswith("Translation_Key:")
            )
            if kept != text:
                path.write_text(kept, encoding="utf-8")
    shutil.copytree(ROOT / "data", site.data, ignore=shutil.ignore_patterns("analytics"))
    site.settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        "SITEURL = ''\n"
        "CACHE_CONTENT = False\n"
        "LOAD_CONTENT_CACHE = False\n"
        f"CACHE_PATH = {str(tmp / 'cache')!r}\n"
        f"PORTAL_DATA_DIR = {str(site.data)!r}\n"
        # A fixed clock: which articles are scheduled never depends on the day.
        "BUILD_TIME = '2026-12-01 08:00'\n",
        encoding="utf-8",
    )
    return site


def build_args(site: Site, output: Path | None = None) -> list[str]:
    return [
        "--settings",
        str(site.settings),
        "--content",
        str(site.content),
        "--output",
        str(output or site.output),
    ]


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


def build_in_process(site: Site, capfd, caplog, output: Path | None = None) -> Result:
    """``python -m scripts.build`` run as a function (the test's process).

    Under pytest the log records go to ``caplog``, not to stderr: they are
    appended to ``stderr`` as ``LEVEL: message`` lines (what the command
    prints), with the traceback of any record that carries one.
    """
    import logging

    from scripts.build import main

    cwd = Path.cwd()
    capfd.readouterr()
    caplog.clear()
    caplog.set_level(logging.WARNING)
    try:
        code = main(build_args(site, output))
    finally:
        os.chdir(cwd)
    out, err = capfd.readouterr()
    formatter = logging.Formatter("%(levelname)s: %(message)s")
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    return Result(code, out, logged + "\n" + err)


def build_subprocess(
    site: Site,
    output: Path | None = None,
    timeout: float = 300,
    *options: str,
    env: dict | None = None,
) -> Result:
    """``python -m scripts.build`` as a separate process (the real command);
    ``options``: more command-line options; ``env``: more environment variables."""
    done = subprocess.run(
        [
            str(PYTHON if PYTHON.exists() else sys.executable),
            "-m",
            "scripts.build",
            *build_args(site, output),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )
    return Result(done.returncode, done.stdout, done.stderr)


# Pagefind writes these in hash-map order (tests/test_safety_reproducible.py).
PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json")


def comparable_files(output: Path) -> dict[str, str]:
    """Every file of a built site with the SHA-256 of its bytes, but the
    incremental state and the files Pagefind writes in random order: two
    builds of the same site give the same mapping."""
    files = {}
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if not path.is_file() or rel.startswith(".incremental/"):
            continue
        bundle = rel[len("en/") :] if rel.startswith("en/pagefind/") else rel  # plugins/editions
        if bundle.startswith(PAGEFIND_UNORDERED) or (
            bundle.startswith("pagefind/") and bundle.endswith(".pf_meta")
        ):
            continue
        files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def driver_build(
    site: Site, output: Path, extra: dict, timings: Path, *options: str, timeout: float = 600
) -> dict:
    """One build through ``python -m bench.build_driver`` (``extra``: settings
    overrides; ``options``: more driver options); its step timings."""
    import json

    done = subprocess.run(
        [
            str(PYTHON if PYTHON.exists() else sys.executable),
            "-m",
            "bench.build_driver",
            *build_args(site, output),
            "--timings",
            str(timings),
            "--extra",
            json.dumps(extra),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return json.loads(timings.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file (and symlink) under ``folder`` with the SHA-256 of its bytes."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[rel] = "symlink:" + os.readlink(path)
        elif path.is_file():
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def previous_site(output: Path) -> dict[str, str]:
    """A stand-in for the last published site (cheaper than a real build)."""
    (output / "bai-viet" / "cu").mkdir(parents=True)
    (output / "index.html").write_text(
        "<!doctype html><title>bản trước</title>\n", encoding="utf-8"
    )
    (output / "bai-viet" / "cu" / "index.html").write_text("bài cũ\n", encoding="utf-8")
    (output / "feeds.bin").write_bytes(bytes(range(256)))
    return snapshot(output)


def staging_folders(parent: Path) -> list[Path]:
    return sorted(parent.glob(".output-building-*")) + sorted(parent.glob(".output-old-*"))
