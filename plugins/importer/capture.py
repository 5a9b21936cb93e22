"""What a legacy page capture holds, once its chrome is gone.

Both readers (plain-text captures in :mod:`.text_capture`, saved HTML pages
in :mod:`.html_capture`) reduce a capture to a flat list of
:class:`RawBlock`\\ s and a few header values; :func:`assemble_body` then
applies the same rules to both: it cuts the page at the first chrome box
(*Tin bài liên quan*, *Đọc nhiều*, *Multimedia* …), drops teasers and
widgets, turns images into captions with credits and reads the byline and
the source at the end of the article. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from plugins.vietnamese import VIETNAM_TZ, datetime_from_match, fold, nfc


class CaptureError(ValueError):
    """A capture that cannot be turned into an article (message in Vietnamese)."""


# --- what a capture is made of ------------------------------------------


@dataclass(frozen=True)
class RawBlock:
    """One block of the page in reading order.

    ``kind`` is ``p`` (paragraph), ``heading``, ``image`` (``text`` = alt
    text; a following paragraph may be its caption), ``img`` (an image in
    markup: only a following ``caption`` block is its caption), ``caption`` (a figure caption the markup identified) or
    ``marker`` (the heading of a page box, e.g. "Tin bài liên quan") or
    ``teaser`` (a paragraph that is one link to another article).
    """

    text: str
    kind: str = "p"


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Caption:
    """A figure caption; the image itself is not kept (no hot-linking)."""

    text: str
    credit: str = ""


Block = Paragraph | Subheading | Caption


@dataclass(frozen=True)
class Body:
    """The article part of a page, after :func:`assemble_body`."""

    blocks: tuple[Block, ...]
    authors: tuple[str, ...] = ()
    source: str = ""
    source_url: str = ""
    keywords: tuple[str, ...] = ()
    related_titles: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # labels of the chrome left out, for the report


@dataclass(frozen=True)
class LegacyArticle:
    """Everything read from one capture, before it meets the content model."""

    capture: str  # file name, for messages
    title: str
    published: datetime | None
    body: Body
    breadcrumb: tuple[str, ...] = ()
    views: int | None = None
    legacy_url: str = ""
    summary: str = ""  # an explicit sapo, when the markup has one
    authors: tuple[str, ...] = ()  # from the markup; the body's byline otherwise
    source: str = ""
    source_url: str = ""
    keywords: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # warnings for the report
    # The site the page was saved from, as the page names it ("Theo dõi
    # thoidai.com.vn trên …"): the publisher when the page credits no other.
    site: str = ""

    @property
    def all_authors(self) -> tuple[str, ...]:
        return self.authors or self.body.authors

    @property
    def all_keywords(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.keywords, *self.body.keywords)))


# --- line rules -----------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")


def clean_text(text: str) -> str:
    """NFC, one space between words, no zero-width spaces, trimmed."""
    return _SPACES.sub(" ", nfc(text).replace("\ufeff", "")).strip()


_WEEKDAY = r"(?:Thứ\s*(?:[2-7]|[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy)|Chủ\s*[Nn]hật|CN|T[2-7])"
_PREFIX = r"(?:(?:Cập nhật|Ngày đăng|Đăng lúc|Đăng ngày|Ngày)\s*:?\s*)?"
_D = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_T = r"(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?"
_SEP = r"\s*(?:[|,–-]\s*)?"
_TZ = r"(?:\s*\(?(?:GMT|UTC)\s*(?P<tz>[+-]\s*\d{1,2})(?::?00)?\)?)?"
_DATELINES = (
    re.compile(rf"^{_PREFIX}(?:{_WEEKDAY},?\s*)?{_PREFIX}{_D}{_SEP}{_T}{_TZ}$", re.IGNORECASE),
    re.compile(rf"^{_PREFIX}{_T}{_SEP}(?:{_WEEKDAY},?\s*)?(?:ngày\s*)?{_D}{_TZ}$", re.IGNORECASE),
)


def parse_dateline(line: str) -> datetime | None:
    """A dateline of the legacy sites, in Vietnam time.

    >>> parse_dateline("Thứ 6, 06/01/2017 | 14:31:31").isoformat()
    '2017-01-06T14:31:31+07:00'
    >>> parse_dateline("07:05 | 04/11/2020 GMT+7").isoformat()
    '2020-11-04T07:05:00+07:00'
    """
    text = clean_text(line)
    for pattern in _DATELINES:
        match = pattern.match(text)
        if not match:
            continue
        offset = int(match["tz"].replace(" ", "")) if match["tz"] else 7
        try:
            moment = datetime_from_match(match, timezone(timedelta(hours=offset)))
        except ValueError:
            return None
        return moment.astimezone(VIETNAM_TZ)
    return None


def parse_iso_datetime(value: str) -> datetime | None:
    """``2022-05-10T16:45:02+07:00`` (meta tags), in Vietnam time."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TZ)
    return moment.astimezone(VIETNAM_TZ)


