"""What ``Localities:`` costs a build (issue 20: at most 0.5 s).

Every synthetic article is given one locality, as an editor would write
it: a commune of its province on the map of its date (a pre-2025 article
names a former commune with its district, a later one a current unit).
A fresh Python process then does what the build does with them, timed in
parts:

* ``import_s``: importing the content model (the libraries are not loaded);
* ``load_s``: the first current and the first former name, which load
  ``vietnam-provinces`` and ``vietnamadminunits``' data (the goal: ≤ 0.5 s);
* ``resolve_s`` and ``per_item_us``: every article's items through
  :func:`plugins.content_model.enrich.resolve_localities` (each distinct
  item is searched once, then cached);
* ``warm_s``: the same again, all cached;
* ``rss_mb``: resident memory growth over loading and resolving.

``seconds`` is ``load_s + resolve_s``: the build resolves in the main
process and the check in its helper, in parallel, so that is the wall time
a build adds.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from bench.corpus import SyntheticArticle

ROOT = Path(__file__).resolve().parents[1]
Figures = dict[str, float | int | str]
GOAL_S = 0.5

_CHILD = r"""
import json, sys, time
def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
started = time.perf_counter()
from plugins.content_model.enrich import resolve_localities
from plugins.reference import load_reference_data
from plugins.content_model import parse_datetime
reference = load_reference_data()
import_s = time.perf_counter() - started
articles = json.load(sys.stdin)
metadata = [
    ({"localities": a["localities"], "date": parse_datetime(a["date"])}, a["provinces"])
    for a in articles
]
before = rss_kb()
started = time.perf_counter()
gazetteer = reference.localities
assert gazetteer.resolve("phường Trần Hưng Đạo (Hưng Yên)").found
assert gazetteer.resolve("xã Nam Cường (huyện Tiền Hải)", ["Thái Bình"], True).found
load = time.perf_counter() - started
started = time.perf_counter()
found = sum(len(resolve_localities(m, reference, p)) for m, p in metadata)
cold = time.perf_counter() - started
grown = rss_kb() - before
started = time.perf_counter()
again = sum(len(resolve_localities(m, reference, p)) for m, p in metadata)
warm = time.perf_counter() - started
print(json.dumps({"import_s": import_s, "load": load, "cold": cold, "warm": warm,
                  "found": found, "rss_kb": grown}))
"""


def _items(corpus: list[SyntheticArticle]) -> list[dict]:
    """One locality per article, drawn (seeded) from the libraries' own lists."""
    from vietnam_provinces import Province, Ward
    from vietnamadminunits.database import get_data

    from plugins.reference import load_reference_data

    reference = load_reference_data()
    former: dict[str, list[str]] = {}
    for row in get_data(["province", "district", "ward"], "admin_units_legacy"):
        if row["ward"]:
            province = row["province"].removeprefix("Tỉnh ").removeprefix("Thành phố ")
            item = f"{row['ward'].lower()[:1]}{row['ward'][1:]} ({row['district']})"
            former.setdefault(province, []).append(item)
    names = {
        p.code: p.name.removeprefix("Tỉnh ").removeprefix("Thành phố ") for p in Province.iter_all()
    }
    current: dict[str, list[str]] = {}
    for ward in Ward.iter_all():
        province = reference.province(names[ward.province_code]).found.name
        current.setdefault(province, []).append(ward.name)
    rng = random.Random(20)
    out = []
    for article in corpus:
        written = article.provinces[0] if article.provinces else ""
        province = reference.province(written).found if written else None
        if province is None:
            continue
        old = reference.former_province(written)
        pool = former.get(old.name if old else province.name) or []
        if article.date.year >= 2026 or not pool:
            pool = current.get(province.name, [])
        if pool:
            out.append(
                {
                    "localities": rng.choice(pool),
                    "date": f"{article.date:%Y-%m-%d %H:%M}",
                    "provinces": list(article.provinces),
                }
            )
    return out


def step_localities(corpus: list[SyntheticArticle]) -> Figures:
    items = _items(corpus)
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    figures = json.loads(result.stdout)
    added = figures["load"] + figures["cold"]
    return {
        "seconds": round(added, 3),
        "items": len(items),
        "resolved": figures["found"],
        "import_s": round(figures["import_s"], 3),
        "load_s": round(figures["load"], 3),
        "resolve_s": round(figures["cold"], 3),
        "per_item_us": round(figures["cold"] / max(len(items), 1) * 1e6, 1),
        "warm_s": round(figures["warm"], 3),
        "rss_mb": round(figures["rss_kb"] / 1024, 1),
        "goal": f"load ≤ {GOAL_S} s: {'ok' if figures['load'] <= GOAL_S else 'MISSED'}",
    }
