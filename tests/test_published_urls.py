"""Published addresses never disappear: the record, the check's verdict on
lost addresses, ``--fix``, and the redirects the build writes for them
(HTML page, ``_redirects``, nginx map)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plugins.content_check.__main__ import main as check_main
from plugins.content_check.published import (
    RecordEntry,
    format_record,
    merge_record,
    parse_record,
)
from tests.bad_input_site import LEAD, OLD, ROOT, Site, build_in_process, make_site

NEW_SLUG = "vufo-va-can-tho"
OLD_URL = "/bai-viet/vufo-lam-viec-voi-can-tho/"
DELETED_URL = "/bai-viet/thai-binh-trien-khai-cong-tac-2017/"


def test_the_record_round_trips_and_merging_never_drops_a_line():
    old = [
        RecordEntry("/bai-viet/a/", "article", "articles/2025/a.md"),
        RecordEntry("/tu-khoa/x/", "keyword"),
    ]
    new = [
        RecordEntry("/bai-viet/b/", "article", "articles/2025/b.md"),
        RecordEntry("/tu-khoa/x/", "keyword"),
    ]
    merged = merge_record(old, new)
    assert [e.url for e in merged] == ["/bai-viet/a/", "/bai-viet/b/", "/tu-khoa/x/"]
    text = format_record(merged)
    assert text.startswith("#")
    again = parse_record(text)
    assert [(e.url, e.kind, e.source) for e in again] == [(e.url, e.kind, e.source) for e in merged]
    assert [e.line for e in again] == [3, 4, 5]  # lines after the two comment lines
    assert format_record(again) == text


def publish(site: Site, capfd, caplog) -> str:
    """``make publish`` as far as the record goes: a build that updates it."""
    site.set(CONTENT_CHECK={"update_record": True})
    result = build_in_process(site, capfd, caplog)
    assert result.code == 0, result.text[-3000:]
    return (site.content / "published-urls.txt").read_text(encoding="utf-8")


def check(site: Site, capfd, *options: str) -> tuple[int, str]:
    capfd.readouterr()
    code = check_main(["--settings", str(site.settings), *options, str(site.content)])
    return code, capfd.readouterr().out


@pytest.fixture
def published(tmp_path, capfd, caplog, monkeypatch):
    monkeypatch.chdir(ROOT)
    site = make_site(tmp_path)
    record = publish(site, capfd, caplog)
    assert f"{OLD_URL}\tarticle\t{LEAD}\n" in record
    assert "/tu-khoa/tong-ket/\tkeyword\n" in record
    assert "/trang-2/" not in record  # pagination is not recorded
    return site


def test_make_fix_finds_the_article_renamed_with_its_slug(published, capfd):
    # The check asks to name the file after the slug; done first, make fix
    # lost the article: "(file) đã bị xóa hoặc đổi tên", nothing mended.
    site = published
    site.edit(LEAD, "Slug: vufo-lam-viec-voi-can-tho", f"Slug: {NEW_SLUG}")
    renamed = f"articles/2025/{NEW_SLUG}.md"
    site.file(LEAD).rename(site.file(renamed))
    code, out = check(site, capfd)
    assert code == 1
    assert f"{renamed}:2: bài này đã đăng ở {OLD_URL}" in out
    code, out = check(site, capfd, "--fix")
    assert code == 0, out
    fixed = site.file(renamed).read_text(encoding="utf-8")
    assert f"Redirect_From: {OLD_URL}\n" in fixed
    # Found by its slug, a guess: it does not take the old article's feed id.
    assert "Feed_ID" not in fixed


def test_a_duplicate_slug_is_one_error_and_the_published_article_is_left_alone(published, capfd):
    # The copy's duplicate slug also made the published original "lost", and
    # make fix redirected the original's address to itself.
    site = published
    original = site.file(LEAD).read_text(encoding="utf-8")
    site.write("articles/2025/ban-sao.md", original.replace("Title: ", "Title: Bản sao ", 1))
    code, out = check(site, capfd, "--fix")
    assert code == 1
    assert "articles/2025/ban-sao.md:2: slug 'vufo-lam-viec-voi-can-tho' trùng với" in out
    assert "đã đăng ở" not in out and "Redirect_From" not in out
    assert site.file(LEAD).read_text(encoding="utf-8") == original


def test_a_deleted_article_is_not_taken_for_an_unrelated_new_one(published, capfd):
    # One new article in the deleted one's year folder was taken for it, and
    # make fix sent the deleted story's readers to it.
    site = published
    text = site.file(LEAD).read_text(encoding="utf-8")
    site.file(LEAD).unlink()
    other = "articles/2025/hoi-thao-bien-doi-khi-hau-tai-ha-noi.md"
    site.file(other).write_text(
        text.replace(
            "Slug: vufo-lam-viec-voi-can-tho", "Slug: hoi-thao-bien-doi-khi-hau-tai-ha-noi"
        )
        .replace("Translation_Key: vufo-can-tho\n", "")
        .replace("Title: VUFO làm việc với Cần Thơ", "Title: Hội thảo biến đổi khí hậu"),
        encoding="utf-8",
    )
    code, out = check(site, capfd, "--fix")
    assert code == 1
    assert "đã bị xóa hoặc đổi tên" in out
    assert "Redirect_From" not in site.file(other).read_text(encoding="utf-8")


def test_a_changed_slug_is_refused_until_redirected_then_redirects_everywhere(
    published, capfd, caplog
):
    site = published
    site.edit(LEAD, "Slug: vufo-lam-viec-voi-can-tho", f"Slug: {NEW_SLUG}")
    code, out = check(site, capfd)
    assert code == 1
    assert f"{LEAD}:2: bài này đã đăng ở {OLD_URL}" in out
    assert f"'Redirect_From: {OLD_URL}'" in out

    code, out = check(site, capfd, "--fix")
    assert f"(thêm Redirect_From: {OLD_URL})" in out
    assert f"Redirect_From: {OLD_URL}\n" in site.file(LEAD).read_text(encoding="utf-8")
    site.file(LEAD).rename(site.file(f"articles/2025/{NEW_SLUG}.md"))  # as the check asks
    code, out = check(site, capfd)
    assert code == 0, out

    result = build_in_process(site, capfd, caplog)
    assert result.code == 0, result.text[-3000:]
    page = (site.output / OLD_URL.strip("/") / "index.html").read_text(encoding="utf-8")
    assert f'url=/bai-viet/{NEW_SLUG}/"' in page and 'rel="canonical"' in page
    redirects = (site.output / "_redirects").read_text(encoding="utf-8")
    assert f"{OLD_URL.rstrip('/')} /bai-viet/{NEW_SLUG}/ 301" in redirects
    nginx = (site.output / "nginx-redirects.map").read_text(encoding="utf-8")
    assert f'"{OLD_URL}" "/bai-viet/{NEW_SLUG}/";' in nginx


def test_a_deleted_article_is_refused_until_redirects_toml_sends_it_somewhere(
    published, capfd, caplog
):
    site = published
    site.edit(LEAD, "Related: thai-binh-trien-khai-cong-tac-2017\n", "")
    site.file(OLD).unlink()
    code, out = check(site, capfd)
    assert code == 1
    record_line = next(
        n
        for n, line in enumerate(
            (site.content / "published-urls.txt").read_text(encoding="utf-8").splitlines(), 1
        )
        if line.startswith(DELETED_URL)
    )
    assert f"published-urls.txt:{record_line}: địa chỉ đã đăng {DELETED_URL}" in out
    # Its old CMS address (Legacy_URL) was published too: lost as well.
    assert "/doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html đã được chuyển hướng" in out

    site.write(
        "redirects.toml",
        "# Bài đã gỡ\n"
        f'[[redirect]]\nfrom = "{DELETED_URL}"\nto = "/tinh/hung-yen/"\n\n'
        '[[redirect]]\nfrom = "/doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html"\n'
        'to = "https://vufo.org.vn/"\n',
    )
    code, out = check(site, capfd)
    assert code == 0, out
    # Its keyword and organization pages have no article left: redirected on their own.
    assert "trang danh sách đã đăng nay hết bài (tự chuyển hướng)" in out

    result = build_in_process(site, capfd, caplog)
    assert result.code == 0, result.text[-3000:]
    page = (site.output / DELETED_URL.strip("/") / "index.html").read_text(encoding="utf-8")
    assert 'url=/tinh/hung-yen/"' in page
    redirects = (site.output / "_redirects").read_text(encoding="utf-8")
    assert f"{DELETED_URL.rstrip('/')} /tinh/hung-yen/ 301" in redirects
    assert (
        "/doi-ngoai/thai-binh-trien-khai-cong-tac-2017-12345.html https://vufo.org.vn/ 301"
        in redirects
    )
    assert "/tu-khoa/tong-ket /tu-khoa/ 301" in redirects
    nginx = (site.output / "nginx-redirects.map").read_text(encoding="utf-8")
    assert f'"{DELETED_URL}" "/tinh/hung-yen/";' in nginx
    assert '"/tu-khoa/tong-ket/" "/tu-khoa/";' in nginx
    assert (site.output / "tu-khoa/tong-ket/index.html").is_file()


def test_publishing_twice_keeps_every_address(published, capfd, caplog):
    site = published
    first = parse_record((site.content / "published-urls.txt").read_text(encoding="utf-8"))
    site.edit(LEAD, "Slug: vufo-lam-viec-voi-can-tho", f"Slug: {NEW_SLUG}")
    site.edit(LEAD, "Featured: lead", f"Featured: lead\nRedirect_From: {OLD_URL}")
    second = parse_record(publish(site, capfd, caplog))
    urls = {e.url: e for e in second}
    assert {e.url for e in first} <= set(urls)
    assert urls[OLD_URL].kind == "redirect" and urls[f"/bai-viet/{NEW_SLUG}/"].kind == "article"


def test_a_failed_build_does_not_touch_the_record(published, capfd, caplog):
    site = published
    before = (site.content / "published-urls.txt").read_bytes()
    site.write("articles/2025/moi.md", "Title: Mới\n\nThiếu các trường.\n")
    result = build_in_process(site, capfd, caplog)
    assert result.code == 1
    assert (site.content / "published-urls.txt").read_bytes() == before


def test_the_sample_site_has_a_record_of_what_it_publishes():
    """content/published-urls.txt is committed and covers the sample site."""
    record = Path(ROOT / "content" / "published-urls.txt")
    assert record.is_file()
    urls = {e.url for e in parse_record(record.read_text(encoding="utf-8"))}
    articles = sorted((ROOT / "content" / "articles").rglob("*.md"))
    assert articles
    from plugins.content_model.model import parse_datetime, read_header
    from plugins.schedule.clock import build_time, is_scheduled

    now = build_time()
    for path in articles:
        header, _ = read_header(path.read_text(encoding="utf-8").split("\n\n", 1)[0])
        status = header.get("status")
        if status is not None and status.value.strip().lower() == "draft":
            continue
        if is_scheduled(parse_datetime(header.get("date").value), now):
            continue  # not published yet: recorded by the publish after its time
        slug = header.get("slug").value.strip()
        assert f"/bai-viet/{slug}/" in urls, path


def test_ci_merges_the_published_record_into_mains_line_by_line(tmp_path):
    """The publish job merges its record into main's copy, which may hold
    addresses published meanwhile by another run."""
    from plugins.content_check.published import merge_files

    ours, mains = tmp_path / "ours.txt", tmp_path / "main.txt"
    ours.write_text(
        format_record([RecordEntry("/bai-viet/a/", "article", "articles/2025/a.md")]),
        encoding="utf-8",
    )
    mains.write_text(
        format_record([RecordEntry("/bai-viet/b/", "article", "b.md")]), encoding="utf-8"
    )
    assert merge_files(ours, mains) is True
    assert [e.url for e in parse_record(mains.read_text(encoding="utf-8"))] == [
        "/bai-viet/a/",
        "/bai-viet/b/",
    ]
    assert merge_files(ours, mains) is False  # nothing new: no commit


EN_LEAD = "en/articles/2025/vufo-works-with-can-tho.md"


def test_english_addresses_are_recorded_and_never_disappear(tmp_path, capfd, caplog, monkeypatch):
    """Both editions' addresses go in the one record; each edition's check
    answers for its own (the Vietnamese check does not call English
    addresses lost, and the English one refuses a changed English slug)."""
    monkeypatch.chdir(ROOT)
    site = make_site(tmp_path, english=True)
    record = publish(site, capfd, caplog)
    assert "/en/article/vufo-works-with-can-tho/\tarticle\t" + EN_LEAD + "\n" in record
    assert f"{OLD_URL}\tarticle\t{LEAD}\n" in record
    assert "/en/section/friendship/\tsection\n" in record
    code, out = check(site, capfd)
    assert code == 0, out
    site.edit(EN_LEAD, "Slug: vufo-works-with-can-tho", "Slug: vufo-and-can-tho")
    code, out = check(site, capfd)
    assert code == 1
    assert f"{EN_LEAD}:2: bài này đã đăng ở /en/article/vufo-works-with-can-tho/" in out
    assert "bai-viet" not in out.split("Đã kiểm tra")[0]  # no Vietnamese address is lost


def _feed_entry(site: Site, slug: str) -> tuple[str, str, str]:
    """(Atom id, RSS guid, its isPermaLink) of the article ``slug`` in the site feeds."""
    atom = (site.output / "feeds" / "tat-ca.atom").read_text(encoding="utf-8")
    rss = (site.output / "feeds" / "tat-ca.rss").read_text(encoding="utf-8")
    entry = next(e for e in atom.split("<entry>")[1:] if f"/bai-viet/{slug}/" in e)
    item = next(i for i in rss.split("<item>")[1:] if f"/bai-viet/{slug}/</link>" in i)
    guid = re.search(r'<guid isPermaLink="(\w+)">([^<]*)</guid>', item)
    return re.search(r"<id>([^<]*)</id>", entry).group(1), guid.group(2), guid.group(1)


def test_a_renamed_article_keeps_its_first_feed_id_through_two_renames(published, capfd, caplog):
    # A slug change gave the article a new guid: feed readers showed it again
    # as a new story. make fix now writes its first address as Feed_ID.
    site = published
    result = build_in_process(site, capfd, caplog)
    assert result.code == 0, result.text[-3000:]
    first_id, first_guid, permalink = _feed_entry(site, "vufo-lam-viec-voi-can-tho")
    assert first_id.endswith(OLD_URL) and first_guid == first_id and permalink == "true"

    site.edit(LEAD, "Slug: vufo-lam-viec-voi-can-tho", f"Slug: {NEW_SLUG}")
    code, out = check(site, capfd, "--fix")
    assert f"(thêm Feed_ID: {OLD_URL})" in out
    renamed = f"articles/2025/{NEW_SLUG}.md"
    site.file(LEAD).rename(site.file(renamed))
    publish(site, capfd, caplog)

    third = "vufo-va-thanh-pho-can-tho"
    site.edit(renamed, f"Slug: {NEW_SLUG}", f"Slug: {third}")
    code, out = check(site, capfd, "--fix")
    assert f"(thêm Redirect_From: /bai-viet/{NEW_SLUG}/)" in out and "Feed_ID" not in out
    site.file(renamed).rename(site.file(f"articles/2025/{third}.md"))
    text = site.file(f"articles/2025/{third}.md").read_text(encoding="utf-8")
    assert f"Redirect_From: {OLD_URL}, /bai-viet/{NEW_SLUG}/\n" in text
    assert f"Feed_ID: {OLD_URL}\n" in text
    code, out = check(site, capfd)
    assert code == 0, out

    result = build_in_process(site, capfd, caplog)
    assert result.code == 0, result.text[-3000:]
    assert _feed_entry(site, third) == (first_id, first_guid, "false")


def test_a_feed_id_that_is_not_the_articles_own_address_is_refused(published, capfd):
    site = published
    site.edit(
        LEAD,
        "Slug: vufo-lam-viec-voi-can-tho\n",
        f"Slug: vufo-lam-viec-voi-can-tho\nFeed_ID: {DELETED_URL}\n",
    )
    code, out = check(site, capfd)
    assert code == 1
    line = next(
        n
        for n, text in enumerate(site.file(LEAD).read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("Feed_ID:")
    )
    assert f"{LEAD}:{line}: Feed_ID '{DELETED_URL}' phải là một địa chỉ của chính bài này" in out
    # Its own address written another way would be another id in the feeds.
    site.edit(LEAD, f"Feed_ID: {DELETED_URL}", f"Feed_ID: {OLD_URL.rstrip('/')}")
    code, out = check(site, capfd)
    assert code == 1
    assert f"{LEAD}:{line}: Feed_ID '{OLD_URL.rstrip('/')}' phải viết đúng như địa chỉ" in out
    assert f"'{OLD_URL}'" in out


def test_a_production_build_of_the_content_into_another_folder_records_nothing(
    tmp_path, monkeypatch
):
    """``--settings publishconf.py --output /tmp/x``: a build to look at,
    not a publication; content/published-urls.txt is not touched. make
    publish (output/) and a build of another content folder still record."""
    from scripts import build as command

    calls = []
    monkeypatch.setattr(command, "build", lambda *args, **kwargs: calls.append(kwargs) or 0)
    for argv in (
        ["--settings", "publishconf.py", "--output", str(tmp_path / "look")],
        ["--settings", "publishconf.py"],
        ["--settings", "publishconf.py", "--content", str(tmp_path), "--output", str(tmp_path)],
    ):
        assert command.main(argv) == 0
    assert [call["record"] for call in calls] == [False, True, True]