_VIEWS = re.compile(
    r"^(?:Lượt xem\s*:?\s*(?P<a>\d[\d.,\s]*)|(?P<b>\d[\d.,\s]*)\s*lượt xem)$", re.IGNORECASE
)


def parse_views(line: str) -> int | None:
    """``375 lượt xem`` / ``Lượt xem: 1.204`` → the count."""
    match = _VIEWS.match(clean_text(line))
    if not match:
        return None
    return int(re.sub(r"\D", "", match["a"] or match["b"]))


_BREADCRUMB = re.compile(
    r"^(?:Trang chủ|Trang nhất|Home)\b\s*[>»/|›:\-–]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_CRUMB_SEP = re.compile(r"\s*[>»/|›]\s*")


def parse_breadcrumb(line: str) -> tuple[str, ...] | None:
    """``Trang chủ > Hữu nghị > Hội hữu nghị`` → the items after the home link."""
    match = _BREADCRUMB.match(clean_text(line))
    if not match:
        return None
    rest = match["rest"].strip()
    return tuple(item for item in _CRUMB_SEP.split(rest) if item) if rest else ()


# Lines of the page furniture, wherever they appear.
_JUNK = (
    re.compile(r"^[\s\-–>]*-->[\s\-–>]*$"),  # "--> -->" left by the page's comments
    re.compile(r"^Theo dõi .{1,60} trên( .{1,30})?$", re.IGNORECASE),
    re.compile(r"^Xin (vui lòng )?chờ trong giây lát\.*$", re.IGNORECASE),
    re.compile(
        r"^(Xem trên|Chia sẻ|Chia sẻ bài viết|Share|Tweet|Facebook|Zalo|Twitter|In bài|"
        r"In bài viết|Gửi bài|Gửi email|Lưu bài|Lưu|Copy link|Sao chép liên kết|"
        r"Bình luận|Quay lại|Về đầu trang|Lên đầu trang|Google News|Thích|Like)"
        r"( \d+| \(\d+\))?:?$",
        re.IGNORECASE,
    ),
    re.compile(r"^Thời tiết (hôm nay|ngày mai)\b", re.IGNORECASE),  # weather teasers
    re.compile(r"^(Cỡ chữ|Font|A\+?\s*A-?)$", re.IGNORECASE),
)


_FOLLOW = re.compile(r"^Theo dõi (?P<site>\S{1,60}) trên\b", re.IGNORECASE)


def followed_site(line: str) -> str | None:
    """``Theo dõi thoidai.com.vn trên`` (the page's own "follow us" line) →
    ``thoidai.com.vn``; None for any other line, or a name that is no domain."""
    match = _FOLLOW.match(clean_text(line))
    if not match:
        return None
    site = match["site"].lower().removeprefix("www.")
    return site if _DOMAIN.match(site) else None


def is_junk(line: str) -> bool:
    """Page furniture: share buttons, counters ("1.204 lượt xem", "Bình luận (0)") …"""
    text = clean_text(line)
    return not text or any(p.search(text) for p in _JUNK) or parse_views(text) is not None


def doubled(line: str) -> str | None:
    """``X X`` (a teaser's link text followed by its image alt) → ``X``."""
    text = clean_text(line)
    half, rest = divmod(len(text), 2)
    if rest and half >= 10 and text[half] == " " and text[:half] == text[half + 1 :]:
        return text[:half]
    return None


# Boxes of the page that end the article. A marker line may carry content
# after a colon ("Từ khóa: hữu nghị, Lào").
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "keywords",
        re.compile(
            r"^[•·\-*\s]*(?:Từ khóa|Từ khoá|Tags?|Thẻ)\s*[:：]?\s*(?P<rest>.*)$", re.IGNORECASE
        ),
    ),
    (
        "related",
        re.compile(
            r"^(?:Tin bài liên quan|Tin liên quan|Bài liên quan|Bài viết liên quan|"
            r"Tin cùng sự kiện)\s*:?(?P<rest>)$",
            re.IGNORECASE,
        ),
    ),
    (
        "chrome",
        re.compile(
            r"^(?:Đọc nhiều|Đọc nhiều nhất|Xem nhiều|Xem nhiều nhất|Tin đọc nhiều|"
            r"Multimedia|Đa phương tiện|Các tin bài khác|Tin bài khác|Các tin khác|"
            r"Tin khác|Tin cùng chuyên mục|Bài cùng chuyên mục|Tin mới|Tin mới nhất|"
            r"Tin mới cập nhật|Tin nổi bật|Có thể bạn quan tâm|Ý kiến bạn đọc|"
            r"Gửi bình luận|Bình luận của bạn|Tiêu điểm|Video nổi bật|Tin ảnh)"
            r"\s*:?(?P<rest>)$",
            re.IGNORECASE,
        ),
    ),
)


