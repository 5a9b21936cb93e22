"""From a :class:`LegacyArticle` to an article of our content model.

Pure functions over the reference data and the legacy table
(``data/legacy_sections.toml``): choose the section, infer provinces,
partner countries and organizations, cut the sapo, render the Markdown.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from plugins.content_model import FIELDS
from plugins.content_model.model import MISSING_PHOTO_NOTE
from plugins.localities import Locality, before_reorganisation
from plugins.localities.mentions import locality_mentions
from plugins.reference import ReferenceData, list_name
from plugins.vietnamese import VIETNAM_TZ, fold, name_key, nfc

from .capture import Caption, CaptureError, LegacyArticle, Paragraph, Subheading

SUMMARY_MAX = 300
SLUG_MAX = 80


# --- the legacy table -----------------------------------------------------


@dataclass(frozen=True)
class SectionChoice:
    section: str
    subsection: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TitleRule:
    phrases: tuple[str, ...]
    choice: SectionChoice


@dataclass(frozen=True)
class LegacyTable:
    default_section: str
    province_section: str
    aliases: dict[str, SectionChoice]  # folded legacy name → choice
    title_rules: tuple[TitleRule, ...] = ()
    masked_phrases: tuple[str, ...] = ()
    ignored_names: tuple[str, ...] = ()
    one_word_cues: frozenset[str] = frozenset()


# How a complete paragraph ends: a full stop, a question or exclamation mark,
# an ellipsis or a colon (before a list), or a closing quote or bracket (a
# quotation ends the article: Ông Kim nói: “Chúng tôi sẽ trở lại”).
_ENDS_A_PARAGRAPH = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
# A list item ("- hai máy đo", "2. Lớp học"): it ends without punctuation.
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•–]|\d{1,2}[.)])\s")


def load_legacy_table(path: Path | str, reference: ReferenceData) -> LegacyTable:
    """Read ``legacy_sections.toml``; every section named must exist. Raises ``ValueError``."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: {error}") from error
    problems: list[str] = []

    def choice(value, reason: str) -> SectionChoice:
        section, subsection = (
            (value, "")
            if isinstance(value, str)
            else (value["section"], value.get("subsection", ""))
        )
        found = reference.section(nfc(section)).found
        if found is None:
            problems.append(f"{path}: chuyên mục '{section}' không có trong sections.toml")
            return SectionChoice(nfc(section), "", reason)
        if subsection and found.subsection(subsection) is None:
            problems.append(f"{path}: chuyên mục con '{subsection}' không thuộc '{found.name}'")
        return SectionChoice(found.name, nfc(subsection), reason)

    aliases = {
        fold(name): choice(value, f"chuyên mục cũ '{nfc(name)}'")
        for name, value in raw.get("aliases", {}).items()
    }
    rules = tuple(
        TitleRule(
            tuple(nfc(p) for p in rule["contains"]),
            choice(rule, f"tiêu đề có '{nfc(rule['contains'][0])}'"),
        )
        for rule in raw.get("title_rule", [])
    )
    inference = raw.get("inference", {})
    table = LegacyTable(
        default_section=choice(raw.get("default_section", "Hữu nghị"), "mặc định").section,
        province_section=choice(raw.get("province_section", "Địa phương"), "tỉnh").section,
        aliases=aliases,
        title_rules=rules,
        masked_phrases=tuple(nfc(p) for p in inference.get("masked_phrases", [])),
        ignored_names=tuple(nfc(p) for p in inference.get("ignored_names", [])),
        one_word_cues=frozenset(nfc(p) for p in inference.get("one_word_cues", [])),
    )
    if problems:
        raise ValueError("\n".join(problems))
    return table


def choose_section(
    breadcrumb: tuple[str, ...],
    title: str,
    title_names_province: bool,
    reference: ReferenceData,
    table: LegacyTable,
) -> SectionChoice:
    """The rules documented in ``data/legacy_sections.toml``, in order."""
    for crumb in reversed(breadcrumb):
        if fold(crumb) in table.aliases:
            return table.aliases[fold(crumb)]
        section = reference.section(crumb).found
        if section is not None:
            return SectionChoice(section.name, "", f"chuyên mục cũ '{crumb}'")
        for section in reference.sections:
            sub = section.subsection(crumb)
            if sub is not None:
                return SectionChoice(section.name, sub.name, f"chuyên mục cũ '{crumb}'")
    lowered = nfc(title).casefold()
    for rule in table.title_rules:
        if any(phrase.casefold() in lowered for phrase in rule.phrases):
            return rule.choice
    if title_names_province:
        return SectionChoice(table.province_section, "", "tiêu đề nêu tên tỉnh")
    return SectionChoice(table.default_section, "", "mặc định")


