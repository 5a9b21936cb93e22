"""Deterministic synthetic corpus: Vietnamese-like articles over our reference data.

``generate_corpus(n)`` returns ``n`` :class:`SyntheticArticle` records (the
same ones for the same ``n`` and ``seed``, on every machine); each has about
800 syllables of body text and the metadata an editor writes: a section (and
sometimes a subsection), provinces named *as at the time* (a former province
before 1 July 2025), partner countries, organizations, keywords, sometimes a
series, pinned related slugs, a few drafts. Articles come in *stories*
(several articles about one event, partner and province, a few weeks apart),
so related-article and topic-page work sees realistic overlap.

``write_markdown(corpus, folder)`` writes them as content files with our
content-model header (``articles/YYYY/<slug>.md``), for timing full builds.

The text is assembled from word banks, not copied from anywhere; it reads
as plausible Vietnamese news prose at the level of vocabulary and rhythm,
which is what tokenisers, indexes and templates care about.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from plugins.reference import Country, Organization, Province, ReferenceData, load_reference_data
from plugins.vietnamese import VIETNAM_TZ, slugify

DEFAULT_SEED = 2025
START = datetime(2016, 1, 1, 7, 0, tzinfo=VIETNAM_TZ)
END = datetime(2025, 12, 31, 20, 0, tzinfo=VIETNAM_TZ)
MERGER = datetime(2025, 7, 1, tzinfo=VIETNAM_TZ)  # the 34-unit map applies from here
BODY_SYLLABLES = 800


@dataclass(frozen=True)
class Topic:
    key: str
    section: str
    subsection: str | None
    events: tuple[str, ...]  # what happens ("trao học bổng")
    nouns: tuple[str, ...]  # topic vocabulary, mostly two-syllable words
    tags: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "giao-duc",
        "Văn hóa - Giáo dục",
        None,
        (
            "trao học bổng",
            "khánh thành điểm trường",
            "tặng thư viện",
            "khởi công trường học",
            "tập huấn giáo viên",
        ),
        (
            "học sinh",
            "giáo viên",
            "lớp học",
            "điểm trường",
            "bán trú",
            "sách vở",
            "thư viện",
            "khuyến học",
            "học bổng",
            "cơ sở vật chất",
            "phòng học",
            "vùng cao",
            "tiểu học",
            "mầm non",
            "đồ dùng học tập",
        ),
        ("giáo dục", "học bổng", "trường học"),
    ),
    Topic(
        "y-te",
        "Phi chính phủ",
        "Dự án",
        (
            "khám bệnh miễn phí",
            "phẫu thuật nụ cười",
            "bàn giao trạm y tế",
            "tập huấn dinh dưỡng",
            "trao tặng thiết bị y tế",
        ),
        (
            "bác sĩ",
            "bệnh nhân",
            "khám chữa",
            "thuốc men",
            "trạm y tế",
            "dinh dưỡng",
            "sức khỏe",
            "phẫu thuật",
            "y tế cơ sở",
            "nước sạch",
            "vệ sinh",
            "phòng khám",
            "điều dưỡng",
            "trẻ em",
            "bà mẹ",
        ),
        ("y tế", "sức khỏe cộng đồng", "viện trợ"),
    ),
    Topic(
        "cuu-tro",
        "Phi chính phủ",
        "Cứu trợ thiên tai",
        (
            "cứu trợ đồng bào vùng lũ",
            "trao nhà tránh lũ",
            "hỗ trợ khắc phục hậu quả bão",
            "cấp nước sạch sau lũ",
        ),
        (
            "mưa lũ",
            "ngập lụt",
            "sạt lở",
            "thiên tai",
            "hàng cứu trợ",
            "nhà tránh lũ",
            "khắc phục",
            "hậu quả",
            "người dân",
            "vùng lũ",
            "nhu yếu phẩm",
            "lương thực",
            "tái thiết",
            "sinh kế",
            "bão số",
        ),
        ("thiên tai", "cứu trợ", "lũ lụt"),
    ),
    Topic(
        "van-hoa",
        "Hữu nghị",
        "Giao lưu văn hóa",
        (
            "tuần văn hóa",
            "liên hoan phim",
            "triển lãm ảnh",
            "đêm giao lưu nghệ thuật",
            "lễ hội ẩm thực",
        ),
        (
            "văn hóa",
            "nghệ thuật",
            "biểu diễn",
            "triển lãm",
            "điện ảnh",
            "âm nhạc",
            "lễ hội",
            "ẩm thực",
            "nghệ sĩ",
            "khán giả",
            "truyền thống",
            "di sản",
            "bản sắc",
            "múa rối",
            "áo dài",
        ),
        ("văn hóa", "giao lưu", "nghệ thuật"),
    ),
    Topic(
        "kieu-bao",
        "Kiều bào",
        None,
        (
            "gặp mặt kiều bào",
            "Tết cộng đồng",
            "lớp dạy tiếng Việt",
            "diễn đàn trí thức kiều bào",
            "về nguồn",
        ),
        (
            "kiều bào",
            "cộng đồng",
            "tiếng Việt",
            "quê hương",
            "đồng hương",
            "hội người Việt",
            "thế hệ trẻ",
            "doanh nhân",
            "trí thức",
            "hướng về",
            "cội nguồn",
            "gắn kết",
            "đại sứ quán",
            "lãnh sự",
            "định cư",
        ),
        ("kiều bào", "cộng đồng người Việt"),
    ),
    Topic(
        "thanh-nien",
        "Văn hóa - Giáo dục",
        None,
        (
            "giao lưu thanh niên",
            "trại hè hữu nghị",
            "đón tình nguyện viên",
            "lễ tốt nghiệp lưu học sinh",
        ),
        (
            "thanh niên",
            "sinh viên",
            "lưu học sinh",
            "tình nguyện viên",
            "trại hè",
            "giao lưu",
            "tiếng nói",
            "kết nối",
            "tuổi trẻ",
            "đại học",
            "học tập",
            "rèn luyện",
            "ký túc xá",
            "thực tập",
            "kỹ năng",
        ),
        ("thanh niên", "lưu học sinh", "tình nguyện"),
    ),
    Topic(
        "kinh-te",
        "Quốc tế",
        None,
        (
            "xúc tiến thương mại",
            "diễn đàn doanh nghiệp",
            "hội chợ nông sản",
            "ký kết hợp tác đầu tư",
        ),
        (
            "đầu tư",
            "thương mại",
            "xúc tiến",
            "doanh nghiệp",
            "nông sản",
            "xuất khẩu",
            "chuỗi giá trị",
            "hàng hóa",
            "thị trường",
            "kim ngạch",
            "logistics",
            "khu công nghiệp",
            "nhà đầu tư",
            "cơ hội",
            "tiềm năng",
        ),
        ("kinh tế", "đầu tư", "thương mại"),
    ),
    Topic(
        "moi-truong",
        "Phi chính phủ",
        "Dự án",
        (
            "trồng rừng ngập mặn",
            "dự án sinh kế",
            "hội thảo biến đổi khí hậu",
            "mô hình nông nghiệp bền vững",
        ),
        (
            "rừng ngập mặn",
            "khí hậu",
            "môi trường",
            "sinh kế",
            "nông nghiệp",
            "bền vững",
            "trồng cây",
            "nông dân",
            "hợp tác xã",
            "thích ứng",
            "xâm nhập mặn",
            "đa dạng sinh học",
            "nguồn nước",
            "mô hình",
            "canh tác",
        ),
        ("môi trường", "biến đổi khí hậu", "sinh kế"),
    ),
    Topic(
        "dia-phuong",
        "Địa phương",
        None,
        (
            "tiếp đoàn hữu nghị",
            "hội nghị tổng kết đối ngoại",
            "ký biên bản ghi nhớ",
            "thăm và làm việc",
        ),
        (
            "lãnh đạo tỉnh",
            "đoàn công tác",
            "biên bản",
            "ghi nhớ",
            "địa phương",
            "kết nghĩa",
            "tỉnh bạn",
            "hợp tác",
            "ủy ban",
            "chính quyền",
            "tổng kết",
            "phương hướng",
            "kế hoạch",
            "nghị quyết",
            "chương trình",
        ),
        ("đối ngoại địa phương", "hợp tác"),
    ),
)

GENERIC_TAGS = ("hữu nghị", "hợp tác", "đối ngoại nhân dân", "tình đoàn kết")

# Shared vocabulary of the field: every article uses some of it.
GENERIC_WORDS = (
    "hữu nghị",
    "hợp tác",
    "đối ngoại nhân dân",
    "tăng cường",
    "phát triển",
    "quan hệ",
    "hiểu biết",
    "tin cậy",
    "thiết thực",
    "hiệu quả",
    "ý nghĩa",
    "tình cảm",
    "sâu sắc",
    "đoàn kết",
    "gắn bó",
    "chia sẻ",
    "ghi nhận",
    "đánh giá cao",
    "cảm ơn",
    "mong muốn",
    "tiếp tục",
    "đóng góp",
    "tích cực",
    "nhân dân",
    "hai nước",
    "lâu dài",
    "bền chặt",
    "truyền thống",
    "kinh nghiệm",
    "trao đổi",
)
SUBJECTS = (
    "Phát biểu tại buổi lễ",
    "Thay mặt đoàn",
    "Theo ban tổ chức",
    "Tại buổi làm việc",
    "Nhân dịp này",
    "Trong khuôn khổ chương trình",
    "Chia sẻ với phóng viên",
    "Đại diện địa phương",
    "Theo kế hoạch",
    "Dịp này",
    "Cũng tại sự kiện",
    "Trước đó",
)
VERBS = (
    "nhấn mạnh",
    "khẳng định",
    "cho biết",
    "bày tỏ",
    "đề nghị",
    "thông tin",
    "chia sẻ",
    "ghi nhận",
    "đánh giá",
    "mong muốn",
    "cam kết",
    "kêu gọi",
)
CONNECTORS = ("đồng thời", "bên cạnh đó", "qua đó", "từ đó", "nhờ vậy", "ngoài ra")
FIRST_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN_NAMES = (
    "Minh",
    "Lan",
    "Hùng",
    "Thu",
    "Hải",
    "Hương",
    "Quang",
    "Mai",
    "Tuấn",
    "Ngọc",
    "Phương",
    "Đức",
)


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article: header values as an editor writes them, plus
    the resolved slugs the engines need (so benchmarks skip the reference lookup)."""

    slug: str
    title: str
    summary: str
    body: str  # Markdown
    date: datetime
    section: str
    section_slug: str
    subsection: str | None
    provinces: tuple[str, ...]  # as written (former name before the merger)
    province_slugs: tuple[str, ...]  # current units
    countries: tuple[str, ...]
    country_slugs: tuple[str, ...]
    organizations: tuple[str, ...]
    organization_slugs: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    series: str | None
    series_part: int | None
    related: tuple[str, ...]
    status: str
    views: int
    format: str = "article"
    video_url: str | None = None

    @property
    def path(self) -> str:
        return f"articles/{self.date:%Y}/{self.slug}.md"

    def to_markdown(self) -> str:
        header = [
            ("Title", self.title),
            ("Slug", self.slug),
            ("Date", f"{self.date:%Y-%m-%d %H:%M}"),
            ("Category", self.section),
            ("Subsection", self.subsection),
            ("Tags", ", ".join(self.tags)),
            ("Provinces", ", ".join(self.provinces)),
            ("Countries", ", ".join(self.countries)),
            ("Organizations", ", ".join(self.organizations)),
            ("Authors", ", ".join(self.authors)),
            ("Summary", self.summary),
            ("Format", self.format if self.format != "article" else None),
            ("Video_URL", self.video_url),
            ("Series", self.series),
            ("Series_Part", str(self.series_part) if self.series_part else None),
            ("Related", ", ".join(self.related)),
            ("Views", str(self.views)),
            ("Status", self.status if self.status != "published" else None),
        ]
        lines = [f"{key}: {value}" for key, value in header if value]
        return "\n".join(lines) + "\n\n" + self.body + "\n"


