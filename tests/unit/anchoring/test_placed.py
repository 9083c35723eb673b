"""placed: the context "Copy as note" writes on both sides of a quote places the passage.
Each case is quoted as the preview quotes it (``quote_context``), then the document is
edited; English, Japanese and Chinese."""

from __future__ import annotations

import pytest
from conftest import quoted

from gloss.anchoring.follow import Diff, find_since, settle
from gloss.anchoring.placed import UNWRITTEN, Written, written
from gloss.anchoring.quotes import Found, Selector, Text, find
from gloss.text.quoting import CONTEXT_MAX

# (document, quote, the quote reworded in two places, the sentence after it rewritten)
DOCS = {
    "en": (
        "The audit covered four labs. Critics argue that the model weights do too little to prevent misuse. "
        "Two reviewers disagreed with that reading. The report ends with a list of open questions.",
        "Critics argue that the model weights do too little to prevent misuse.",
        "Critics argue that the released weights do too little to stop misuse.",
        ("Two reviewers disagreed with that reading.", "Nobody else commented."),
    ),
    "ja": (
        "監査は四つの研究所を対象にした。批評家は、公開された重みでは悪用を防ぐには不十分だと主張する。"
        "二人の査読者はその読み方に異を唱えた。報告書は未解決の論点の一覧で終わる。",
        "批評家は、公開された重みでは悪用を防ぐには不十分だと主張する。",
        "批評家は、配布された重みでは悪用を止めるには不十分だと主張する。",
        ("二人の査読者はその読み方に異を唱えた。", "ほかに意見はなかった。"),
    ),
    "zh": (
        "审计覆盖了四个实验室。批评者认为，公开的权重远不足以防止滥用。"
        "两位审稿人不同意这种解读。报告以一份未决问题清单结尾。",
        "批评者认为，公开的权重远不足以防止滥用。",
        "批评者认为，发布的权重远不足以阻止滥用。",
        ("两位审稿人不同意这种解读。", "其他人没有评论。"),
    ),
}


def at(found: Found, text: str) -> tuple[str, str]:
    return found.status, text[found.start : found.end]


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_words_that_occur_once_get_both_sides_each_occurring_once(lang: str) -> None:
    text, quote, _, _ = DOCS[lang]
    selector = quoted(text, quote)
    assert selector.prefix and selector.suffix
    assert text.count(selector.prefix) == text.count(selector.suffix) == 1
    assert written(selector.prefix, selector.suffix) == Written(True, True, True)


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_a_passage_reworded_in_two_places_between_its_neighbours_is_found(lang: str) -> None:
    text, quote, reworded, _ = DOCS[lang]
    selector = quoted(text, quote)
    edited = text.replace(quote, reworded)
    assert at(find(Text(edited), selector), edited) == ("drifted", reworded)
    # by its words alone (no context), two places reworded may as well be a twin: an orphan
    assert find(Text(edited), Selector(quote)).status == "orphan"


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_the_words_with_one_neighbour_rewritten_are_the_passage(lang: str) -> None:
    text, quote, _, (after, rewritten) = DOCS[lang]
    selector = quoted(text, quote)
    edited = text.replace(after, rewritten)
    found = find(Text(edited), selector)
    assert at(found, edited) == ("drifted", quote) and found.context_changed


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_reworded_with_one_neighbour_rewritten_too_it_is_found_by_the_other(lang: str) -> None:
    text, quote, reworded, (after, rewritten) = DOCS[lang]
    selector = quoted(text, quote)
    edited = text.replace(quote, reworded).replace(after, rewritten)
    assert at(find(Text(edited), selector), edited) == ("drifted", reworded)


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_the_passage_deleted_leaves_its_twin_elsewhere_an_orphan(lang: str) -> None:
    text, quote, reworded, _ = DOCS[lang]
    with_twin = text + " " + reworded  # a restatement in another place
    selector = quoted(with_twin, quote)
    deleted = with_twin.replace(quote, "", 1)
    assert find(Text(deleted), selector).status == "orphan"


