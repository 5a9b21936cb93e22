"""What the search index holds for one article: pure functions, no Pelican.

Only what readers search goes in: the title, the sapo, the body text and the
names of the article's topics (section, subsection, provinces — as written
and their current unit —, partner countries, organizations, keywords).
Navigation, teasers and "related" blocks never reach the index because we
hand Pagefind records, not rendered pages.

Vietnamese matching. Pagefind ignores tone and vowel marks when it compares
words (``thai binh`` finds ``Thái Bình``) but ``đ`` is a letter of its own,
not ``d`` plus a mark, so ``doi ngoai`` would miss ``đối ngoại``. Each
record therefore ends with a hidden part, after :data:`HIDDEN_MARK`, that
repeats every word containing ``đ`` with ``đ`` → ``d`` (``đối`` → ``dối``),
and the search page rewrites ``đ`` → ``d`` in the query (``search.js``).
Both ``đối`` and ``doi`` then reach ``dối``. Compared with appending a fully
folded copy of the text (``fold="full"``), the variants add a few percent to
the index instead of doubling it (see ``make bench``), for the same matches.

Excerpts. Pagefind builds its excerpt around the matched words, which are
often the hidden ones ("… cứu trợ thiên tai dầu dã dồng dịa …"). The
search page therefore never shows Pagefind's excerpt: it builds its own from
the part of the record before :data:`HIDDEN_MARK` (the sapo and the body;
the title is shown above it), so readers only ever see the article's text.

Topics. Each record carries the hidden :data:`~.topics.FILTER_TOPIC`
filter (keys of its provinces, former provinces, countries and
organizations), which the page uses to put a named topic's articles first
(:mod:`plugins.search.topics`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

from plugins.vietnamese import fold, nfc

from .topics import FILTER_TOPIC

# Separates the article's text (title, sapo, body), from which the page
# builds excerpts, from the hidden search terms; a character that occurs in
# no Vietnamese text and that Pagefind keeps as a word of its own.
HIDDEN_MARK = "⁂"

FOLD_MODES = ("d_variants", "full")

FILTER_SECTION = "Chuyên mục"
# Every article record carries KIND_FILTER=ARTICLE_KIND; the search page
# restricts every bundle to it (Pagefind's mergeFilter) and hides the group.
KIND_FILTER = "loai"
ARTICLE_KIND = "bai-viet"
VOCABULARY_KIND = "tu-vung"
FILTER_PROVINCE = "Tỉnh, thành"
FILTER_YEAR = "Năm"

_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "caption",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "pre",
    "dd",
    "dt",
}
_SKIPPED_TAGS = ("script", "style", "template", "noscript")
# Blocks that are not sentences (a heading, a caption): they end with a full
# stop in the record unless they end with punctuation, so an excerpt does not
# read a heading as the start of the next sentence ("Bối cảnh Hội nghị …").
_LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption")
_ENDS_A_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
# Where a label without punctuation ends: a noncharacter, which no text
# holds and XML allows.
_LABEL_END = "\ufdd0"
_STOP_AFTER_LABEL = re.compile("\\s*\ufdd0")
_WORD = re.compile(r"\w+", re.UNICODE)
# A whole word (as _WORD finds it) that holds a đ: a match cannot start
# inside a word, since a word's later letters hold no đ if its first failed.
_D_WORD = re.compile(r"\w*[đĐ]\w*", re.UNICODE)
_SPACES = re.compile(r"\s+")
# What makes a string more than plain text for lxml: a tag, a reference, and
# characters its parser changes or refuses (NUL, CR, other controls).
_MARKUP_CHARACTERS = re.compile(
    r"[<&\x00-\x08\x0b\x0c\x0e-\x1f\r\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


@dataclass(frozen=True)
class ArticleText:
    """The searchable parts of one article, as plain values."""

    url: str
    title: str
    date_iso: str  # 2025-11-03T13:33:00+07:00
    date_label: str  # 03/11/2025
    year: str
    dateline: str = ""  # Thứ Hai, 03/11/2025 13:33 GMT+7 (as on the article page)
    sapo: str = ""
    body_html: str = ""
    section: str = ""
    subsection: str = ""
    provinces_as_written: tuple[str, ...] = ()
    provinces_current: tuple[str, ...] = ()
    localities: tuple[str, ...] = ()  # communes and wards, former and current names
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    image: str = ""
    image_alt: str = ""
    topic_keys: tuple[str, ...] = ()  # plugins.search.topics: tinh:hung-yen, quoc-gia:lao …


@dataclass(frozen=True)
class SearchRecord:
    """One Pagefind custom record."""

    url: str
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment; block elements become line breaks."""
    if not markup or not markup.strip():
        return ""
    if not _MARKUP_CHARACTERS.search(markup):
        # Plain text (most titles and sapos): what lxml would give, without
        # parsing (30 µs a string, 10,000 titles and sapos every build).
        return _SPACES.sub(" ", markup).strip()
    return _parsed_text(markup)