@dataclass(frozen=True)
class _Story:
    topic: Topic
    event: str
    province: Province
    country: Country | None
    organization: Organization
    start: datetime
    size: int
    series: str | None


def _province_as_written(province: Province, date: datetime, rng: random.Random) -> str:
    if date < MERGER and province.former:
        return rng.choice(province.former)
    return province.name


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(('Văn', 'Thị', 'Hữu', 'Thanh'))} {rng.choice(GIVEN_NAMES)}"


class _Writer:
    """Sentence factory for one corpus (holds the RNG and pools, not global state)."""

    def __init__(self, reference: ReferenceData, rng: random.Random):
        self.reference = reference
        self.rng = rng
        self.by_iso = {c.iso: c for c in reference.countries}
        # Pools of entity-free sentences per topic: cheap to sample in bulk.
        self.pools = {t.key: [self._sentence(t) for _ in range(600)] for t in TOPICS}

    def _sentence(self, topic: Topic) -> str:
        rng = self.rng
        words = [rng.choice(SUBJECTS) + ",", rng.choice(VERBS)]
        for _ in range(rng.randint(3, 6)):
            bank = topic.nouns if rng.random() < 0.55 else GENERIC_WORDS
            words.append(rng.choice(bank))
            if rng.random() < 0.3:
                words.append(
                    rng.choice(("của", "và", "cho", "với", "trong", "tại", "để", "các", "những"))
                )
        if rng.random() < 0.4:
            words.append(", " + rng.choice(CONNECTORS))
            words += rng.sample(topic.nouns, 2)
        text = " ".join(words).replace(" ,", ",")
        return text[0].upper() + text[1:] + "."

    def story_sentence(self, story: _Story, province_name: str) -> str:
        rng = self.rng
        org = story.organization.short or story.organization.name
        country = f" {story.country.name}" if story.country else ""
        templates = (
            f"{org} đã tổ chức hoạt động {story.event} tại {province_name}, với sự tham gia của đông đảo {rng.choice(story.topic.nouns)}.",
            f"Hoạt động {story.event} là một phần trong chương trình hợp tác giữa {province_name} và các đối tác{country}.",
            f"Ông {_person(rng)}, đại diện {org}, cho biết {rng.choice(story.topic.nouns)} tại {province_name} sẽ tiếp tục được hỗ trợ.",
            f"Tổng giá trị {story.event} tại {province_name} khoảng {rng.randint(2, 90)} tỷ đồng.",
            f"Bạn bè{country} bày tỏ ấn tượng trước {rng.choice(story.topic.nouns)} và con người {province_name}.",
        )
        return rng.choice(templates)

    def body(self, story: _Story, province_name: str) -> str:
        rng = self.rng
        pool = self.pools[story.topic.key]
        paragraphs = []
        syllables = 0
        while syllables < BODY_SYLLABLES:
            sentences = rng.choices(pool, k=rng.randint(3, 5))
            sentences.insert(
                rng.randrange(len(sentences) + 1), self.story_sentence(story, province_name)
            )
            paragraph = " ".join(sentences)
            syllables += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
        if len(paragraphs) > 4:
            paragraphs.insert(
                len(paragraphs) // 2, f"## {story.event.capitalize()}: kết quả bước đầu"
            )
        return "\n\n".join(paragraphs)


