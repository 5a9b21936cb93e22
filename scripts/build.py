"""Build the portal: check the content, run Pelican, publish atomically.

Pelican writes into a fresh temporary folder next to ``output/``; only when
the build succeeded does that folder replace ``output/`` (two renames). A
failed or killed build therefore leaves the previous site untouched.

When nothing the build reads has changed since the last successful build of
the same output folder, and that folder is as the build left it, the build
is skipped (``scripts/build_manifest.py``; ``--force`` rebuilds anyway),
unless the clock has passed the time of an article it held back
(plugins/schedule): that build publishes it. Pelican's content cache is kept
per settings and code (same module).

``--preview`` (``make serve``) sets ``SCHEDULE = {"preview": True}``:
scheduled articles are shown, marked *Hẹn giờ đăng*, instead of held back.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class BuildFailed(Exception):
    """The build ran but logged errors: ``output/`` was left as it was."""


def build(
    settings_file: Path,
    output: Path,
    content: Path | None = None,
    extra: dict | None = None,
    force: bool = False,
    preview: bool = False,
    skip_unchanged: bool = True,
    record: bool = True,
) -> int:
    from pelican import Pelican

    from plugins.schedule import ScheduleWatch, build_time
    from scripts import build_manifest

    overrides = dict(extra or {})
    if content is not None:
        overrides["PATH"] = str(Path(content).resolve())
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_folders(output)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}-building-{os.getpid()}-", dir=output.parent)
    )
    overrides["OUTPUT_PATH"] = str(staging)
    # The previous site, for plugins that reuse what did not change (pages,
    # search bundles). It stays untouched until the swap; --force: no reuse.
    overrides["PREVIOUS_OUTPUT_PATH"] = "" if force or not output.is_dir() else str(output)
    started = time.perf_counter()
    counter = _WarningCounter()
    logging.getLogger().addHandler(counter)
    try:
        settings = _read_checked_settings(Path(settings_file), overrides)
        if preview:  # make serve: scheduled articles shown, marked (plugins/schedule)
            settings["SCHEDULE"] = {**(settings.get("SCHEDULE") or {}), "preview": True}
        # One clock for the whole build: the check's child, plugins.schedule,
        # the news sitemap and the no-change skip all read this instant (not
        # "now" each, which could fall either side of a scheduled time).
        settings["BUILD_TIME"] = build_time(settings).isoformat(timespec="seconds")
        inputs = build_manifest.input_digest(settings, Path(settings_file), ROOT)
        cache_root = Path(settings["CACHE_PATH"])
        previous = build_manifest.load_manifest(cache_root, output)
        if (
            not force
            and skip_unchanged
            and inputs is not None
            and previous is not None
            and previous.inputs == inputs
            and output.is_dir()
            and build_manifest.output_fingerprint(output)[0] == previous.output
            and _still_current(previous, settings)
        ):
            shutil.rmtree(staging, ignore_errors=True)
            print(
                f"Đã dựng {previous.pages} trang HTML vào {output} trong"
                f" {time.perf_counter() - started:.1f} s ({previous.warnings} cảnh báo)"
                " — không có thay đổi, giữ nguyên bản trước"
            )
            return 0
        from plugins.editions import built_languages, edition_facts, run_settings

        # The other editions first (English: content/en/ → en/), the main one
        # last: its run writes what covers the whole site (robots.txt, the
        # redirects, /thong-ke/) over every edition's pages.
        main, *others = built_languages(settings)
        # What joins the editions (hreflang alternates …), from every
        # article header, once for all the runs (plugins/editions).
        settings.update(edition_facts(settings))
        # Each edition's run leaves its part of the record of published
        # addresses here; commit_record merges them after the swap.
        settings["RECORD_PENDING_DIR"] = str(cache_root)
        from plugins.content_check import forget_pending_records

        forget_pending_records(settings)
        from plugins.buildkit.templates import template_cache

        template_cache(settings)  # the theme compiled once for all the runs
        with ScheduleWatch() as watch:
            order = [*others, main]
            for index, lang in enumerate(order):
                run = run_settings(settings, lang)
                run["CACHE_PATH"] = str(_keyed_cache(cache_root, run))
                try:
                    Pelican(run).run()
                except SystemExit:
                    # The content check refused this edition: the editions
                    # not built yet are still checked, so the build names
                    # every problem, as make check does.
                    from plugins.content_check import report_only

                    for later in order[index + 1 :]:
                        rest = run_settings(settings, later)
                        rest["CACHE_PATH"] = str(_keyed_cache(cache_root, rest))
                        report_only(rest)
                    raise
                except Exception:
                    # The content check runs beside Pelican's reading: if bad content
                    # broke the reading, the check's messages say what and where.
                    from plugins.content_check import wait_for_check

                    wait_for_check(run)
                    raise
                finally:
                    # The run's articles (and through them its whole context)
                    # would stay alive in the next run: 4 s more for the
                    # Vietnamese run after the English one at 10,000 articles.
                    forget_memoized()
                if counter.errors:
                    break
            settings = run
        if counter.errors:
            raise BuildFailed(
                f"có {counter.errors} lỗi trong khi dựng trang (xem các dòng ERROR ở trên)"
            )
        # What covers every edition's pages (the link check, headers,
        # precompression), once they are all in the staging folder: a step
        # of the build, not a handler that has to come last at `finalized`.
        if "plugins.publish" in settings.get("PLUGINS", ()):
            from plugins.publish import post_process

            post_process(settings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Dựng trang thất bại — {output} giữ nguyên bản trước.", file=sys.stderr)
        raise
    finally:
        logging.getLogger().removeHandler(counter)
    _swap(staging, output, previous.pages if previous is not None else 0)
    from plugins.content_check import commit_record

    if not record:  # a production build into another folder is not a publication
        from plugins.content_check import forget_pending_records

        forget_pending_records(settings)
    elif commit_record(settings):  # make publish: the record of published addresses
        print(
            f"Đã ghi thêm các địa chỉ vừa đăng vào {Path(settings['PATH']) / 'published-urls.txt'}"
        )
    fingerprint, pages = build_manifest.output_fingerprint(output)
    with contextlib.suppress(OSError):  # no manifest: the next build simply runs in full
        build_manifest.save_manifest(
            cache_root,
            output,
            build_manifest.Manifest(
                inputs, fingerprint, pages, counter.warnings, *_clock_entries(watch, settings)
            )
            if inputs
            else None,
        )
    print(
        f"Đã dựng {pages} trang HTML vào {output} trong {time.perf_counter() - started:.1f} s"
        f" ({counter.warnings} cảnh báo{_reused_note(output)}{_schedule_note(watch.schedule)})"
    )
    return 0


def _still_current(previous, settings: dict) -> bool:
    """Nothing of the previous build has changed with the clock: no scheduled
    article became due, no news-sitemap entry aged out (plugins/schedule)."""
    from plugins.schedule import build_time
    from scripts.build_manifest import still_current

    return not previous.clock or still_current(previous, build_time(settings))


def _clock_entries(watch, settings: dict) -> tuple[str, str]:
    """(clock, next instant the site changes by the clock alone), as the
    manifest records them (plugins/schedule: scheduled articles; any
    clock_deadline, such as the news sitemap's)."""
    if watch.schedule is None and not watch.deadlines:
        return "", ""
    from plugins.schedule import build_time

    release = watch.release
    return build_time(settings).isoformat(), release.isoformat() if release else ""


def _schedule_note(schedule) -> str:
    """``, 2 bài hẹn giờ (sớm nhất …)`` when the build scheduled articles."""
    if schedule is None or not schedule.articles:
        return ""
    from plugins.vietnamese import format_dateline

    shown = " hiện kèm nhãn" if schedule.preview else " chưa đăng"
    return (
        f", {len(schedule.articles)} bài hẹn giờ{shown},"
        f" sớm nhất {format_dateline(schedule.release)}"
    )


def forget_memoized(content=None) -> None:
    """Pelican memoises ``Content.get_content`` and ``get_summary`` by
    ``(object, siteurl)`` in one dict per function, for the life of the
    process (``pelican.utils.memoized``; this reaches into it). Drop the
    entries of ``content``, whose state changed, or all of them: after each
    Pelican run, or the process keeps every run's articles alive, and with
    them the run's whole context (the next run's garbage collections walk
    them all, and its forked children inherit them)."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        cache = vars(Content)[name].cache
        if content is None:
            cache.clear()
        else:
            for key in [key for key in cache if key and key[0] is content]:
                del cache[key]


def _read_checked_settings(settings_file: Path, overrides: dict) -> dict:
    """Pelican's settings, refused (``path:line: message``, as ``make check``
    prints them) when the build could not run with them: a syntax error, a
    missing theme, an unknown plugin, a misspelt plugin setting."""
    from plugins.content_check.config import config_problems, load_settings
    from plugins.content_check.problems import format_problem

    settings, problems = load_settings(settings_file, overrides)
    if settings is not None:
        problems = config_problems(settings_file, settings)
    if problems:
        for problem in problems:
            print(f"Lỗi: {format_problem(problem)}", file=sys.stderr)
        raise SystemExit(1)
    # A copy of its own: Pelican's Markdown reader adds to settings["MARKDOWN"]
    # in place, and a settings file that imports pelicanconf shares that
    # module's dicts, so the next build in this process (make serve's)
    # started from changed settings: every English page was rendered again.
    return copy.deepcopy(settings)


def _reused_note(output: Path) -> str:
    """``, N trang dùng lại`` when plugins/incremental reused pages of the previous site."""
    from plugins.incremental import site_build_counts

    counts = site_build_counts(output)  # every edition's run
    return f", {counts[1]} trang dùng lại" if counts and counts[1] else ""


def _keyed_cache(cache_root: Path, settings: dict) -> Path:
    """Pelican's content cache for these settings and this code (3 kept)."""
    from scripts.build_manifest import read_cache_key

    keyed = cache_root / f"read-{read_cache_key(settings, ROOT)}"
    older = sorted(
        (p for p in cache_root.glob("read-*") if p != keyed and p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    for folder in older[:-2]:
        shutil.rmtree(folder, ignore_errors=True)
    keyed.mkdir(parents=True, exist_ok=True)
    os.utime(keyed)
    return keyed


class _WarningCounter(logging.Handler):
    """Counts the warnings and errors Pelican and the plugins log.

    Warnings go in the summary line; an error fails the build (Pelican logs
    an unreadable article and goes on, which would publish a partial site).
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings = 0
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


def clean_stale_folders(output: Path) -> None:
    """Remove what killed builds left next to ``output`` (``.output-building-<pid>-*``,
    ``.output-old-<pid>``, ``.output-trash-<pid>`` whose background removal was
    cut short), unless their build is still running; if a build was
    killed between the two renames of the swap, put the previous site back."""
    for folder in sorted(output.parent.glob(f".{output.name}-old-*")):
        if _owner_alive(folder.name.rsplit("-", 1)[-1]):
            continue
        if not output.exists():
            folder.rename(output)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in output.parent.glob(f".{output.name}-trash-*"):
        if not _owner_alive(folder.name.rsplit("-", 1)[-1]):
            shutil.rmtree(folder, ignore_errors=True)
    for folder in output.parent.glob(f".{output.name}-building-*"):
        owner = folder.name[len(f".{output.name}-building-") :].split("-", 1)[0]
        if not _owner_alive(owner):
            shutil.rmtree(folder, ignore_errors=True)


def _owner_alive(pid_text: str) -> bool:
    """Whether the build process ``pid_text`` still runs (not this one)."""
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


# From this many pages the previous site is removed by a background process.
BACKGROUND_REMOVAL_FROM = 2000


def _swap(staging: Path, output: Path, old_pages: int = 0) -> None:
    """Replace ``output`` by ``staging`` with renames only, then remove the
    previous site (``old_pages``: how many pages it had, if known)."""
    os.chmod(staging, 0o755)
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        output.rename(old)
    staging.rename(output)
    if old is not None:
        _remove_previous(old, output, background=old_pages >= BACKGROUND_REMOVAL_FROM)


def _remove_previous(old: Path, output: Path, background: bool) -> None:
    """Remove the replaced site. A large one (10,000 articles: 16,000 pages
    and their images, several seconds to unlink) is first renamed
    ``.output-trash-<pid>``, then removed by a detached process, so the new
    site is ready sooner; a removal cut short is finished by the next
    build (:func:`clean_stale_folders`)."""
    if background:
        trash = output.with_name(f".{output.name}-trash-{os.getpid()}")
        try:
            old.rename(trash)
            # The shell starts ``rm`` in the background and exits at once:
            # waited for here, so no child of ours is left to reap; ``rm``
            # belongs to init, in a session of its own (not stopped by the
            # terminal's Ctrl+C).
            subprocess.run(
                ["sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "sh", str(trash)],
                check=True,
                start_new_session=True,
            )
            return
        except (OSError, subprocess.CalledProcessError):
            old = trash if trash.exists() else old
    shutil.rmtree(old, ignore_errors=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the build is, so its clean-up runs as for Ctrl+C."""


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _elsewhere(content: str | None, output: str) -> bool:
    """The project's own content/ built into another folder than output/."""
    project = (ROOT / "content").resolve()
    return (Path(content).resolve() if content else project) == project and Path(
        output
    ).resolve() != (ROOT / "output").resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--content", default=None)
    parser.add_argument(
        "--force", action="store_true", help="rebuild even when no input has changed"
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        help="show scheduled (future-dated) articles, marked, instead of holding them back",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the Python traceback of an unexpected error"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    os.chdir(ROOT)
    # A stop asked by the system (CI cancelling a job, `kill`) ends the build
    # as Ctrl+C does: the half-written site is removed, the old one stays.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return build(
            Path(args.settings),
            Path(args.output),
            Path(args.content) if args.content else None,
            force=args.force,
            preview=args.preview,
            # The project's content built into another folder than output/
            # (a production build to look at) published nothing: its
            # content/published-urls.txt is left as it is (make publish
            # builds output/).
            record=not _elsewhere(args.content, args.output),
        )
    except SystemExit as stop:  # a check refused the site (content check, publish checks)
        if isinstance(stop.code, int):
            return stop.code or 1
        print(f"Lỗi: {stop.code}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        print("Đã dừng dựng trang.", file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
    except Exception as problem:  # one clear line, never a traceback (unless --debug)
        if args.debug:
            raise
        print(f"Lỗi: {describe_error(problem)}", file=sys.stderr)
        return 1


def describe_error(problem: BaseException) -> str:
    """One Vietnamese line for an error that stopped the build."""
    if isinstance(problem, BuildFailed) or type(problem).__module__.startswith("plugins."):
        return str(problem)  # our own errors carry a Vietnamese message
    cause = problem.__cause__
    if isinstance(problem, ValueError) and isinstance(cause, FileNotFoundError):
        # the reference loader: "<path>: [Errno 2] …" → check PORTAL_DATA_DIR
        return f"không tìm thấy tệp dữ liệu '{cause.filename}' — kiểm tra PORTAL_DATA_DIR"
    if isinstance(problem, SyntaxError):
        return f"tệp cấu hình lỗi cú pháp: {problem.filename}, dòng {problem.lineno}: {problem.msg}"
    from jinja2 import TemplateSyntaxError

    if isinstance(problem, TemplateSyntaxError):  # a theme template: path:line, as make check
        where = problem.filename or problem.name or "?"
        if os.path.isabs(where):
            where = os.path.relpath(where)
        return f"{where}:{problem.lineno}: lỗi cú pháp mẫu giao diện: {problem.message}"
    if str(problem).startswith("Could not find the theme"):  # Pelican's message
        return f"không tìm thấy giao diện (THEME): {str(problem).rsplit(' ', 1)[-1]}"
    if isinstance(problem, UnicodeDecodeError):
        return f"tệp không phải UTF-8 hợp lệ ({problem.reason} ở byte {problem.start})"
    if isinstance(problem, FileNotFoundError):
        return f"không tìm thấy '{problem.filename}'"
    if isinstance(problem, PermissionError):
        return f"không có quyền truy cập '{problem.filename}'"
    if isinstance(problem, OSError) and problem.filename:
        return f"không đọc/ghi được '{problem.filename}': {problem.strerror}"
    if isinstance(problem, ValueError | OSError):
        return str(problem)
    detail = str(problem) or "không có mô tả"
    return (
        f"lỗi không mong đợi {type(problem).__name__}: {detail}"
        " — chạy lại với --debug để xem chi tiết"
    )


if __name__ == "__main__":
    sys.exit(main())