def _parsed_text(markup: str) -> str:
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for element in root.iter(*_SKIPPED_TAGS):
        element.drop_tree()
    for element in root.iter(*_LABEL_TAGS):
        text = element.text_content().strip()
        if text and not _ENDS_A_SENTENCE.search(text):
            # Marked after the element; the stop is put against its last
            # word once the text is whole (its last word may be nested).
            element.tail = _LABEL_END + (element.tail or "")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = _SPACES.sub(" ", root.text_content()).strip()
    if _LABEL_END in text:
        text = _SPACES.sub(" ", _STOP_AFTER_LABEL.sub(". ", text)).strip()
    return text


def d_variants(texts: Iterable[str]) -> list[str]:
    """Each distinct word containing ``đ``/``Đ``, with ``đ`` → ``d`` (tones kept).

    >>> d_variants(["Đối ngoại nhân dân Đà Nẵng", "đối thoại"])
    ['dối', 'dà']
    """
    seen: dict[str, None] = {}
    for text in texts:
        # Only the words that hold a đ (4 s at 10k articles for every word).
        for word in _D_WORD.findall(nfc(text)):
            seen.setdefault(word.lower().replace("đ", "d"), None)
    return list(seen)


def topic_terms(article: ArticleText) -> list[str]:
    """Names of the article's topics, each once, in a stable order."""
    names = [
        article.section,
        article.subsection,
        *article.provinces_as_written,
        *article.provinces_current,
        *article.localities,
        *article.countries,
        *article.organizations,
        *article.keywords,
    ]
    return list(dict.fromkeys(n for n in names if n))


def search_record(article: ArticleText, fold_mode: str = "d_variants") -> SearchRecord:
    """The record Pagefind indexes for ``article``."""
    if fold_mode not in FOLD_MODES:
        raise ValueError(f"fold_mode must be one of {FOLD_MODES}, not {fold_mode!r}")
    visible = [nfc(article.title), nfc(article.sapo), html_to_text(nfc(article.body_html))]
    topics = [nfc(name) for name in topic_terms(article)]
    if fold_mode == "full":
        extra = [fold(" ".join([*visible, *topics]))]
    else:
        extra = d_variants([*visible, *topics])
    content = " ".join(
        part for part in (*visible, HIDDEN_MARK, " · ".join(topics), " ".join(extra)) if part
    )
    meta = {"title": nfc(article.title), "date": article.date_label}
    if article.dateline:
        meta["dateline"] = article.dateline
        meta["datetime"] = article.date_iso
    if article.sapo:
        meta["sapo"] = nfc(article.sapo)
    if article.section:
        meta["section"] = nfc(article.section)
    if article.image:
        meta["image"] = article.image
        meta["image_alt"] = nfc(article.image_alt or article.title)
    filters: dict[str, list[str]] = {FILTER_YEAR: [article.year], KIND_FILTER: [ARTICLE_KIND]}
    if article.section:
        filters[FILTER_SECTION] = [nfc(article.section)]
    if article.provinces_current:
        filters[FILTER_PROVINCE] = [nfc(p) for p in dict.fromkeys(article.provinces_current)]
    if article.topic_keys:
        filters[FILTER_TOPIC] = list(dict.fromkeys(article.topic_keys))
    return SearchRecord(
        url=article.url,
        content=content,
        meta=meta,
        filters=filters,
        sort={"date": article.date_iso},
    )