QUESTIONS = {  # a question and its answer right after it, the example
    "en": (
        "Some background first. Am I taking Anthropic's word for all this? "
        "Yes, I am taking Anthropic's word for all of this. Here is why.",
        "Am I taking Anthropic's word for all this?",
    ),
    "ja": (
        "まず背景から。私はこのすべてについてAnthropicの言葉を鵜呑みにしているのか。"
        "そう、私はこのすべてについてAnthropicの言葉をそのまま受け取っている。理由はこうだ。",
        "私はこのすべてについてAnthropicの言葉を鵜呑みにしているのか。",
    ),
    "zh": (
        "先说背景。我是不是全盘接受了Anthropic的说法？是的，我全盘接受了Anthropic的所有说法。原因如下。",
        "我是不是全盘接受了Anthropic的说法？",
    ),
}


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_a_question_deleted_is_not_found_in_its_answer_right_after_it(lang: str) -> None:
    text, question = QUESTIONS[lang]
    selector = quoted(text, question)
    deleted = text.replace(question, "")
    assert find(Text(deleted), selector).status == "orphan"
    edited = text.replace(question, question.replace("Anthropic", "OpenAI"))
    assert find(Text(edited), selector).status == "drifted"


def test_words_that_recur_are_written_so_as_not_to_place_the_passage() -> None:
    """The prefix as long as may be written says the words recur: the copy that comes to stand
    beside a side when the passage is deleted (the next sentence begins with the same words)
    is not taken for it."""
    text = (
        "A waitlist keeps most users out for now. What comes next "
        "A coalition of publishers called the results surprising. A coalition of publishers "
        "said it would sue. The end."
    )
    quote = "A coalition of publishers"
    selector = quoted(text, quote)
    assert len(selector.prefix) == CONTEXT_MAX
    assert written(selector.prefix, selector.suffix) == Written(True, long=(True, False))
    deleted = text.replace("A coalition of publishers called the results surprising. ", "")
    assert find(Text(deleted), selector).status in ("orphan", "ambiguous")


def test_one_side_or_none_places_nothing() -> None:
    assert written("", "") == UNWRITTEN
    assert written("before ", "") == UNWRITTEN
    assert written("seen before: ", " and after") == Written(True, True, True)
    assert written("x" * CONTEXT_MAX, " and after") == Written(True, long=(True, False))  # (words that recur)
    assert written("seen before: ", "。") == Written(True, True, False)  # (cut short by the text's end)


MOVED = {  # three paragraphs; the second, whose first sentence is quoted, is moved to the end
    "en": (
        "The first paragraph sets the scene.",
        "Critics argue that the weights do too little to prevent misuse. Two reviewers disagreed.",
        "The last paragraph lists open questions: who audits the audits, who pays for them, how often "
        "they run, what they leave out, and whether anyone outside the company will ever read them.",
        "Critics argue that the weights do too little to prevent misuse.",
    ),
    "ja": (
        "最初の段落で状況を説明する。",
        "批評家は、公開された重みでは悪用を防ぐには不十分だと主張する。二人の査読者は異を唱えた。",
        "最後の段落は未解決の論点を挙げる。監査を誰が監査するのか、費用は誰が払うのか、どのくらいの頻度で行うのか、"
        "何を対象外にするのか、そして社外の誰かがそれを読むことがあるのか。",
        "批評家は、公開された重みでは悪用を防ぐには不十分だと主張する。",
    ),
}


