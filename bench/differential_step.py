"""The differential test at length: random edits of a tiny site, each
followed by the preview builds of ``make serve`` (the fast path for one
saved article, then the incremental build) and compared byte for byte with
a clean build of the same tree (tests/differential.py; ``make test`` runs
200 steps, this step 2,000).

Steps: ``BENCH_DIFFERENTIAL_STEPS`` (default 2,000), seed
``BENCH_DIFFERENTIAL_SEED``; ``python -m bench.differential_step --steps N
[--seed S]`` runs it alone. A difference does not stop the run: it is
counted, the site is put back in step (the clean build's output), and the
run goes on. Figures: steps done, steps with differences (and the first),
seconds per step (and per phase: the incremental build and the clean build
run side by side), the edits by kind, what the fast path did. The site and
its build logs are kept when a difference was found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

DEFAULT_STEPS = 2000
DEFAULT_SEED = 2026
PROGRESS_EVERY = 50


def _progress(message: str) -> None:
    print(f"[bench] differential: {message}", file=sys.stderr, flush=True)


def step_differential(corpus=None) -> dict:
    from tests.differential import progress_line, run_chain

    steps = int(os.environ.get("BENCH_DIFFERENTIAL_STEPS", DEFAULT_STEPS))
    seed = int(os.environ.get("BENCH_DIFFERENTIAL_SEED", DEFAULT_SEED))
    folder = Path(tempfile.mkdtemp(prefix="bench-differential-"))
    _progress(f"{steps} steps, seed {seed}, in {folder}")
    result = run_chain(
        folder,
        seed,
        steps,
        stop_at_first=False,
        progress=lambda done: _progress(progress_line(done, steps)),
        every=min(PROGRESS_EVERY, max(steps // 10, 1)),
    )
    if result.differences:
        _progress(result.report(limit=5))
        _progress(f"site and build logs kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    done = max(len(result.steps), 1)
    return {
        "seconds": round(result.seconds, 1),
        "steps": len(result.steps),
        "differences": len(result.differences),
        "first_difference_step": result.differences[0].step if result.differences else 0,
        "s_per_step": round(result.seconds / done, 2),
        **{
            f"{name.replace(' ', '_')}_s_per_step": round(seconds / done, 2)
            for name, seconds in result.phases.items()
        },
        "seed": seed,
        "edits": " ".join(f"{kind}={count}" for kind, count in sorted(result.kinds.items())),
        "fast_preview": " ".join(
            f"{kind.replace(' ', '_')}={count}" for kind, count in sorted(result.fast.items())
        ),
        "broken_saves": " ".join(
            f"{kind.replace(' ', '_')}={count}" for kind, count in sorted(result.invalid.items())
        ),
        "goal": "differences = 0",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    os.environ["BENCH_DIFFERENTIAL_STEPS"] = str(args.steps)
    os.environ["BENCH_DIFFERENTIAL_SEED"] = str(args.seed)
    figures = step_differential()
    for key, value in figures.items():
        print(f"{key}: {value}")
    return 1 if figures["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
