"""Benchmark runner: ``python -m bench --articles 1000 [10000 40000] [--only related]``.

For each corpus size it generates the synthetic corpus (deterministic, see
:mod:`bench.corpus`), runs every step of :data:`bench.steps.STEPS` (or only
those named), prints progress lines and a table of figures, and writes a
JSON report (default ``bench/out/report.json``). With several sizes the
table adds, per step, the time ratio to the previous size next to the size
ratio, so non-linear growth is visible at a glance.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import DEFAULT_SEED, generate_corpus, write_markdown
from bench.steps import STEPS, Figures

OUT = Path(__file__).resolve().parent / "out" / "report.json"


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _format_figures(figures: Figures) -> str:
    return "  ".join(f"{key}={value}" for key, value in figures.items() if key != "seconds")


def run(
    sizes: list[int],
    only: list[str],
    seed: int,
    markdown_dir: Path | None,
    repeats: int | None = None,
) -> dict:
    known = {step.name for step in STEPS}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise SystemExit(
            f"bench: unknown step(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    steps = [step for step in STEPS if not only or step.name in only]
    try:
        return _run_steps(steps, sizes, seed, markdown_dir, repeats)
    finally:
        from bench.build_step import empty_trash

        empty_trash()


def _run_steps(
    steps: list, sizes: list[int], seed: int, markdown_dir: Path | None, repeats: int | None
) -> dict:
    from bench.build_step import empty_trash

    results: list[dict] = []
    for number, size in enumerate(sizes):
        if number:  # the trash of the smaller corpus can be gigabytes
            empty_trash(settle=True)
        corpus = []
        corpus_s = 0.0
        if any(step.needs_corpus for step in steps) or markdown_dir:
            _progress(f"generating {size} synthetic articles (seed {seed}) …")
            started = time.perf_counter()
            corpus = generate_corpus(size, seed=seed)
            corpus_s = time.perf_counter() - started
            _progress(f"corpus ready in {corpus_s:.2f} s")
        if markdown_dir:
            target = markdown_dir / str(size)
            written = write_markdown(corpus, target)
            _progress(f"wrote {len(written)} Markdown files under {target}")
        for step in steps:
            if not step.needs_corpus and size != sizes[0]:
                continue  # independent of the corpus size: once is enough
            _progress(f"{step.name} @ {size} …")
            if step.repeated and repeats is not None:
                figures = step.run(corpus, repeats)
            else:
                figures = step.run(corpus)
            _progress(f"{step.name} @ {size}: {figures.get('seconds', '?')} s")
            results.append(
                {"step": step.name, "articles": size, "corpus_s": round(corpus_s, 3), **figures}
            )
    _add_ratios(results)
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": _cpus(),
        "seed": seed,
        "results": results,
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def _add_ratios(results: list[dict]) -> None:
    previous: dict[str, dict] = {}
    for row in results:
        before = previous.get(row["step"])
        if (
            before
            and before.get("seconds")
            and "seconds" in row
            and before["articles"] != row["articles"]
        ):
            row["size_ratio"] = round(row["articles"] / before["articles"], 2)
            row["time_ratio"] = round(row["seconds"] / before["seconds"], 2)
            if row.get("cpu_s") and before.get(
                "cpu_s"
            ):  # steadier than wall time on a busy machine
                row["cpu_ratio"] = round(row["cpu_s"] / before["cpu_s"], 2)
        previous[row["step"]] = row


def print_table(report: dict) -> None:
    rows = report["results"]
    print(f"{'step':<18}{'articles':>9}{'seconds':>9}{'×size':>7}{'×time':>7}  figures")
    for row in rows:
        figures = {
            k: v
            for k, v in row.items()
            if k not in ("step", "articles", "seconds", "size_ratio", "time_ratio")
        }
        print(
            f"{row['step']:<18}{row['articles']:>9}{row.get('seconds', ''):>9}"
            f"{row.get('size_ratio', ''):>7}{row.get('time_ratio', ''):>7}  {_format_figures(figures)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus size(s)")
    parser.add_argument(
        "--only", action="append", default=[], help="run only this step (repeatable)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=OUT, help="JSON report path")
    parser.add_argument(
        "--write-markdown",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write each corpus as content files under DIR/<size>/",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        metavar="N",
        help="runs of each build in the steps that repeat them (editions; default 2)",
    )
    parser.add_argument("--list", action="store_true", help="list the steps and exit")
    args = parser.parse_args(argv)
    if args.list:
        for step in STEPS:
            print(f"{step.name:<18}{step.description}")
        return 0
    only = [name for value in args.only for name in value.split(",") if name]
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    report = run(args.articles, only, args.seed, args.write_markdown, args.repeats)
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _progress(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