@pytest.mark.parametrize("lang", sorted(MOVED))
def test_a_paragraph_moved_keeps_its_quote_with_the_history_too(lang: str) -> None:
    """Its prefix was the end of the paragraph before, its suffix its own next words: by the
    words alone, drifted (only the context changed); the history's diff loses a paragraph
    moved past a longer one, and does not make an orphan of the very words."""
    first, second, third, quote = MOVED[lang]
    old, new = "\n".join((first, second, third)), "\n".join((first, third, second))
    selector = quoted(old, quote)
    words = find(Text(new), selector)
    assert at(words, new) == ("drifted", quote) and words.context_changed
    since = find_since(selector, [(Diff(Text(old), Text(new)), 0, len(old))])
    assert at(settle(words, since), new) == ("drifted", quote)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Intro here. Yes it is. Yes it is. The end here.", "Yes it is."),
        ("前置き。そうです。そうです。おわり。", "そうです。"),
    ],
)
def test_words_that_recur_in_a_short_text_get_one_side_and_the_copy_left_is_not_taken(text: str, quote: str) -> None:
    """Found in review: in a text too short for a side as long as may be written, both sides
    of words that recur were short, read as placing the passage; the copy left beside one side
    once the quoted one was deleted was taken for it."""
    start = text.index(quote, text.index(quote) + 1)
    selector = quoted(text, quote, start)
    assert not (selector.prefix and selector.suffix)
    assert find(Text(text), selector).start == start
    deleted = text[:start] + text[start + len(quote) :].lstrip()
    assert find(Text(deleted), selector).status in ("orphan", "ambiguous")


RECUR_EDITED = {  # words that occur three times; the second is quoted, then edited at its first words
    "en": (
        "The company said little at first. Asked about the delay, a spokesperson for the company pointed "
        "to the audit. Later the company changed course.",
        "the company",
        ("the compnay", "the parent company"),
    ),
    "ja": (
        "新しいモデルは春に出た。遅延について問われた広報担当者は、監査が終わるまで新しいモデルは公開しないと述べた。"
        "その後、新しいモデルの方針は変わった。",
        "新しいモデル",
        ("新いモデル", "新しいいモデル"),
    ),
    "zh": (
        "新的模型在春天发布，但审计推迟了好几个月。被问到延迟时，一位发言人表示在审计结束之前新的模型不会公开。之后，新的模型的方针变了。",
        "新的模型",
        ("新模型", "新的大模型"),
    ),
}


@pytest.mark.parametrize("lang", sorted(RECUR_EDITED))
def test_words_that_recur_edited_at_their_first_words_between_their_context_are_found(lang: str) -> None:
    """The prefix as long as may be written, for words that recur, is no lead-in items share
    (``framing.lead_in_lost``) while the words still occur elsewhere: the copy quoted, mistyped
    or with a word put in, is the one span between its intact sides."""
    text, quote, edits = RECUR_EDITED[lang]
    start = text.index(quote, text.index(quote) + 1)
    selector = quoted(text, quote, start)
    assert len(selector.prefix) == CONTEXT_MAX and selector.suffix
    for edit in edits:
        edited = text[:start] + edit + text[start + len(quote) :]
        assert at(find(Text(edited), selector), edited) == ("drifted", edit)
    deleted = text[:start] + text[start + len(quote) :]
    assert find(Text(deleted), selector).status in ("orphan", "ambiguous")


@pytest.mark.parametrize("lang", sorted(RECUR_EDITED))
def test_what_is_left_of_two_sentences_between_the_context_of_words_that_recur_is_no_passage(lang: str) -> None:
    """Found by the benchmark (a twin of the sentence, then the sentence deleted): between the
    prefix written for words that recur and the suffix stands the end of one sentence and the
    start of the next, alike the quote but not its words edited inside their sentence."""
    text, quote, _ = RECUR_EDITED[lang]
    start = text.index(quote, text.index(quote) + 1)
    selector = quoted(text, quote, start)
    left = {"en": "the rest. Company", "ja": "古い。新モデル", "zh": "旧的。新模型"}[lang]
    edited = text[:start] + left + text[start + len(quote) :]
    assert find(Text(edited), selector).status in ("orphan", "ambiguous")