def _stories(reference: ReferenceData, rng: random.Random, count: int) -> list[_Story]:
    by_iso = {c.iso: c for c in reference.countries}
    organizations = list(reference.organizations)
    stories = []
    span = (END - START).total_seconds()
    for number in range(count):
        topic = rng.choice(TOPICS)
        organization = rng.choice(organizations)
        country = by_iso.get(organization.country) or (
            rng.choice(reference.countries) if rng.random() < 0.8 else None
        )
        province = rng.choice(reference.provinces)
        size = min(1 + int(rng.expovariate(1 / 2.2)), 12)
        series = None
        if size >= 4 and rng.random() < 0.15:
            series = f"Dấu ấn {topic.events[0]} {province.name} ({number})"
        stories.append(
            _Story(
                topic,
                rng.choice(topic.events),
                province,
                country,
                organization,
                START + timedelta(seconds=rng.random() * span),
                size,
                series,
            )
        )
    return stories


def generate_corpus(
    n: int, seed: int = DEFAULT_SEED, reference: ReferenceData | None = None
) -> list[SyntheticArticle]:
    """``n`` synthetic articles, deterministic for a given ``n`` and ``seed``."""
    reference = reference or load_reference_data()
    rng = random.Random(seed)
    writer = _Writer(reference, rng)
    sections = {s.name: s for s in reference.sections}
    articles: list[SyntheticArticle] = []
    story_slugs: dict[int, list[str]] = {}
    stories = _stories(reference, rng, max(1, n // 3 + 1))
    story_index = 0
    part = 0
    while len(articles) < n:
        story = stories[story_index % len(stories)]
        if part >= story.size:
            story_index += 1
            part = 0
            continue
        part += 1
        date = story.start + timedelta(
            days=7 * (part - 1) + rng.random() * 5, minutes=rng.randrange(600)
        )
        date = min(date, END).replace(second=0, microsecond=0)
        province_name = _province_as_written(story.province, date, rng)
        provinces = [province_name]
        province_slugs = [story.province.slug]
        if rng.random() < 0.25:
            other = rng.choice(reference.provinces)
            if other.slug not in province_slugs:
                provinces.append(_province_as_written(other, date, rng))
                province_slugs.append(other.slug)
        org = story.organization
        org_label = org.short or org.name
        title = rng.choice(
            (
                f"{org_label} {story.event} tại {province_name}",
                f"{province_name}: {story.event} cùng {org_label}",
                f"{story.event.capitalize()} – dấu ấn {'hữu nghị' if story.country is None else story.country.name} tại {province_name}",
            )
        )
        if part > 1:
            title += rng.choice((" (tiếp theo)", f": kỳ {part}", " – những kết quả mới", ""))
        slug = f"{slugify(title)}-{len(articles) + 1}"
        summary = (
            f"{writer.story_sentence(story, province_name)} {rng.choice(writer.pools[story.topic.key])}"
        )[:280].rsplit(" ", 1)[0]
        section_name = story.topic.section
        subsection = story.topic.subsection
        format_, video_url = "article", None
        if rng.random() < 0.03:
            section_name, subsection, format_ = "Multimedia", "Video", "video"
            video_url = f"https://www.youtube.com/watch?v=bench{len(articles):06d}"
        elif org.kind == "lien-hiep-tinh" and section_name != "Phi chính phủ":
            section_name, subsection = "Địa phương", None
        countries = (story.country.name,) if story.country else ()
        country_slugs = (story.country.slug,) if story.country else ()
        tags = tuple(
            dict.fromkeys(
                (*rng.sample(story.topic.tags, 2), *rng.sample(GENERIC_TAGS, rng.randint(0, 2)))
            )
        )
        earlier = story_slugs.setdefault(story_index, [])
        related = (
            tuple(rng.sample(earlier, min(len(earlier), 2)))
            if earlier and rng.random() < 0.05
            else ()
        )
        articles.append(
            SyntheticArticle(
                slug=slug,
                title=title,
                summary=summary,
                body=writer.body(story, province_name),
                date=date,
                section=section_name,
                section_slug=sections[section_name].slug,
                subsection=subsection,
                provinces=tuple(provinces),
                province_slugs=tuple(province_slugs),
                countries=countries,
                country_slugs=country_slugs,
                organizations=(org_label,),
                organization_slugs=(org.slug,),
                tags=tags,
                authors=(_person(rng),),
                series=story.series,
                series_part=part if story.series else None,
                related=related,
                status="draft" if rng.random() < 0.01 else "published",
                views=int(rng.paretovariate(1.2) * 100),
                format=format_,
                video_url=video_url,
            )
        )
        earlier.append(slug)
    return articles


def write_markdown(corpus: list[SyntheticArticle], folder: Path | str) -> list[Path]:
    """Write the corpus as content files (``<folder>/articles/YYYY/<slug>.md``)."""
    folder = Path(folder)
    written = []
    for article in corpus:
        path = folder / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.to_markdown(), encoding="utf-8")
        written.append(path)
    return written
