"""``make serve`` as an editor feels it: from saving an article to seeing it.

Starts the preview server (``scripts.serve``, from the workspace's code
snapshot) on the corpus, waits for its first build, then saves one article
twice (a sentence added to the body, then its title changed) and, for each
save, polls the article's address over HTTP until the new text is served
(``body_s``, ``title_s``). After the title save it also polls, over HTTP,
every page that showed the old title after the first build (home, section,
topic and archive pages, other articles' related blocks …) until each
shows the new one: ``listed_s``, when every page that lists the article
is consistent. The server logs one line per finished build: the time from
the title save until that line is when the whole site is (``settled_s``,
also what the edit changes at one remove: other articles' related lists,
feeds, search). Ratios are over the first build of the same run
(``x_first_build``) and over the ``build`` step when it ran
(``listed_x_build``, ``settled_x_build``). Peak memory is the worker's
(``worker_peak_mb``, the process that holds the site between saves).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from markupsafe import escape

from bench.build_step import Workspace, _fresh, _progress, workspace
from bench.corpus import SyntheticArticle

BODY_MARKER = "Câu thêm vào để đo thời gian xem trước một bài vừa lưu."
TITLE_SUFFIX = " (bản sửa tiêu đề)"
BUILT = "Đã dựng"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def _until(condition, limit_s: float, what: str) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit_s:
            raise RuntimeError(f"preview: {what} not seen after {limit_s:.0f} s")
        time.sleep(0.02)
    return round(time.perf_counter() - started, 3)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def measure(space: Workspace, limit_s: float = 1800.0) -> dict:
    output = space.folder / "preview-output"
    _fresh(output)
    log = space.folder / "log-preview.txt"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    files = [
        path
        for path in sorted(space.content.rglob("*.md"))
        if "\nStatus: draft" not in path.read_text(encoding="utf-8")
    ]
    chosen = files[len(files) // 2]
    original = chosen.read_text(encoding="utf-8")
    slug = next(
        line.split(":", 1)[1].strip() for line in original.splitlines() if line.startswith("Slug:")
    )
    title = next(
        line.split(":", 1)[1].strip() for line in original.splitlines() if line.startswith("Title:")
    )
    page = f"{base}/bai-viet/{slug}/"
    command = [
        sys.executable, "-m", "scripts.serve", "--port", str(port),
        "--content", str(space.content), "--output", str(output),
    ]  # fmt: skip
    _progress(f"preview: {' '.join(command[1:])}")
    with log.open("w", encoding="utf-8") as stream:
        server = subprocess.Popen(
            command, cwd=space.site, stdout=stream, stderr=subprocess.STDOUT, env=os.environ.copy()
        )
    built = lambda: log.read_text(encoding="utf-8", errors="replace").count(BUILT)  # noqa: E731
    try:
        first_build_s = _until(lambda: bool(_get(page)), limit_s, "the first build")
        time.sleep(1.0)  # the worker's warm-up request (nothing to do after a real build)
        _progress(f"preview: first build served after {first_build_s} s; saving {chosen.name}")
        _save(chosen, original.rstrip("\n") + f"\n\n{BODY_MARKER}\n")
        body_s = _until(lambda: BODY_MARKER in _get(page), limit_s, "the body edit")
        before = built()
        _until(lambda: built() > before, limit_s, "the build after the body edit")
        time.sleep(1.0)
        before = built()
        listing = _pages_showing(output, str(escape(title)), exclude=page[len(base) + 1 :])
        new_title = title + TITLE_SUFFIX
        _save(chosen, original.replace(f"Title: {title}", f"Title: {new_title}", 1))
        started = time.perf_counter()
        title_s = _until(lambda: TITLE_SUFFIX in _get(page), limit_s, "the title edit")
        shown_new = str(escape(new_title))
        waiting = set(listing)

        def every_list_shows_it() -> bool:
            waiting.difference_update(
                [rel for rel in waiting if shown_new in _get(f"{base}/{rel}")]
            )
            return not waiting

        listed_s = _until(every_list_shows_it, limit_s, "the pages listing the article")
        _until(lambda: built() > before, limit_s, "the build after the title edit")
        settled_s = round(time.perf_counter() - started, 3)
        workers = _children(server.pid)
        worker_peak = max((_peak_mb(pid) for pid in workers), default=0.0)
        server_peak = _peak_mb(server.pid)
    finally:
        _save(chosen, original)
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    figures: dict = {
        "seconds": round(body_s + title_s, 3),
        "first_build_s": first_build_s,
        "body_s": body_s,
        "title_s": title_s,
        "listing_pages": len(listing),
        "listed_s": listed_s,
        "settled_s": settled_s,
        "x_first_build": round(listed_s / first_build_s, 3) if first_build_s else None,
        "worker_peak_mb": worker_peak,
        "server_peak_mb": server_peak,
        "goal": "body_s and title_s <= 1 at 10k; listed_s <= 0.25 x build; worker_peak_mb <= 1536",
    }
    full = space.figures("build").get("seconds")
    if full:
        figures["listed_x_build"] = round(listed_s / float(full), 3)
        figures["settled_x_build"] = round(settled_s / float(full), 3)
    return figures


def _pages_showing(output: Path, text: str, exclude: str) -> list[str]:
    """The addresses (relative, as served) of the HTML pages that hold ``text``."""
    found = []
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        address = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if address != exclude and text in path.read_text(encoding="utf-8", errors="replace"):
            found.append(address)
    return found


def step_preview(corpus: list[SyntheticArticle]) -> dict:
    space = workspace(corpus)
    figures = measure(space)
    return space.save("preview", figures)