# An inline link to another article, on a line of its own between
# paragraphs ("Xem thêm: Headline", ">> Headline"). In saved HTML a
# paragraph that is one internal link is the same thing (kind ``teaser``).
_INLINE_TEASER = re.compile(
    r"^(?:(?:Xem thêm|Đọc thêm|Xem tiếp|Mời xem|Tin liên quan|Bài liên quan|"
    r"Tin bài liên quan|Bài viết liên quan)\s*[:：>»]+|>>+|»)\s*(?P<title>\S.{9,199})$",
    re.IGNORECASE,
)


def inline_teaser(line: str) -> str | None:
    """The headline of an inline teaser line, else None."""
    match = _INLINE_TEASER.match(clean_text(line))
    return match["title"].strip(" >»") if match else None


def marker(line: str) -> tuple[str, str] | None:
    """``(kind, rest)`` when ``line`` is the heading of a page box."""
    text = clean_text(line)
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match["rest"].strip()
    return None


_CREDIT_WORD = (
    r"(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Ảnh tư liệu|Ảnh tư liệu của|Nguồn ảnh|Ảnh do|Photo)"
)
_CREDIT_PAREN = re.compile(
    rf"\s*[(\[]\s*{_CREDIT_WORD}\s*[:：]?\s*(?P<credit>[^()\[\]]+?)\s*[)\]]\s*\.?$", re.IGNORECASE
)
_CREDIT_TAIL = re.compile(
    rf"(?:\.|\s[-–])\s*{_CREDIT_WORD}\s*[:：]\s*(?P<credit>[^()]+?)\.?$", re.IGNORECASE
)


def split_credit(text: str) -> tuple[str, str]:
    """``Caption (Ảnh: Quỳnh Hoa).`` → ``("Caption", "Quỳnh Hoa")``."""
    text = clean_text(text).strip("| ").strip()
    for pattern in (_CREDIT_PAREN, _CREDIT_TAIL):
        match = pattern.search(text)
        if match:
            caption = text[: match.start()].rstrip(" .,;:-–")
            return caption, match["credit"].strip(" .")
    return text, ""


