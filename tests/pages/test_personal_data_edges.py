"""Edges of the personal-data rules, called directly: one character's normal form (memoised per
process, so a test must call ``_normal_char`` itself to reach it), the office's own numbers in any
writing, and the region digits of a 统一社会信用代码."""

from pages.publishing.personal_data import (
    MOBILE_KIND,
    _normal_char,
    detect,
    uscc_check_char,
    valid_uscc,
    visible_text,
)


def test_one_characters_normal_form():
    assert _normal_char(ord("５")) == "5"  # a decimal digit of another script
    assert _normal_char(ord("\u200b")) == ""  # invisible
    assert _normal_char(ord("\u3000")) == " "
    assert _normal_char(ord("\uff0d")) == "-"
    assert _normal_char(ord("Ａ")) == "A"
    assert _normal_char(ord("①")) == "①"  # a list marker, not a digit
    assert _normal_char(ord("㎡")) == "㎡"  # a compatibility form of two characters stays itself
    assert _normal_char(ord("a")) == "a"


def test_the_offices_own_number_is_allowed_however_it_was_written():
    text = "值班电话13800001111"
    assert [kind for kind, *_ in detect(text)] == [MOBILE_KIND]
    assert detect(text, public_numbers=["１３８ ０００ ０１１１１"]) == []
    assert [kind for kind, *_ in detect(text, public_numbers=["13900001111"])] == [MOBILE_KIND]


def test_a_credit_code_needs_six_digits_of_region():
    good = "91340100MA2N0A1B1"
    assert valid_uscc(good + uscc_check_char(good))
    letters = "91AB0100MA2N0A1B1"
    assert not valid_uscc(letters + uscc_check_char(letters))


def test_an_attachments_visible_text_joins_a_line_across_inline_tags():
    """An HTML attachment's text: a number split by inline tags reads as one number, a block
    element starts a new line, an attribute value is a line of its own."""
    source = '<p>电话138<b>1234</b><span>5678</span></p><div title="身份证">张三</div>'
    assert visible_text(source) == "电话13812345678\n身份证\n张三"


def test_a_broken_url_escape_in_an_attribute_is_read_not_refused():
    """%FF is no UTF-8: it reads as the replacement character and the rest is still decoded."""
    assert visible_text('<a href="tel:%FF%31%33%38">x</a>') == "tel:\ufffd138\nx"