# --- inferring topics -----------------------------------------------------


@dataclass(frozen=True)
class Topics:
    provinces: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    title_names_province: bool = False


@dataclass
class _Tally:
    prominent: bool = False
    count: int = 0
    first: int = 10**9


@dataclass(frozen=True)
class TopicMatcher:
    """Word-boundary matcher over every name and alias of the reference data."""

    pattern: re.Pattern[str]
    exact: dict[str, tuple[tuple[str, str], ...]]  # surface → ((kind, canonical), …)
    folded: dict[str, tuple[tuple[str, str], ...]]  # casefolded, for long organization names
    masked: re.Pattern[str] | None
    cues: frozenset[str]
    org_links: dict[str, tuple[str, str]] = field(default_factory=dict)  # org → (province, country)


def build_matcher(reference: ReferenceData, table: LegacyTable) -> TopicMatcher:
    exact: dict[str, list[tuple[str, str]]] = {}
    folded: dict[str, list[tuple[str, str]]] = {}
    ignored = set(table.ignored_names)

    def add(surface: str, kind: str, canonical: str, caseless: bool = False) -> None:
        if not surface or surface in ignored or len(surface) < 2:
            return
        target = folded if caseless else exact
        key = surface.casefold() if caseless else surface
        entries = target.setdefault(key, [])
        if (kind, canonical) not in entries:
            entries.append((kind, canonical))

    for province in reference.provinces:
        for name in (province.name, *province.aliases):
            add(name, "province", province.name)
    for former in reference.former_provinces:
        for name in (former.name, *former.aliases):
            add(name, "province", former.name)
    for country in reference.countries:
        for name in (country.name, *country.aliases):
            add(name, "country", country.name)
    iso = {c.iso: c.name for c in reference.countries}
    links: dict[str, tuple[str, str]] = {}
    for org in reference.organizations:
        for name in (org.name, *org.aliases):
            add(name, "organization", org.name, caseless=len(name.split()) >= 3)
        add(org.short, "organization", org.name)
        links[org.name] = (org.province, iso.get(org.country, ""))
    surfaces = sorted({*exact, *folded}, key=len, reverse=True)
    alternatives = [
        f"(?i:{re.escape(s)})" if s in folded and s not in exact else re.escape(s) for s in surfaces
    ]
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
    masked = (
        re.compile(
            "|".join(re.escape(p) for p in sorted(table.masked_phrases, key=len, reverse=True))
        )
        if table.masked_phrases
        else None
    )
    return TopicMatcher(
        pattern,
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in folded.items()},
        masked,
        table.one_word_cues,
        links,
    )


# "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng" is a provincial branch,
# not the national organization the reference data names.
_LOCAL_BRANCH = (" tỉnh ", " thành phố ", " TP ", " TP.", " huyện ", " quận ", " thị xã ")


def _mentions(text: str, matcher: TopicMatcher) -> list[tuple[int, str, str]]:
    """``(position, kind, canonical)`` for every name in ``text``."""
    if matcher.masked is not None:
        text = matcher.masked.sub(lambda m: "\x00" * len(m.group(0)), text)
    found = []
    for match in matcher.pattern.finditer(text):
        surface = match.group(0)
        entries = matcher.exact.get(surface) or matcher.folded.get(surface.casefold(), ())
        if len(surface.split()) == 1 and any(kind == "country" for kind, _ in entries):
            before = text[: match.start()].rstrip()
            previous = before.split()[-1] if before.split() else ""
            if not (
                before.endswith(("-", "–", ","))
                or previous in matcher.cues
                or before.endswith(" Việt Nam")
            ):
                continue
        branch = text[match.end() :].startswith(_LOCAL_BRANCH)
        found += [
            (match.start(), kind, canonical)
            for kind, canonical in entries
            if not (kind == "organization" and branch)
        ]
    return found