_BYLINE_PREFIX = re.compile(
    r"^(?:Bài và ảnh|Bài, ảnh|Bài & ảnh|Tin và ảnh|Tin, ảnh|Tin & ảnh|Bài|Tin|Tác giả|Nhóm PV|"
    r"Phóng viên|PV|Ghi chép của|Thực hiện)\s*[:：]\s*",
    re.IGNORECASE,
)
_NAME_SEP = re.compile(r"\s+[-–]\s+|\s*[,;/&]\s*|\s+và\s+")
_NAME_WORD = re.compile(r"^[\w.'’-]{1,20}$")


def parse_byline(text: str) -> tuple[str, ...] | None:
    """``Hà Vy - Thành Thật`` → ``("Hà Vy", "Thành Thật")``; None if not names.

    ``Theo VŨ VĂN CÀI`` names a person (:func:`theo_person`): the names, case
    restored; ``Theo Báo Lào Cai`` names a publication, which is a source
    (:func:`parse_source`), never an author.
    """
    line = clean_text(text).rstrip(".")
    theo = _THEO_WORD.match(line)
    if theo:
        return theo_person(line[theo.end() :])
    line = _BYLINE_PREFIX.sub("", line).strip()
    if not line or len(line) > 80 or any(ch.isdigit() for ch in line):
        return None
    names = [n.strip() for n in _NAME_SEP.split(line) if n.strip()]
    if not names:
        return None
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(
            _NAME_WORD.match(w) and w[0].isupper() for w in words
        ):
            return None
    return tuple(_name_case(name) for name in names)


