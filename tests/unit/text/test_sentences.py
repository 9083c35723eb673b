"""Where a summary's first sentence ends (the one-line summary of tag pages and the
archive): never inside code, never at a colon, not at an abbreviation's, a number's
or a URL's dot, nor in an ellipsis; closing quotes stay with their sentence."""

from __future__ import annotations

import pytest

from gloss.text.sentences import sentence_end


def first(text: str, code: list[tuple[int, int]] | None = None) -> str:
    end = sentence_end(text, code or [])
    return text if end is None else text[:end]


def code_of(text: str, *spans: str) -> list[tuple[int, int]]:
    return [(text.index(span), text.index(span) + len(span)) for span in spans]


def test_no_sentence_ends_inside_code() -> None:
    zh = "Rob Pike 说明 Go 的错误是值，而不必到处写 if err != nil。第二句。"
    assert first(zh, code_of(zh, "if err != nil")) == "Rob Pike 说明 Go 的错误是值，而不必到处写 if err != nil。"
    ja = "Result を返すか panic! するか。既定は Result。"
    assert first(ja, code_of(ja, "Result", "panic!")) == "Result を返すか panic! するか。"
    en = "Call unwrap()? Only in tests! Then more."
    assert first(en, code_of(en, "unwrap()?")) == "Call unwrap()? Only in tests!"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Rustでは第3の選択肢を取っています: メモリは所有権システムを通じて管理される。次。", None),
        ("采用两种方式: 一是缓存; 二是分片。其余从略。", "采用两种方式: 一是缓存; 二是分片。"),
        ("A sample article: it shows every key; read it. Then more.", "A sample article: it shows every key; read it."),
    ],
)
def test_a_colon_or_semicolon_does_not_end_a_sentence(text: str, sentence: str | None) -> None:
    assert first(text) == (sentence or text[: text.index("。") + 1])


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Use a linter, e.g. the one in CI, i.e. ruff. Then more.", "Use a linter, e.g. the one in CI, i.e. ruff."),
        ("The U.S. Treasury moved. Next.", "The U.S. Treasury moved."),
        ("Dr. Smith and J. R. Tolkien met. Next.", "Dr. Smith and J. R. Tolkien met."),
        ("Costs fell 3.5 percent in v1.2. Next.", "Costs fell 3.5 percent in v1.2."),
        ("See https://example.org/?q=1&a=b.c for it. Next.", "See https://example.org/?q=1&a=b.c for it."),
        ("Node.js and a != b hold. Next.", "Node.js and a != b hold."),
        ("It waited… then it came. Next.", "It waited… then it came."),
        ("It waited... then it came. Next.", "It waited... then it came."),
        ("Costs fell approx. five times. Next.", "Costs fell approx. five times."),
        ('He asked "Really?" Then he left.', 'He asked "Really?"'),
        ("Done (mostly.) Next.", "Done (mostly.)"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_english_dots_that_are_no_full_stop(text: str, sentence: str) -> None:
    assert first(text) == sentence


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("彼は「行こう。」と言った。次の文。", "彼は「行こう。」と言った。"),
        ("「行こう。明日も。」と彼は言った。次。", "「行こう。明日も。」と彼は言った。"),
        ("『所有権』を導入した。」次。", "『所有権』を導入した。」"),
        ("これは本当ですか？はい。", "これは本当ですか？"),
        ("すごい！！次へ。", "すごい！！"),
        ("価格は……まだ下がる。次。", "価格は……まだ下がる。"),
        ("版本 ３．５ 发布。下一句", "版本 ３．５ 发布。"),
        ("他说：“好。走吧。”下一句。", "他说：“好。走吧。”"),
        ("推理价格一年内减半（见表 1。）其他厂商跟进。", "推理价格一年内减半（见表 1。）"),
    ],
)
def test_cjk_sentence_ends_keep_their_closing_quotes(text: str, sentence: str) -> None:
    assert first(text) == sentence
