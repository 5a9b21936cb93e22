"""``make audit``: Lighthouse (mobile) on the portal as it is deployed.

The sample site is built with the production publishing steps (``_headers``,
the nginx snippet, ``.gz`` copies) at ``http://127.0.0.1:<port>``, served by
Debian's nginx with the generated snippet (scripts/local_nginx.py: the same
headers, compression and caching readers get), and Lighthouse 12.2.3 (npm,
pinned in package.json) runs against Debian's chromium on the home page, an
article, a section, a province page and the search page.

Goals (issue 18): accessibility, best practices and SEO at 100, performance
at least 98. Lighthouse's performance score moves with the machine's load:
a page below that goal is measured four more times and judged on the median
of its five runs (the other scores do not move). Three runs were not enough:
a busy minute on a CI machine took all three of a home page that scores 99
down to 97. The scores are printed, with every audit that cost points;
the command exits 1 when a goal is missed. Reports: ``.cache/audit/*.json``.

    python -m scripts.audit [--pages home,article] [--reports .cache/audit]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = ("home", "article", "section", "province", "search")
RUNS_WHEN_LOW = 5


def lighthouse(url: str, report: Path, chromium: str) -> dict:
    """One Lighthouse run (mobile, the default form factor); the parsed report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
    ]
    done = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not report.is_file():
        raise RuntimeError(f"Lighthouse thất bại trên {url}:\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def lost_points(report: dict) -> list[str]:
    """The audits that cost points, as ``id (score): title``."""
    lost = []
    for key, audit in report["audits"].items():
        score = audit.get("score")
        if audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and (
            score is not None and score < 1
        ):
            lost.append(f"{key} ({score:.2f}): {audit.get('title', '')}")
    return lost


def missed(result: dict[str, int]) -> list[str]:
    return [name for name, goal in GOALS.items() if result[name] < goal]


def first_indexable(site: Path, pattern: str) -> str | None:
    """The first page matching ``pattern`` that search engines may index (an
    empty province page is ``noindex`` on purpose: not the page to audit)."""
    for path in sorted(site.glob(pattern)):
        text = path.read_text(encoding="utf-8", errors="replace")
        if 'name="robots" content="noindex"' not in text and 'http-equiv="refresh"' not in text:
            return "/" + path.parent.relative_to(site).as_posix() + "/"
    return None


def build_site(site: Path, base: str) -> None:
    from scripts.build import build

    build(
        ROOT / "pelicanconf.py",
        site,
        extra={
            "SITEURL": base,
            "CACHE_PATH": str(ROOT / ".cache" / "pelican"),
            "PUBLISH": {
                "link_check": False,
                "validate_html": False,
                "headers": True,
                "precompress": True,
            },
        },
        force=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--reports", type=Path, default=ROOT / ".cache" / "audit")
    args = parser.parse_args(argv)
    from scripts import local_nginx
    from scripts.screenshots import find_chromium, page_glob, page_types

    if not LIGHTHOUSE.exists():
        print("Thiếu Lighthouse: chạy 'npm ci' (make audit tự cài).", file=sys.stderr)
        return 2
    started = time.perf_counter()
    args.reports.mkdir(parents=True, exist_ok=True)
    chosen = [p.strip() for p in args.pages.split(",") if p.strip()]
    with tempfile.TemporaryDirectory(prefix="audit-") as work:
        port = local_nginx.free_port()
        base = f"http://127.0.0.1:{port}"
        site = Path(work) / "site"
        build_site(site, base)
        urls = page_types(site)
        for name in ("province", "section"):
            found = first_indexable(site, page_glob(name))
            if found:
                urls[name] = found
        unknown = [name for name in chosen if name not in urls]
        if unknown:
            print(f"Không có loại trang: {', '.join(unknown)}", file=sys.stderr)
            return 2
        failures = []
        rows = []
        with local_nginx.serve(site, Path(work) / "nginx", port) as running:
            for name in chosen:
                url = running.base + urls[name]
                print(f"[audit] {name}: {url} …", flush=True)
                runs = [lighthouse(url, args.reports / f"{name}-1.json", find_chromium())]
                result = scores(runs[0])
                if "performance" in missed(result):  # the one score that moves with load
                    for number in range(2, RUNS_WHEN_LOW + 1):
                        report = args.reports / f"{name}-{number}.json"
                        runs.append(lighthouse(url, report, find_chromium()))
                    each = [scores(r) for r in runs]
                    result = {c: round(statistics.median(s[c] for s in each)) for c in CATEGORIES}
                rows.append((name, result, len(runs)))
                for category in missed(result):
                    failures.append(f"{name}: {category} {result[category]} < {GOALS[category]}")
                for line in lost_points(runs[-1]):
                    print(f"[audit]   {name}: {line}")
    print()
    print(f"{'trang':<10} " + " ".join(f"{c:>14}" for c in CATEGORIES) + "  lần đo")
    for name, result, count in rows:
        print(f"{name:<10} " + " ".join(f"{result[c]:>14}" for c in CATEGORIES) + f"  {count}")
    print(
        f"\nLighthouse 12.2.3 (điện thoại) trên {len(rows)} trang trong"
        f" {time.perf_counter() - started:.0f} s; mục tiêu: hiệu năng ≥ 98, còn lại 100;"
        f" báo cáo trong {args.reports}"
    )
    if failures:
        print("Chưa đạt:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("Đạt mọi mục tiêu.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
