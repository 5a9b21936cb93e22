"""Vietnamese names on the English edition's pages (plugins/editions/names.py)."""

from __future__ import annotations


def test_a_vietnamese_name_on_an_english_page_says_its_language():
    # Bylines and the footer's name were read with English
    # rules by screen readers on <html lang="en"> pages.
    from plugins.editions.names import as_written, marked_vietnamese

    assert marked_vietnamese("Đức Thịnh") == '<span lang="vi">Đức Thịnh</span>'
    assert marked_vietnamese("Phóng viên <1>") == '<span lang="vi">Phóng viên &lt;1&gt;</span>'
    assert marked_vietnamese("Editorial Board") == "Editorial Board"
    # A foreign name is not taken for a Vietnamese one (ü, ç are not Vietnamese).
    assert marked_vietnamese("José Müller") == "José Müller"
    assert marked_vietnamese("François") == "François"
    assert as_written("Đức <b>") == "Đức &lt;b&gt;"