def infer_topics(title: str, summary: str, body: list[str], matcher: TopicMatcher) -> Topics:
    """Names of the title and sapo always count; a name only in the body must
    occur twice, unless it is the only one of its kind."""
    tallies: dict[tuple[str, str], _Tally] = {}
    offset = 0
    for part, text in ((True, title), (True, summary), *((False, b) for b in body)):
        for position, kind, canonical in _mentions(text, matcher):
            items = [(kind, canonical)]
            if kind == "organization":
                province, country = matcher.org_links.get(canonical, ("", ""))
                items += [("province", province)] if province else []
                items += [("country", country)] if country else []
            for item in items:
                tally = tallies.setdefault(item, _Tally())
                tally.prominent |= part
                tally.count += 1
                tally.first = min(tally.first, offset + position)
        offset += len(text) + 1
    by_kind: dict[str, list[tuple[str, _Tally]]] = {}
    for (kind, canonical), tally in tallies.items():
        by_kind.setdefault(kind, []).append((canonical, tally))

    def keep(kind: str) -> tuple[str, ...]:
        items = sorted(by_kind.get(kind, []), key=lambda item: item[1].first)
        if kind == "organization" or len(items) == 1:
            return tuple(name for name, _ in items)
        return tuple(name for name, t in items if t.prominent or t.count >= 2)

    in_title = {c for _, kind, c in _mentions(title, matcher) if kind == "province"}
    in_title |= {
        matcher.org_links.get(c, ("", ""))[0]
        for _, kind, c in _mentions(title, matcher)
        if kind == "organization"
    } - {""}
    return Topics(keep("province"), keep("country"), keep("organization"), bool(in_title))


