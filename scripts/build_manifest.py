"""Input manifest of a build: skip a rebuild when nothing it reads has changed.

A build reads its settings, the content, the theme, the reference data, the
plugins' and scripts' code, the installed packages and a few environment
variables. :func:`input_digest` hashes all of them (file *bytes*, not
mtimes); :func:`output_fingerprint` records what the build left in its
output folder (paths, sizes, mtimes). When both match the manifest of the
last successful build of that folder, the output is already what a build
would produce (builds are reproducible), so ``scripts/build.py`` keeps it.
Anything unreadable or unrepresentable makes the digest ``None``: build.

The build's clock (``BUILD_TIME``, plugins/schedule) is not an input: what
it changes is which scheduled articles are published, and that changes only
when the clock passes a scheduled time. The manifest records the clock of
the build and the earliest scheduled time it held back (or showed marked,
in preview); :func:`still_current` says a later build at ``now`` would
publish the same articles only while ``clock <= now < release``.

:func:`read_cache_key` keys Pelican's content cache on the same settings and
code, since Pelican itself keys a cached article only on its file's mtime
(a changed Markdown extension or ``CATEGORY_URL`` would reuse stale HTML or
URL objects).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from plugins.buildkit.digest import (
    SKIPPED_DIRS,
    canonical,
    packages_text,
    setting_files,
    tree_digest,
)
from plugins.buildkit.run import RUN_KEY
from plugins.buildkit.templates import TEMPLATES_KEY
from plugins.editions import FACT_KEYS as EDITION_FACT_KEYS

MANIFEST_NAME = "build-manifest.json"
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL", "LANG")
# Settings that name where the build writes, not what it reads (and the
# build's own state, plugins/buildkit/run.py, and its compiled templates,
# plugins/buildkit/templates.py).
WHERE_KEYS = frozenset(
    {"OUTPUT_PATH", "CACHE_PATH", "PREVIOUS_OUTPUT_PATH", RUN_KEY, TEMPLATES_KEY}
)
# The build's clock: decided by the manifest's clock and release (still_current).
CLOCK_KEYS = frozenset({"BUILD_TIME"})
# Settings that change what is published, not what Pelican reads (its
# content cache keeps each file's HTML and metadata, whatever the clock).
# The editions' alternates (plugins/editions) come from the articles' headers
# and shape only the pages: a new translation must not re-read every article.
NOT_READ_KEYS = CLOCK_KEYS | {"SCHEDULE", *EDITION_FACT_KEYS}


@dataclass(frozen=True)
class Manifest:
    inputs: str
    output: str
    pages: int
    warnings: int
    # ISO times (plugins/schedule): the build's clock and the earliest
    # scheduled article still to come; "" when unknown / none.
    clock: str = ""
    release: str = ""


def settings_text(settings: Mapping, skipped: frozenset[str] = CLOCK_KEYS) -> str:
    left_out = WHERE_KEYS | skipped
    return canonical({k: v for k, v in settings.items() if k not in left_out})


def input_roots(settings: Mapping, settings_file: Path, root: Path) -> list[Path]:
    """Every file and folder a build reads."""
    roots = [Path(settings_file), root / "plugins", root / "scripts"]
    roots += sorted(root.glob("*.py"))
    for key in ("PATH", "THEME", "PORTAL_DATA_DIR"):
        if settings.get(key):
            roots.append(Path(settings[key]))
    roots += [Path(p) for p in settings.get("PLUGIN_PATHS") or ()]
    return roots + setting_files(settings, WHERE_KEYS)  # files a setting names (page views …)


def read_cache_key(settings: Mapping, root: Path) -> str:
    """Key of Pelican's content cache: settings, our code, packages."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(settings_text(settings, NOT_READ_KEYS).encode())
    digest.update(packages_text().encode())
    digest.update(tree_digest([root / "plugins", *sorted(root.glob("*.py"))]).encode())
    return digest.hexdigest()


def input_digest(settings: Mapping, settings_file: Path, root: Path) -> str | None:
    """Digest of everything the build reads, or None when it cannot be known."""
    try:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(settings_text(settings).encode())
        digest.update(packages_text().encode())
        digest.update(repr([(k, os.environ.get(k)) for k in ENVIRONMENT]).encode())
        roots = sorted({Path(r).resolve() for r in input_roots(settings, settings_file, root)})
        digest.update(tree_digest(roots).encode())
        return digest.hexdigest()
    except (OSError, ValueError, UnicodeError):
        return None


def still_current(manifest: Manifest, now: datetime) -> bool:
    """Whether the site of ``manifest`` is what a build at ``now`` publishes,
    as far as the clock goes: no scheduled time passed since it was built
    (``clock <= now < release``). A manifest without a clock (no schedule
    plugin) does not depend on it; an unreadable one means build."""
    if not manifest.clock:
        return True
    try:
        clock = datetime.fromisoformat(manifest.clock)
        release = datetime.fromisoformat(manifest.release) if manifest.release else None
        return clock <= now and (release is None or now < release)
    except (TypeError, ValueError):
        return False


def output_fingerprint(output: Path) -> tuple[str, int]:
    """(hash of every path, size and mtime under ``output``, number of HTML pages).

    Strings and ``os.lstat``, no ``Path`` per file: at 10,000 articles the
    output holds 30,000 files, and this runs twice a build (1 s with paths).
    """
    digest = hashlib.blake2b(digest_size=20)
    pages = 0
    root = os.fspath(output)
    if os.path.isfile(root):
        stat = os.lstat(root)
        digest.update(f".\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest(), int(root.endswith(".html"))
    start = len(os.path.join(root, ""))
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            digest.update(f"{path[start:]}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            pages += name.endswith(".html") and name != ".html"  # as Path.suffix
    return digest.hexdigest(), pages


def load_manifest(folder: Path, output: Path) -> Manifest | None:
    try:
        entries = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Manifest(**entries[str(output)])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_manifest(folder: Path, output: Path, manifest: Manifest | None) -> None:
    """Record (or with ``None`` forget) the manifest of ``output``, atomically."""
    path = folder / MANIFEST_NAME
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = {}
    if manifest is None:
        entries.pop(str(output), None)
    else:
        entries[str(output)] = asdict(manifest)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{MANIFEST_NAME}.{os.getpid()}")
    temporary.write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)
