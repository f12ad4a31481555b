from search import analysis, query


def test_normalize_folds_full_width_and_case():
    assert analysis.normalize("ＡＢＣ１２３，Ｘ") == "abc123,x"
    assert analysis.runs("某政发〔２０２０〕12号") == ["某政发", "2020", "12号"]


def test_government_vocabulary_stays_whole():
    words = analysis.word_tokens("全面推进五公开和政务公开，落实最低生活保障和涉农补贴，实施农村危房改造")
    for term in ["五公开", "政务公开", "最低生活保障", "涉农补贴"]:
        assert term in words, words
    assert "危房改造" in words or "农村危房改造" in words


def test_grams_cover_every_substring():
    tokens = analysis.gram_tokens("政务公开，好")
    assert tokens == ["政务", "务公", "公开", "开", "好"]
    phrase = analysis.gram_phrase("务公")
    assert phrase.tokens == ("务公",) and not phrase.prefix
    one = analysis.gram_phrase("开")
    assert one.tokens == ("开",) and one.prefix


def test_phrase_across_punctuation_ends_the_first_run():
    phrase = analysis.gram_phrase("〔2020〕12号")
    assert phrase.tokens == ("20", "02", "20", "0", "12", "2号")


def test_synonyms_both_ways_and_configurable(settings, tmp_path):
    assert "最低生活保障" in analysis.synonyms_of("低保")
    assert "低保" in analysis.synonyms_of("最低生活保障")
    assert "医疗保险" in analysis.synonyms_of("医保")
    assert "社会保险" in analysis.synonyms_of("社保")
    custom = tmp_path / "syn.txt"
    custom.write_text("# 注释\n网格员，网格管理员\n", encoding="utf-8")
    settings.SEARCH_SYNONYMS_FILE = str(custom)
    assert analysis.synonyms_of("网格员") == ["网格管理员"]
    assert analysis.synonyms_of("低保") == []


def test_parse_query_terms_quotes_and_punctuation():
    clauses = query.parse_query('农村  危房 "政务 公开" ， 低保')
    assert [c.text for c in clauses] == ["农村", "危房", "政务 公开", "低保"]
    assert clauses[2].quoted and clauses[2].synonyms == []
    assert clauses[3].synonyms == ["最低生活保障"]
    assert query.parse_query("“五公开”")[0].quoted


def test_html_to_text():
    assert analysis.html_to_text("<p>第一段&amp;</p><p>第二段</p>") == "第一段&\n第二段"
