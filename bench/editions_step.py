"""Benchmark step: what the English edition costs a full build.

The corpus is built two ways, each a full build (fresh output and content
cache, image derivatives cached as in CI): Vietnamese only, then with one
article in ten translated into English (``content/en/articles/``,
``Lang: en``, a ``Translation_Key`` on both). The pair is built
:data:`REPEATS` times (``python -m bench --repeats N``), interleaved, and
the fastest run of each is compared; every run is printed, with the ratio
of each pair and their median (a machine's slow spell hits a pair's two
builds alike, so the pairs' ratios show how far the figure can be trusted).
Goal (issue 22): the build with the English edition at most 1.15× the
Vietnamese-only build.

The English articles are synthetic English (a small fixed vocabulary,
seeded), as long as the Vietnamese ones, with the same topics.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
from pathlib import Path

from bench.build_step import Figures, _fresh, _progress, our_build, workspace
from bench.corpus import SyntheticArticle

SHARE = 10  # one article in SHARE gets an English translation
# Each build timed this many times, the two builds interleaved; the best of
# each is compared. One pair at 10,000 articles varied by ±4% between runs.
REPEATS = 2
SEED = 22

SUBJECTS = (
    "The delegation",
    "The provincial friendship union",
    "Volunteers from the partner country",
    "Local authorities",
    "The foreign non-governmental organization",
    "Overseas Vietnamese representatives",
    "Students and teachers",
)
VERBS = ("visited", "supported", "discussed", "opened", "celebrated", "reviewed", "presented")
OBJECTS = (
    "a new school for children in the mountains",
    "the results of the clean water project",
    "plans for cultural exchanges next year",
    "scholarships for students from poor families",
    "the anniversary of diplomatic relations",
    "medical equipment for the district hospital",
    "a programme of friendship visits",
)
CLOSINGS = (
    "in a warm and friendly atmosphere",
    "with the support of the local people",
    "as part of a long-standing partnership",
    "after several months of preparation",
)


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLOSINGS)}."
    )


def english_twin(article: SyntheticArticle, number: int, rng: random.Random) -> tuple[str, str]:
    """``(relative path, Markdown)`` of the English translation of ``article``."""
    slug = f"english-{number:05d}-{article.slug[:40].rstrip('-')}"
    paragraphs = [" ".join(_sentence(rng) for _ in range(5)) for _ in range(6)]
    body = "\n\n".join([*paragraphs[:3], "## Background", *paragraphs[3:]])
    header = [
        ("Title", f"Friendship news {number}: {rng.choice(OBJECTS)}"),
        ("Slug", slug),
        ("Lang", "en"),
        ("Translation_Key", article.slug),
        ("Date", f"{article.date:%Y-%m-%d %H:%M}"),
        ("Category", article.section),
        ("Subsection", article.subsection),
        ("Tags", "friendship, cooperation"),
        ("Provinces", ", ".join(article.provinces)),
        ("Countries", ", ".join(article.countries)),
        ("Organizations", ", ".join(article.organizations)),
        ("Authors", ", ".join(article.authors)),
        ("Summary", _sentence(rng)),
        ("Status", article.status if article.status != "published" else None),
    ]
    text = "\n".join(f"{key}: {value}" for key, value in header if value)
    return f"en/articles/{article.date:%Y}/{slug}.md", text + "\n\n" + body + "\n"


def write_edition(corpus: list[SyntheticArticle], source: Path, target: Path) -> int:
    """``target``: ``source`` (hard links) with one article in :data:`SHARE`
    translated; the originals get their ``Translation_Key`` (new files, the
    links to ``source`` are not written through). Returns the number translated."""
    _fresh(target)
    shutil.copytree(source, target, copy_function=os.link)
    rng = random.Random(SEED)
    chosen = [a for index, a in enumerate(corpus) if index % SHARE == 0 and not a.series]
    for number, article in enumerate(chosen):
        original = target / article.path
        text = original.read_text(encoding="utf-8")
        original.unlink()
        original.write_text(
            text.replace(
                f"Slug: {article.slug}\n",
                f"Slug: {article.slug}\nTranslation_Key: {article.slug}\n",
                1,
            ),
            encoding="utf-8",
        )
        rel, markdown = english_twin(article, number, rng)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    return len(chosen)


def step_editions(corpus: list[SyntheticArticle], repeats: int = REPEATS) -> Figures:
    """Full build, Vietnamese only, then with 10% of the articles also in English."""
    space = workspace(corpus)
    content = space.folder / "content-editions"
    translated = write_edition(corpus, space.content, content)
    # Both trees' image derivatives and title cards cached first, as CI's
    # restored cache has them: the timed builds compare the rest.
    _progress("editions: warming the image cache for both trees (untimed)")
    for label, folder in (("vi-only", space.content), ("with-english", content)):
        warm = space.folder / f"output-warm-{label}"
        our_build(space, f"warm-{label}", force=True, output=warm, content=folder)
        _fresh(warm)
    samples: dict[str, list[Figures]] = {"vi-only": [], "with-english": []}
    for repeat in range(repeats):  # interleaved: a slow spell of the machine hits both
        for label, folder in (("vi-only", space.content), ("with-english", content)):
            output = space.folder / f"output-{label}"
            cache = space.folder / "cache" / f"pelican-{label}"
            _fresh(output, cache)
            samples[label].append(
                our_build(
                    space,
                    f"editions-{label}-{repeat + 1}",
                    output=output,
                    cache=cache,
                    content=folder,
                )
            )
            _fresh(output, cache)
    vi, both = (best(samples[label]) for label in ("vi-only", "with-english"))
    pairs = pair_ratios(samples["vi-only"], samples["with-english"])
    return {
        "seconds": both["seconds"],
        "english_articles": translated,
        "vi_only_s": vi["seconds"],
        "with_english_s": both["seconds"],
        "x_vi_only": round(float(both["seconds"]) / float(vi["seconds"]), 3),
        "cpu_x_vi_only": round(float(both["cpu_s"]) / float(vi["cpu_s"]), 3),
        "vi_only_runs_s": "/".join(str(run["seconds"]) for run in samples["vi-only"]),
        "with_english_runs_s": "/".join(str(run["seconds"]) for run in samples["with-english"]),
        "pair_x": "/".join(str(ratio) for ratio in pairs),
        "median_pair_x": round(statistics.median(pairs), 3),
        "peak_mb": both["peak_mb"],
        "goal": "x_vi_only <= 1.15",
    }


def pair_ratios(vi_only: list[Figures], with_english: list[Figures]) -> list[float]:
    """Each pair's with-English time over its Vietnamese-only time (wall),
    the pairs in the order they ran."""
    return [
        round(float(both["seconds"]) / float(vi["seconds"]), 3)
        for vi, both in zip(vi_only, with_english, strict=True)
    ]


def best(runs: list[Figures]) -> Figures:
    """The fastest of one build's runs (wall), with its own CPU and memory:
    noise on a shared machine only ever adds time."""
    return min(runs, key=lambda run: float(run["seconds"]))
