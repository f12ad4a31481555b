"""Edges of the personal-data rules, called directly: one character's normal form (memoised per
process, so a test must call ``_normal_char`` itself to reach it), the office's own numbers in any
writing, and the region digits of a 统一社会信用代码."""

from pages.publishing.personal_data import (
    MOBILE_KIND,
    _CharTable,
    _normal_char,
    contains_personal_information,
    detect,
    find_in_plain_text,
    find_personal_information,
    mask_text,
    normalise,
    uscc_check_char,
    valid_id18,
    valid_province,
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


def test_the_province_codes_of_an_id_number():
    """GB/T 2260 province codes, 81–83 (Hong Kong, Macao, Taiwan residence permits) and every 9x
    (permanent residence of foreigners); nothing else."""
    for number in ("110105", "650102", "810000", "830000", "910101", "990101"):
        assert valid_province(number), number
    for number in ("100101", "190101", "290101", "840000", "000000"):
        assert not valid_province(number), number


def test_an_id_number_needs_18_characters_and_17_digits():
    assert valid_id18("11010519491231002X")
    assert valid_id18("110105 19491231 002x")  # as written, spaces and a small x
    assert not valid_id18("11010519491231002")  # 17 digits
    assert not valid_id18("11010519491231002X1")  # 19
    assert not valid_id18("1101X519491231002X")  # a letter among the first 17


def test_credit_codes_of_real_companies_and_their_check_characters():
    """Published 统一社会信用代码: the check character by GB 32100 is stated, not computed here."""
    for code in ("914403001922038216", "91440300708461136T", "91330100799655058B", "91110000600037341L"):
        assert valid_uscc(code) and valid_uscc(code.lower()), code
        assert uscc_check_char(code[:17]) == code[17], code
    assert not valid_uscc("91440300708461136U")  # another check character
    assert not valid_uscc("91440300708461136")  # 17 characters
    assert not valid_uscc("9144030070846I136T")  # I is not among the code's characters
    letter = "91A40100MA2N0A1B1"  # a letter in the first of the six region digits
    assert not valid_uscc(letter + uscc_check_char(letter))


def test_contains_personal_information_reads_plain_text_unless_told_html():
    assert contains_personal_information("电话13812345678")
    assert not contains_personal_information("电话：无")
    split = "电话138<b>1234</b>5678"  # one number on the screen, not in plain text
    assert not contains_personal_information(split)
    assert contains_personal_information(split, html=True)
    own = "值班电话13800001111"
    assert contains_personal_information(own)
    assert not contains_personal_information(own, public_numbers=["138 0000 1111"])


def test_every_kind_of_space_is_a_space_even_without_a_compatibility_form():
    """U+1680 (ogham space mark) is a space with no NFKC form of its own: the category decides."""
    assert _normal_char(0x1680) == " "
    assert _normal_char(0x205F) == " " and _normal_char(0xA0) == " "


def test_the_character_table_fills_itself_on_first_sight():
    """A fresh table (the module's is shared by every test of the process, so already filled)."""
    table = _CharTable()
    assert "１３８\u200b１２３４".translate(table) == "1381234"
    assert table[ord("１")] == "1" and table[0x200B] == ""


def test_a_dash_whose_compatibility_form_is_a_dash_is_a_dash():
    """Vertical presentation forms of the em and en dash are not dashes themselves; NFKC makes them
    one."""
    assert _normal_char(0xFE31) == "-" and _normal_char(0xFE32) == "-"


def test_mask_text_plain_or_html_and_the_offices_own_numbers():
    assert mask_text(None) == "" and mask_text("") == ""
    split = "电话138<b>1234</b>5678"
    assert mask_text(split) == split  # plain text: the tags are text, no number
    assert mask_text(split, html=True) == "电话138****5678<b></b>"
    text = "值班电话13800001111，张三13912345678"
    assert mask_text(text, public_numbers=["13800001111"]) == "值班电话13800001111，张三139****5678"


def test_mask_text_where_two_numbers_share_one_url_escape():
    """One run of URL escapes decodes to the end of one number and the start of the next (or to
    both): each is masked once, and the numbers before it still are."""
    shared_edge = '<a href="tel:1381234567%38%2C13912345678">电话</a>'
    assert mask_text(shared_edge, html=True) == '<a href="tel:138****5678139****5678">电话</a>'
    both = "%31%33%38%31%32%33%34%35%36%37%38%2C%31%33%39%31%32%33%34%35%36%37%38"
    source = f'13712345678<a href="tel:{both}">电话</a>'
    assert mask_text(source, html=True) == '137****5678<a href="tel:138****5678">电话</a>'


def test_mask_text_of_two_numbers_starting_in_one_url_escape_leaves_no_digits_of_either():
    """The escapes decode to all of 13812345678 and the start of 13912345678, whose rest is
    plain: the longer finding is masked, so the second number's last ten digits do not stay."""
    source = '<a href="tel:%31%33%38%31%32%33%34%35%36%37%38%2C%313912345678">电话</a>'
    assert mask_text(source, html=True) == '<a href="tel:139****5678">电话</a>'


def test_findings_in_an_attachments_text_name_the_attachment_and_the_place():
    [finding] = find_in_plain_text("第1页 电话：138 1234 5678", "附件《名单》")
    assert (finding.kind, finding.field, finding.text, finding.start) == (
        MOBILE_KIND,
        "附件《名单》",
        "138 1234 5678",
        7,
    )
    assert str(finding) == "附件《名单》第8字处疑似手机号：138****5678"
    assert find_in_plain_text("电话13812345678", "附件", public_numbers=["13812345678"]) == []
    assert find_in_plain_text(None, "附件") == []


def test_mask_text_of_a_number_whose_end_and_the_next_number_are_one_url_escape():
    """13812345678 ends in the escapes that hold all of 13912345678: both are masked, and nothing
    of the first stays before the second's mask."""
    rest = "%38%2C%31%33%39%31%32%33%34%35%36%37%38"
    source = f'<a href="tel:1381234567{rest}">电话</a>'
    assert mask_text(source, html=True) == '<a href="tel:138****5678139****5678">电话</a>'


def test_a_comment_in_rich_text_hides_nothing_after_it():
    """The text after an HTML comment is still read, a number split by inline tags included."""
    source = "<p>联系人：张三<!-- 内部备注 --></p><p>电话138<b>1234</b>5678</p>"
    assert [f.text for f in find_personal_information(source, html=True)] == ["13812345678"]
    assert mask_text(source, html=True) == "<p>联系人：张三<!-- 内部备注 --></p><p>电话138****5678<b></b></p>"


def test_text_before_a_closing_tag_is_read_once():
    """A cell's "数量=12" is text, not an attribute of the tag after it."""
    assert visible_text("<tr><td>数量=12</td><td>电话=13812345678</td></tr>") == "数量=12\n电话=13812345678"


def test_a_findings_message_names_the_body_and_the_place_by_default():
    """Without a field named, a finding is in 正文, counted from its first visible character."""
    assert [str(f) for f in find_personal_information("电话13812345678")] == ["正文第3字处疑似手机号：138****5678"]
    html = "<p>张三</p><p>李四</p><p>电话13812345678</p>"  # one line of text each
    assert [str(f) for f in find_personal_information(html, html=True)] == ["正文第9字处疑似手机号：138****5678"]


def test_find_personal_information_reads_plain_text_unless_told_html():
    split = "电话138<b>1234</b>5678"
    assert find_personal_information(split) == []
    assert [f.text for f in find_personal_information(split, html=True)] == ["13812345678"]


def test_url_escapes_are_decoded_only_where_told():
    """A percent sign in plain text (an attachment's) is what the reader sees; in an attribute
    value ``tel:%31%33%38…`` is a number."""
    assert normalise("同比增长12%30天内办结") == "同比增长12%30天内办结"
    assert normalise("tel:%31%33%38", percent=True) == "tel:138"


def test_a_number_right_after_an_id_number_is_found_whole():
    """Cells of a table row read out of a PDF without a space between them: the mobile number
    with its +86 starts where the ID number ends."""
    text = "张三11010519491231002X+8613812345678"
    assert [(f.kind, f.text) for f in find_in_plain_text(text, "附件")] == [
        ("身份证号", "11010519491231002X"),
        (MOBILE_KIND, "+8613812345678"),
    ]


def test_an_id_number_ending_in_x_with_a_mobile_number_right_after_it_is_found_whole():
    """The same, without the +86: the X ends the ID number, so the digits after it are not part
    of it. Both are found and masked; a check digit 0–9 run together with more digits is still no
    ID number (it is the start of a longer one)."""
    text = "张三11010519491231002X13812345678"
    assert [(f.kind, f.text) for f in find_in_plain_text(text, "附件")] == [
        ("身份证号", "11010519491231002X"),
        (MOBILE_KIND, "13812345678"),
    ]
    assert [(f.kind, f.text) for f in find_in_plain_text("11010519491231002x1", "附件")] == [
        ("身份证号", "11010519491231002x")
    ]
    assert mask_text(text) == "张三1101**********002X138****5678"
    assert find_in_plain_text("110105194912310038138", "附件") == []  # a valid 18 digits, then more


def test_a_first_generation_15_digit_id_number_is_found():
    """Old 15-digit ID numbers (issued before 1999) are still on file: found when their province
    code is valid, masked by 一键脱敏."""
    assert [(f.kind, f.text) for f in find_in_plain_text("身份证号：110105491231002，", "附件")] == [
        ("身份证号（15位）", "110105491231002")
    ]
    assert mask_text("老身份证110105491231002") == "老身份证1101*******1002"
    assert find_in_plain_text("编号100105491231002", "附件") == []  # 10 is no province


def test_the_offices_own_number_with_spaces_or_its_country_code_is_allowed():
    text = "值班电话：138 0000 1111，+86 138-0000-1111"
    assert [f.text for f in find_in_plain_text(text, "附件")] == ["138 0000 1111", "+86 138-0000-1111"]
    assert find_in_plain_text(text, "附件", public_numbers=["13800001111"]) == []
    assert find_in_plain_text(text, "附件", public_numbers=["+86 138 0000 1111"]) == []