def find_localities(
    texts: list[str], provinces: tuple[str, ...], published: datetime | None, gazetteer
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``Localities:`` items for the communes, wards and districts the text
    names (``xã Giao Thiện (huyện Giao Thủy)``), each unit once, and a note
    for each name the gazetteer cannot place (left out, so the article still
    imports). Names are read on the map of the article's time and within
    its provinces, as ``make check`` reads them."""
    before = before_reorganisation(published)
    found: dict[tuple[str, str, str], tuple[str, Locality]] = {}
    notes: dict[str, None] = {}
    for text in texts:
        for mention in locality_mentions(text):
            tried = list(mention.items())
            for item in tried:
                locality = gazetteer.resolve(item, provinces, before).found
                if locality is not None:
                    unit = (locality.label, locality.former_place, locality.province)
                    found.setdefault(unit, (item, locality))
                    break
            else:
                result = gazetteer.resolve(tried[0], provinces, before)
                hint = f"; có phải '{result.suggestion}'?" if result.suggestion else ""
                notes.setdefault(f"Localities: bỏ '{tried[0]}' ({result.problem}{hint})", None)
    # A former district says no more than a commune of it that is listed
    # ("xã Giao Thiện (huyện Giao Thủy)" and "UBND huyện Giao Thủy").
    districts_of_communes = {
        name_key(locality.former_place.split(",")[0])
        for _, locality in found.values()
        if locality.unit is not None and locality.is_former
    }
    items = tuple(
        item
        for item, locality in found.values()
        if not (locality.unit is None and name_key(locality.label) in districts_of_communes)
    )
    return items, tuple(notes)


# --- summary, dates, Markdown ----------------------------------------------


def trim_words(text: str, limit: int = SUMMARY_MAX) -> str:
    """Cut at a word boundary so that the result (with ``…``) fits ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


_SENTENCE_END = re.compile(r"[.!?…]+[\"”»)]?\s+")


_AGENCY_TAG = re.compile(r"^\((?:[A-ZĐ]{2,12})\)\s*[-–]\s*")


def strip_agency_tag(text: str) -> str:
    """``(BTBĐT) - Sáng 10/5, …`` → ``Sáng 10/5, …`` (the site's own dateline tag)."""
    return _AGENCY_TAG.sub("", text.strip())


def split_summary(first: str, limit: int = SUMMARY_MAX) -> tuple[str, str]:
    """The sapo from the first paragraph: ``(summary, rest of the paragraph)``.

    Whole sentences when they fit (the rest stays in the body, nothing is
    lost); otherwise the paragraph trimmed at a word boundary, kept whole in
    the body.
    """
    first = strip_agency_tag(" ".join(first.split()))
    if len(first) <= limit:
        return first, ""
    end = 0
    for match in _SENTENCE_END.finditer(first):
        nxt = first[match.end() : match.end() + 1]
        if match.end() > limit + 1:
            break
        if nxt[:1].isupper() or nxt[:1] in '"“':
            end = match.end()
    if end:
        return first[:end].strip(), first[end:].strip()
    return trim_words(first, limit), first


_FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_WORD_DATE = re.compile(r"\bngày (\d{1,2}) tháng (\d{1,2}) năm ((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm ((?:19|20)\d\d)\b", re.IGNORECASE)


def estimate_date(texts: list[str]) -> datetime | None:
    """The latest date the text mentions (a capture without a dateline)."""
    found: list[datetime] = []
    for text in texts:
        for d, m, y in (*_FULL_DATE.findall(text), *_WORD_DATE.findall(text)):
            try:
                found.append(datetime(int(y), int(m), int(d), tzinfo=VIETNAM_TZ))
            except ValueError:
                continue
        found += [datetime(int(y), 1, 1, tzinfo=VIETNAM_TZ) for y in _YEAR.findall(text)]
    return max(found) if found else None


_ESCAPE = re.compile(r"([\\`*_\[\]])")
_LEADING = re.compile(r"^(#|>|[-+*]\s|\d+[.)]\s|=+$|-+$)")


def md_text(text: str) -> str:
    """Plain text as a Markdown paragraph that renders as written."""
    text = _ESCAPE.sub(r"\\\1", text).replace("<", "&lt;")
    if _LEADING.match(text):
        text = "\\" + text
    return text


def render_blocks(blocks: list) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(md_text(block.text))
        elif isinstance(block, Subheading):
            parts.append(f"## {md_text(block.text)}")
        elif isinstance(block, Caption) and (block.text.strip() or block.credit):
            parts.append(missing_photo_note(block))
    return "\n\n".join(parts) + "\n"


def missing_photo_note(caption: Caption) -> str:
    """A caption of the old page, whose photo the capture does not hold.

    Readers must not get a caption under no photo ("… (Ảnh: Quỳnh Hoa)"
    crediting nothing), so the draft keeps it as an HTML comment, which is
    never published (plugins/sanitize), holding the figure line to complete:
    the editor copies the photo into ``content/images/`` and writes its
    name, or deletes the note. The import report counts these notes."""
    text = " ".join(caption.text.split()).replace('"', "'").replace("--", "–")
    credit = " ".join(caption.credit.split()).replace('"', "'").replace("--", "–")
    title = f"{text} (Ảnh: {credit})" if credit else text
    figure = f'![Mô tả ảnh](images/ten-anh.jpg "{title.strip()}")'
    return f"{MISSING_PHOTO_NOTE} Chép ảnh vào content/images/ rồi thay ghi chú này bằng:\n{figure}\n-->"


_FIELD_ORDER = {spec.key: index for index, spec in enumerate(FIELDS)}


def render_article(header: dict[str, str], body_markdown: str) -> str:
    """Header in the order of the content model, blank line, body."""
    keys = sorted(header, key=lambda k: _FIELD_ORDER.get(k, len(_FIELD_ORDER)))
    lines = [
        f"{key}: {' '.join(str(header[key]).split())}" for key in keys if str(header[key]).strip()
    ]
    return nfc("\n".join(lines) + "\n\n" + body_markdown)


@dataclass(frozen=True)
class Converted:
    """The header values and body of one imported article."""

    header: dict[str, str]
    body: str
    published: datetime
    notes: tuple[str, ...]
    related_titles: tuple[str, ...]


def _listed(names: tuple[str, ...], lookup) -> str:
    """A list field's value: a name with a comma is written as the entry's
    comma-free short name (``list_name``), so the list splits back into the
    same entries."""
    return ", ".join(list_name(lookup(name).found) if "," in name else name for name in names)


def convert(
    article: LegacyArticle, reference: ReferenceData, table: LegacyTable, matcher: TopicMatcher
) -> Converted:
    """Header fields (without Slug/Related, which depend on the folder) and body."""
    notes = list(article.notes)
    blocks = list(article.body.blocks)
    if article.summary:
        if blocks and fold(blocks[0].text) == fold(article.summary):
            blocks = blocks[1:]
        summary, rest = split_summary(article.summary)
        if rest:
            blocks.insert(0, Paragraph(rest))
    else:
        first = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)), None)
        if first is None:
            summary = trim_words(article.title)
            notes.append("không có đoạn mở đầu: sapo lấy từ tiêu đề")
        else:
            summary, rest = split_summary(blocks[first].text)
            if rest:
                blocks[first] = Paragraph(rest)
            else:
                del blocks[first]
    if not blocks:
        blocks = [Paragraph(article.summary or summary)]

    topics = infer_topics(article.title, summary, [b.text for b in blocks], matcher)
    choice = choose_section(
        article.breadcrumb, article.title, topics.title_names_province, reference, table
    )
    published = article.published
    status = "published"
    if published is None:
        published = estimate_date([article.title, summary, *(b.text for b in blocks)])
        if published is None:
            raise CaptureError("không tìm thấy ngày đăng (và nội dung không nêu ngày nào)")
        status = "draft"
        notes.append(
            f"bản lưu không có ngày đăng: ngày ước đoán {published:%d/%m/%Y} là ngày muộn nhất"
            " mà bài nhắc tới (bài đăng vào ngày đó hoặc sau đó, có khi sau cả năm), bài để ở"
            " trạng thái nháp (Status: draft) — hãy sửa Date theo trang gốc rồi xuất bản"
        )
    last = next((b.text for b in reversed(blocks) if isinstance(b, Paragraph)), "")
    if last and not _ENDS_A_PARAGRAPH.search(last) and not _LIST_ITEM.match(last):
        # A capture cut short (a partial copy, a page that did not finish
        # loading): its last paragraph stops mid-sentence.
        status = "draft"
        notes.append(
            f"đoạn cuối dừng giữa câu (“…{last[-40:].lstrip()}”): bản lưu có thể bị cắt"
            " — bài để ở trạng thái nháp (Status: draft); hãy so với trang gốc rồi xuất bản"
        )
    localities, locality_notes = find_localities(
        [article.title, summary, *(b.text for b in blocks if not isinstance(b, Subheading))],
        topics.provinces,
        published,
        reference.localities,
    )
    notes += locality_notes
    source = article.source or article.body.source
    source_url = article.source_url or article.body.source_url
    header = {
        "Title": article.title,
        "Date": f"{published:%Y-%m-%d %H:%M}",
        "Category": choice.section,
        "Subsection": choice.subsection,
        "Tags": ", ".join(k for k in article.all_keywords if "," not in k),
        "Provinces": _listed(topics.provinces, reference.province),
        "Countries": _listed(topics.countries, reference.country),
        "Organizations": _listed(topics.organizations, reference.organization),
        "Localities": ", ".join(localities),
        "Authors": ", ".join(article.all_authors),
        "Source": source or (urlhost(source_url) if source_url else ""),
        "Source_URL": source_url,
        "Summary": summary,
        "Legacy_URL": article.legacy_url,
        "Views": str(article.views) if article.views is not None else "",
        "Status": status,
    }
    # The page credits no other paper: its own site published it (the site
    # it names, "Theo dõi thoidai.com.vn trên", or the host of its address).
    credited = header["Source"]
    own_site = article.site or (
        urlhost(article.legacy_url) if "://" in (article.legacy_url or "") else ""
    )
    if not credited and own_site:
        header["Source"] = own_site
        notes.append(
            f"bản lưu không ghi nguồn: Source là trang của bản lưu ({own_site}), nơi bài"
            " được đăng — hãy sửa nếu bài lấy từ báo khác"
        )
    if not credited and not header["Authors"]:
        # Neither a credited paper nor an author: published, the byline
        # would credit the portal's own editors (AUTHOR) with the article.
        header["Status"] = "draft"
        notes.append(
            "bản lưu không ghi nguồn và tác giả: bài để ở trạng thái nháp (Status: draft)"
            " — hãy ghi "
            + ("Authors" if own_site else "Source (tên báo hoặc trang gốc) và Authors")
            + " rồi xuất bản"
        )
    elif not credited and not own_site:
        notes.append(
            "bản lưu không ghi nguồn (dòng 'Nguồn:' trống hoặc không có) — hãy ghi"
            " Source (tên báo hoặc trang gốc)"
        )
    photos = sum(
        isinstance(block, Caption) and bool(block.text.strip() or block.credit) for block in blocks
    )
    if photos:
        notes.append(
            f"{photos} ảnh của trang cũ chưa có tệp: chú thích được giữ trong ghi chú"
            " <!-- … --> của thân bài (không đăng), hãy thêm ảnh hoặc xóa ghi chú"
        )
    notes.append(
        f"chuyên mục {choice.section}{' / ' + choice.subsection if choice.subsection else ''} ({choice.reason})"
    )
    if article.body.dropped:
        # What of the old page was left out of the body (boxes, teasers,
        # untitled photos): the report says so, the editor can check.
        notes.append("đã bỏ khỏi thân bài: " + "; ".join(article.body.dropped))
    return Converted(
        {k: v for k, v in header.items() if v},
        render_blocks(blocks),
        published,
        tuple(notes),
        article.body.related_titles,
    )


def urlhost(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