_THEO_WORD = re.compile(r"^\(?\s*Theo\s+")
# First words of a publication's name (folded): "Báo Lào Cai", "Tạp chí …",
# "Cổng thông tin …", "Đài …", "Trang tin …", "Thông tấn xã …".
_PUBLICATION_WORDS = {"bao", "tap", "cong", "dai", "trang", "thong", "kenh", "ttxvn", "vov", "vtv"}
# The same words with their marks: Báo, Tạp (chí), Cổng (thông tin), Đài,
# Trang (tin), Thông (tấn xã), Kênh.
_PUBLICATION_WORDS_MARKED = {"báo", "tạp", "cổng", "đài", "trang", "thông", "kênh"}
# The commonest Vietnamese surnames (folded): a "Theo X" whose X starts with
# one is a person, not a publication.
_SURNAMES = set(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh
    dao doan luong trinh mai truong lam ha quach cao chu tang lai luu thai
    kieu khuc ta tong vuong
    """.split()  # noqa: SIM905 - a word list reads better as text
)


# Publications a byline or "Theo …" names (folded): a person's name cannot
# tell them apart ("Hà Nội Mới" starts with the surname Hà).
_PRESS = frozenset(
    " ".join(line.split())
    for chunk in (
        "ttxvn, vna, vov, vtv, vtc, vnexpress, vietnamplus, dan tri, nhan dan, ha noi moi,"
        " thoi dai, quan doi nhan dan, cong an nhan dan, lao dong, tien phong, tuoi tre,"
        " thanh nien, sai gon giai phong, nguoi lao dong, the gioi va viet nam,"
        " bao quoc te, vietnam news, kinh te do thi, phap luat, dan viet, vietnamnet,"
        " zing, tin tuc",
    )
    for line in chunk.split(",")
)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


def is_publication(value: str) -> bool:
    """A newspaper, agency or site: a known press name or acronym, a name
    that starts like one ("Báo …", "Đài …"), or a domain (thoidai.com.vn)."""
    text = clean_text(value).strip(" .()")
    folded = " ".join(fold(text).split())
    first = text.split()[0].lower() if text.split() else ""
    return (
        folded in _PRESS
        or (bool(first) and _publication_word(first))
        or bool(_DOMAIN.match(text.lower()))
    )


def _publication_word(word: str) -> bool:
    """ "Báo", "Đài", "Tạp chí"'s first word …, with its marks when it has
    them: "Đại sứ", "Đại diện" are no "Đài", "Công an" no "Cổng"."""
    if fold(word) == word:  # written without marks ("Bao Thai Binh")
        return word in _PUBLICATION_WORDS
    return word in _PUBLICATION_WORDS_MARKED


# "Thu Hà/VOV", "Minh Anh (TTXVN)": the author, then the agency.
_AGENCY = re.compile(r"^(?P<names>[^/()]+?)\s*(?:/\s*(?P<slash>[^/()]+)|\((?P<paren>[^()]+)\))$")


def byline_with_agency(text: str) -> tuple[tuple[str, ...], str] | None:
    """``Thu Hà/VOV`` → ``(("Thu Hà",), "VOV")``; None when it is not that."""
    match = _AGENCY.match(clean_text(text).rstrip("."))
    if not match:
        return None
    agency = (match["slash"] or match["paren"] or "").strip()
    names = parse_byline(match["names"])
    if not agency or not is_publication(agency) or not names:
        return None
    return names, agency


def theo_person(value: str) -> tuple[str, ...] | None:
    """The people of ``Theo VALUE``, or None when VALUE is a publication.

    A person: 2 to 5 words, the first a common surname or all the words in
    capitals (the old CMS writes bylines as "VŨ VĂN CÀI"), and not a word
    that starts a publication's name.
    """
    value = clean_text(value).strip(" .()")
    names = [n.strip() for n in _NAME_SEP.split(value) if n.strip()]
    if not names:
        return None
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 5 or is_publication(name):
            return None
        if fold(words[0]) not in _SURNAMES and not name.isupper():
            return None
        if not all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
            return None
    return tuple(_name_case(name) for name in names)


def _name_case(name: str) -> str:
    """``VŨ VĂN CÀI`` → ``Vũ Văn Cài``; a name already in mixed case is kept."""
    if not name.isupper() or len(name.split()) < 2:
        return name
    return " ".join(word.capitalize() for word in name.split())


_SOURCE = re.compile(
    r"^\(?\s*Nguồn(?: tin| bài)?\s*[:：]\s*(?P<value>.*?)\s*\)?\.?$", re.IGNORECASE
)
_THEO = re.compile(r"^\(?\s*Theo\s+(?P<value>[^,;]{2,80}?)\s*\)?\.?$")
_URL_IN = re.compile(r"https?://\S+")


def parse_source(text: str) -> tuple[str, str] | None:
    """``Nguồn: Báo Thái Bình`` / ``Theo TTXVN`` → ``(source, url)``."""
    line = clean_text(text)
    match = _SOURCE.match(line)
    if not match:
        match = _THEO.match(line)
        if (
            not match
            or not _looks_like_publication(match["value"])
            or theo_person(match["value"]) is not None
        ):
            return None
    value = match["value"].strip()
    url_match = _URL_IN.search(value)
    url = url_match.group(0).rstrip(").,") if url_match else ""
    name = _URL_IN.sub("", value).strip(" -–:()")
    if url and not name:
        name = urlsplit(url).hostname or ""
        name = name.removeprefix("www.")
    return name, url


def _looks_like_publication(value: str) -> bool:
    """``Theo VALUE`` names a publication: a known paper or agency, a name
    that starts like one ("Báo …", "Đài …") or a site. Any other capitalised
    name is more often a person named by office ("Theo Bí thư Tỉnh ủy …",
    "Theo Phó Thủ tướng …", "Theo TS. …"): what they said is body text, and
    a paper the list lacks stays in the body, where the editor sees it."""
    return len(value.split()) <= 8 and is_publication(value)


def is_snippet(text: str) -> bool:
    """A teaser's lead: it stops short with an ellipsis."""
    return clean_text(text).rstrip().endswith(("...", "…", "…."))


# --- assembling the body ------------------------------------------------


# A paragraph this long, not cut with an ellipsis, is body text, not a
# headline or a teaser of a page box.
BODY_PARAGRAPH_CHARS = 200


def assemble_body(blocks: list[RawBlock], title: str) -> Body:
    """Apply the shared page rules to the blocks that follow the title."""
    main: list[RawBlock] = []
    regions: list[tuple[str, str, list[RawBlock]]] = []  # (kind, rest, blocks)
    for block in blocks:
        found = marker(block.text) if block.kind in ("p", "heading", "marker") else None
        if found:
            regions.append((found[0], found[1], []))
        elif regions:
            regions[-1][2].append(block)
        else:
            main.append(block)

    dropped: list[str] = []
    keywords: list[str] = []
    related: list[str] = []
    for kind, rest, region in regions:
        # A dateline after a page box, then a paragraph of a body, is a
        # second article's (two pages saved in one file): the box would
        # swallow it whole. (A related-news box may date its headlines.)
        at = next((i for i, b in enumerate(region) if parse_dateline(b.text) is not None), None)
        if at is not None and any(
            b.kind == "p" and len(b.text) >= BODY_PARAGRAPH_CHARS and not is_snippet(b.text)
            for b in region[at + 1 :]
        ):
            second = region[at].text
            raise CaptureError(
                f"bản lưu có vẻ chứa hơn một bài: sau hộp '{kind}' lại có dòng ngày đăng"
                f" '{second}' — hãy lưu mỗi bài vào một tệp riêng rồi nhập lại"
            )
        if kind == "keywords":
            keywords += _keywords(rest, region)
        elif kind == "related":
            related += _teaser_titles(region)
        dropped.append(f"hộp '{kind}' ({len(region)} dòng)")

    # Headlines the page's boxes list (a bare one in the body is a teaser).
    boxed = {clean_text(b.text) for _, _, region in regions for b in region if b.kind == "p"}
    boxed |= {d for t in list(boxed) if (d := doubled(t))}
    title_key = fold(title)
    out: list[Block] = []
    index = 0
    while index < len(main):
        block = main[index]
        text = clean_text(block.text)
        following = main[index + 1] if index + 1 < len(main) else None
        if block.kind in ("image", "img") or (block.kind == "p" and fold(text) == title_key):
            # An image (its alt text is often the title): keep its caption only.
            # ``img`` comes from markup, where only a marked caption counts.
            loose = block.kind != "img" and following is not None and following.kind == "p"
            if (
                following
                and (following.kind == "caption" or loose)
                and _caption_like(following.text)
            ):
                out.append(Caption(*split_credit(following.text)))
                index += 2
            else:
                dropped.append("ảnh không chú thích")
                index += 1
            continue
        if block.kind == "caption":
            caption, credit = split_credit(text)
            if caption or credit:
                out.append(Caption(caption, credit))
            index += 1
            continue
        inline = text if block.kind == "teaser" else inline_teaser(text)
        if block.kind == "p" and not inline and text in boxed and not text.endswith("."):
            inline = text  # a bare headline that the page's boxes list too
        if inline and block.kind in ("p", "teaser"):
            # "Xem thêm: Headline" between paragraphs: a related article.
            related.append(inline)
            dropped.append(f"tin liên quan trong bài '{inline[:40]}'")
            index += 1
            continue
        if is_junk(text):
            if text:
                dropped.append(f"'{text[:40]}'")
            index += 1
            continue
        teaser = doubled(text)
        repeated = following is not None and clean_text(following.text) == text
        if teaser or (repeated and _teaser_follows(main, index + 2)):
            index += 1 if teaser else 2
            if index < len(main) and is_snippet(main[index].text):
                index += 1
            dropped.append(f"tin khác '{(teaser or text)[:40]}'")
            continue
        if repeated:  # alt text repeated as caption
            index += 1
            continue
        if block.kind == "heading":
            out.append(Subheading(text))
        elif len(text) <= 250 and split_credit(text)[1]:
            out.append(Caption(*split_credit(text)))
        else:
            out.append(Paragraph(text))
        index += 1

    authors: tuple[str, ...] = ()
    source = source_url = ""
    while out and isinstance(out[-1], Paragraph):
        text = out[-1].text
        credited = parse_source(text)
        if credited is not None and not source:
            source, source_url = credited
            out.pop()
            continue
        with_agency = byline_with_agency(text) if not authors else None
        if with_agency is not None:
            authors, agency = with_agency
            source = source or agency
            out.pop()
            continue
        names = parse_byline(text)
        if names and not authors and not any(is_publication(name) for name in names):
            authors = names
            out.pop()
            continue
        if not authors and _office_after_byline(out):
            # "Theo VŨ VĂN CÀI" then the author's office ("Phóng viên thường
            # trú tại Lào Cai"): the office is not body text.
            dropped.append(f"chức danh tác giả '{clean_text(text)[:40]}'")
            out.pop()
            continue
        break
    return Body(
        tuple(out),
        authors,
        source,
        source_url,
        tuple(dict.fromkeys(keywords)),
        tuple(dict.fromkeys(related)),
        tuple(dropped),
    )


def _office_after_byline(out: list[Block]) -> bool:
    """The last block is a short line without a full stop (an author's title
    or office) right after a "Theo PERSON" byline."""
    if len(out) < 2 or not isinstance(out[-2], Paragraph):
        return False
    text, before = clean_text(out[-1].text), clean_text(out[-2].text)
    return (
        0 < len(text) <= 100
        and len(text.split()) <= 14
        and not text.endswith((".", "!", "?"))
        and bool(_THEO_WORD.match(before))
        and parse_byline(before) is not None
    )


def _caption_like(text: str) -> bool:
    text = clean_text(text)
    return 0 < len(text) <= 400 and doubled(text) is None and marker(text) is None


def _teaser_follows(blocks: list[RawBlock], index: int) -> bool:
    """After a repeated line: a snippet, another teaser, or nothing."""
    if index >= len(blocks):
        return True
    text = blocks[index].text
    nxt = blocks[index + 1].text if index + 1 < len(blocks) else None
    return (
        is_snippet(text) or doubled(text) is not None or clean_text(text) == clean_text(nxt or "")
    )


_KEYWORD_SEP = re.compile(r"\s*[,;|•·]\s*")


def _keywords(rest: str, region: list[RawBlock]) -> list[str]:
    """Keywords on the marker line, then short bullet-like lines up to a teaser."""
    found = [k for k in _KEYWORD_SEP.split(clean_text(rest)) if k]
    for index, block in enumerate(region):
        text = clean_text(block.text)
        nxt = clean_text(region[index + 1].text) if index + 1 < len(region) else ""
        if not text or is_junk(text):
            continue
        bullet = text[:1] in "•·-*#"
        if not bullet and (
            len(text) > 60 or text == nxt or doubled(text) or text.endswith((".", "…"))
        ):
            break
        found += [
            k.strip("#").strip() for k in _KEYWORD_SEP.split(text.lstrip("•·-*# ")) if k.strip("#")
        ]
    return [k for k in found if 1 < len(k) <= 60]


def _teaser_titles(region: list[RawBlock]) -> list[str]:
    """Titles in a *Tin bài liên quan* box: repeated lines, or short lines."""
    texts = [clean_text(b.text) for b in region if b.kind != "image" and clean_text(b.text)]
    titles = []
    for index, text in enumerate(texts):
        if doubled(text):
            titles.append(doubled(text))
        elif index + 1 < len(texts) and texts[index + 1] == text:
            titles.append(text)
    if titles or not texts:
        return list(dict.fromkeys(titles))
    return [t for t in texts if 15 <= len(t) <= 200 and not is_snippet(t) and not t.endswith(".")]