def shard_count(count: int, shard_size: int | None) -> int:
    """How many bundles ``count`` articles are split into.

    One bundle while the site has at most ``shard_size`` articles (or no
    ``shard_size``); beyond, ``ceil(count / shard_size)``. Pagefind holds a
    whole bundle in memory while writing it, so the size bounds the
    indexer's peak memory.
    """
    if not shard_size or count <= shard_size:
        return 1
    return -(-count // shard_size)


def shard_folders(shards: int) -> list[str]:
    """Bundle sub-folder names: ``[""]`` (``pagefind/`` itself) or ``001`` … ``NNN``."""
    if shards <= 1:
        return [""]
    return [f"{number:03d}" for number in range(1, shards + 1)]


def shard_of(url: str, shards: int) -> str:
    """The bundle sub-folder of the article at ``url`` (see :func:`shard_folders`).

    A hash of the URL's path (so the same with any ``SITEURL``) modulo the
    number of shards: adding, removing or editing one article moves no
    other article, unlike consecutive chunks of a sorted list, whose
    boundaries all shift when one article is inserted. Only a change in the
    number of shards (the site crossing a multiple of ``shard_size``)
    reassigns the articles. The hash spreads articles evenly: at 10,000
    articles in 5 shards, a shard holds 2,000 ± about 40.
    """
    if shards <= 1:
        return ""
    path = urlsplit(url).path or url
    number = int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big") % shards
    return f"{number + 1:03d}"


def bundle_paths(folders: Sequence[str], bundle_dir: str = "pagefind") -> list[str]:
    """Site-relative bundle folders; the search page merges them all (the first is primary)."""
    names = sorted(set(folders))
    if not names or names == [""]:
        return [f"{bundle_dir}/"]
    return [f"{bundle_dir}/{name}/" for name in names]


def record_words(record: SearchRecord) -> set[str]:
    """The distinct lower-case words of one record."""
    # Each distinct white-space token once: most are one whole word (\w is
    # str.isalnum() or "_"), the rest are split by the pattern (2.2 s → 0.6 s
    # for the 10,000 records of the benchmark corpus).
    words: set[str] = set()
    for token in set(record.content.lower().split()):
        if token.isalnum():
            words.add(token)
        else:
            words.update(_WORD.findall(token))
    return words


def vocabulary(records: Iterable[SearchRecord]) -> list[str]:
    """Every distinct lower-case word of ``records``, sorted."""
    words: set[str] = set()
    for record in records:
        words.update(record_words(record))
    return sorted(words)


def vocabulary_record(
    words: Sequence[str], shard: str, search_url: str = "/tim-kiem/"
) -> SearchRecord:
    """A record holding the whole site's vocabulary, for one shard.

    When a query word is missing from an index, Pagefind falls back to its
    longest prefix that is present ("nhan" → "nhà"). With the site split
    into shards, a word present in one shard but not in another would thus
    bring unrelated articles from the other. Giving every shard every word
    (in this record, which the page filters out) keeps each shard's answer
    the same as the single index's. The price: every shard's bundle depends
    on the whole site's vocabulary, so an edit that adds a word new to the
    site, or removes a word's last occurrence, re-indexes every shard
    (see :mod:`plugins.search.index`).
    """
    return SearchRecord(
        url=f"{search_url}#tu-vung-{shard}",
        content=" ".join(words),
        meta={"title": "tu-vung"},
        filters={KIND_FILTER: [VOCABULARY_KIND]},
    )


class RecordCache:
    """Records of the previous build, by a digest of their :class:`ArticleText`.

    :func:`search_record` (HTML to text, ``đ`` variants) is the costly part
    of feeding the index: 0.4 ms an article, 4 s at 10,000 articles on every
    build, although a record is a pure function of its article's text and
    the fold mode. The cache file lives in Pelican's cache folder, which the
    build keys on settings and code, so a record made by other code is never
    read back. A missing or unreadable file is an empty cache. Only the
    records of this build are saved (deleted articles drop out).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.previous: dict[str, SearchRecord] = {}
        self.current: dict[str, SearchRecord] = {}
        self.hits = 0
        if path is not None:
            try:
                with open(path, "rb") as stream:
                    loaded = pickle.load(stream)
                if isinstance(loaded, dict):
                    self.previous = loaded
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
                self.previous = {}

    def record(self, article: ArticleText, fold_mode: str) -> SearchRecord:
        key = hashlib.blake2b(
            f"{fold_mode}\0{article!r}".encode("utf-8", "surrogatepass"), digest_size=20
        ).hexdigest()
        found = self.previous.get(key)
        if isinstance(found, SearchRecord):
            self.hits += 1
        else:
            found = search_record(article, fold_mode)
        self.current[key] = found
        return found

    def save(self) -> None:
        if self.path is not None:
            save_pickle(self.path, self.current)


def save_pickle(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