@pytest.mark.parametrize("lang", sorted(MOVED))
def test_a_whole_paragraph_moved_is_found_by_its_words_that_occur_once(lang: str) -> None:
    """Both sides of a paragraph quoted whole are its neighbours' words: moved, neither is beside
    it. Both written to occur once say its words occurred once; a long quote occurring once still
    is the passage (``placed.moved``). A few words are not: a copy of them may be another's."""
    first, second, third, _ = MOVED[lang]
    old, new = "\n".join((first, second, third)), "\n".join((second, first, third))
    selector = quoted(old, second)
    sides = written(selector.prefix, selector.suffix)
    assert sides.prefix_places and sides.suffix_places
    words = find(Text(new), selector)
    assert at(words, new) == ("drifted", second) and words.context_changed
    short = {"en": "Two reviewers disagreed.", "ja": "二人の査読者は異を唱えた。"}[lang]
    selector = quoted(old, short)
    assert written(selector.prefix, selector.suffix).suffix_places
    assert find(Text("\n".join((short, first, third))), selector).status == "orphan"


@pytest.mark.parametrize("lang", sorted(MOVED))
def test_a_copy_of_the_words_put_elsewhere_is_not_taken_for_the_passage_edited_beside_its_side(lang: str) -> None:
    """Found by the benchmark (a revision: the passage reworded in place, the sentence after it
    rewritten, and the same words added there): the prefix still stands before the
    passage, edited, so the words elsewhere are a copy, not the passage moved."""
    first, second, third, _ = MOVED[lang]
    reworded = second.replace("prevent", "stop") if lang == "en" else second.replace("防ぐ", "止める")
    rest = {"en": "Nobody else commented.", "ja": "ほかに意見はなかった。"}[lang]
    old = "\n".join((first, second, third))
    selector = quoted(old, second)
    new = "\n".join((first, reworded, rest + " " + second))
    found = find(Text(new), selector)
    assert found.status == "orphan" or at(found, new) == ("drifted", reworded)


@pytest.mark.parametrize(
    "left", ["the rest\nCompany", "the rest\n\n- Company", "the rest; company", "the rest: Company"]
)
def test_what_is_left_of_two_lines_or_clauses_is_no_passage_either(left: str) -> None:
    """Found in review: folding drops line breaks, so a sentence end is not the only mark of
    two passages' rest: a line break or a mark the quote lacks is one too."""
    text, quote, _ = RECUR_EDITED["en"]
    start = text.index(quote, text.index(quote) + 1)
    selector = quoted(text, quote, start)
    edited = text[:start] + left + text[start + len(quote) :]
    assert find(Text(edited), selector).status in ("orphan", "ambiguous")


MISTYPED = {  # (text: the words recur, the first copy quoted; the quote; the first copy mistyped)
    "en": (
        "Reading together works best when the notes sit beside the text they are about. Keep the notes short, "
        "and keep the notes honest.",
        "the notes",
        "the ntoes",
    ),
    "ja": (
        "一緒に読むときは、注記が本文の横にあるのがいちばんよい。注記は短く、注記は正直に書くこと。",
        "注記",
        "注紀",
    ),
    "zh": (
        "我们每天都会为读者整理一份新的阅读摘要，并且在旁边写下编辑的意见。一起阅读的时候，批注放在正文旁边效果最好。批注要简短，批注也要诚实。",
        "批注",
        "批住",
    ),
}


@pytest.mark.parametrize("lang", sorted(MISTYPED))
def test_short_words_that_recur_mistyped_between_their_context_are_found(lang: str) -> None:
    """Tried as a new user (the sample article): a typo in a short phrase that recurs keeps
    neither its first nor its last words, so it is less alike than a passage without pins may
    be; one character from the quote, right between both sides, it is the passage."""
    text, quote, typo = MISTYPED[lang]
    selector = quoted(text, quote)
    assert len(selector.prefix) <= CONTEXT_MAX and selector.suffix
    edited = text.replace(quote, typo, 1)
    assert at(find(Text(edited), selector), edited) == ("drifted", typo)
    assert find(Text(text.replace(quote, "", 1)), selector).status in ("orphan", "ambiguous")
