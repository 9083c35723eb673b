"""The quote matcher (gloss.anchoring.quotes): every branch, on plain in-memory text."""

from __future__ import annotations

import pytest

from gloss.anchoring.quotes import Selector, Text, display, find, fold, yaml_string
from gloss.text.quoting import quote_context

EN = (
    "Open models are audited less often than they are downloaded.\n"
    "Audits cost time, and the methods currently being used were built for closed models.\n"
    "We think the methods currently being used will not scale to open releases.\n"
    "A determined user can split a task into innocuous-looking pieces, which classifiers miss."
)
JA = (
    "公開後の修正が難しいからこそ、公開前の一手が重い。\n"
    "承認の回数が増えるほど、一回あたりの承認の重みは軽くなる。\n"
    "評価方法はまだ確立されていない。評価方法の標準化が急務だ。"
)


def passage(doc: Text, selector: Selector, lo: int = 0, hi: int | None = None) -> tuple[str, str]:
    found = find(doc, selector, lo, hi)
    return found.status, doc.raw[found.start : found.end]


def test_unique_exact_match() -> None:
    assert passage(Text(EN), Selector("audited less often")) == ("exact", "audited less often")


def test_exact_ignores_whitespace_case_width_quotes_and_dashes() -> None:
    doc = Text("The model\u2019s \u201cfirst\u201d run \u2014 twice as fast.\nＡＩ 評価")
    assert passage(doc, Selector('the model\'s "first"  run - twice')) == (
        "exact",
        "The model\u2019s \u201cfirst\u201d run \u2014 twice",
    )
    assert passage(doc, Selector("AI評価")) == ("exact", "ＡＩ 評価")


def test_a_quote_may_cross_a_line_or_paragraph_break() -> None:
    assert passage(Text(EN), Selector("downloaded. Audits cost time"))[0] == "exact"


def test_cjk_exact_match() -> None:
    assert passage(Text(JA), Selector("一回あたりの承認の重み")) == ("exact", "一回あたりの承認の重み")


def test_several_equal_matches_are_ambiguous_with_the_shortest_prefix() -> None:
    found = find(Text(EN), Selector("the methods currently being used"))
    assert found.status == "ambiguous"
    assert len(found.occurrences) == 2
    hints = [o.hint for o in found.occurrences]
    assert hints[0].startswith("prefix: ") and hints[1].startswith("prefix: ")
    # each suggested prefix picks its own occurrence
    for occurrence in found.occurrences:
        prefix = occurrence.hint.removeprefix("prefix: ").strip('"')
        chosen = find(Text(EN), Selector("the methods currently being used", prefix=prefix))
        assert (chosen.status, chosen.start) == ("exact", occurrence.start)


def test_cjk_ambiguity_is_resolved_by_prefix_or_suffix() -> None:
    assert find(Text(JA), Selector("評価方法")).status == "ambiguous"
    assert passage(Text(JA), Selector("評価方法", suffix="の標準化")) == ("exact", "評価方法")
    found = find(Text(JA), Selector("評価方法", prefix="ない。"))
    assert found.status == "exact" and Text(JA).raw[found.end : found.end + 3] == "の標準"


def test_words_inserted_after_the_prefix_still_pick_by_context() -> None:
    edited = EN.replace("We think the methods", "We think, frankly, the methods")
    found = find(Text(edited), Selector("the methods currently being used", prefix="closed models. We think"))
    assert found.status == "drifted" and found.context_changed
    assert edited[found.start - 9 : found.start] == "frankly, "


def test_a_prefix_edited_itself_is_not_guessed() -> None:
    """The shortest prefix that tells occurrences apart leaves the others' surroundings nearly as
    alike, so a prefix that no longer matches exactly picks nothing: an error with new prefixes
    (the benchmark found the fuzzy pick this test used to assert choosing wrong passages)."""
    edited = EN.replace("We think", "We now think")
    found = find(Text(edited), Selector("the methods currently being used", prefix="We think"))
    assert found.status == "ambiguous" and all(o.hint for o in found.occurrences)


def test_an_edited_passage_is_found_next_to_its_context() -> None:
    """The words now occur once, elsewhere: not there, but the edited passage after the prefix."""
    edited = EN.replace("We think the methods currently being used", "We think the methods now being used")
    found = find(Text(edited), Selector("the methods currently being used", prefix="closed models. We think"))
    assert found.status == "drifted" and not found.context_changed
    assert edited[found.start : found.end] == "the methods now being used"


def test_a_single_occurrence_the_context_contradicts_is_an_orphan() -> None:
    """The passage the prefix picked was deleted; the one left is another passage."""
    edited = EN.replace("We think the methods currently being used will not scale to open releases.\n", "")
    found = find(Text(edited), Selector("the methods currently being used", prefix="We think"))
    assert found.status == "orphan" and found.similarity == 1.0


# Long words that occurred twice, quoted with the context that picked one copy; then that copy
# was deleted, or one of its words changed. The copy left is another passage, however long
# (seen on real prose: a licence's heading repeated in its last line, a sentence quoted twice).
COPIES = {
    "en": (
        "You'll never have to manually download and install a Go toolchain again. The go command handles it.\n"
        "In short: you'll never have to manually download and install a Go toolchain again.",
        "You'll never have to manually download and install a Go toolchain again.",
        "",
        " The go command",
        ("manually", "by hand"),
    ),
    "ja": (
        "所有権のおかげで、ガベージコレクタなしでメモリ安全性を保証できる。これが要点だ。\n"
        "繰り返すと、所有権のおかげで、ガベージコレクタなしでメモリ安全性を保証できる。",
        "所有権のおかげで、ガベージコレクタなしでメモリ安全性を保証できる。",
        "",
        "これが要点",
        ("保証", "担保"),
    ),
    "zh": (
        "本周刊记录每周值得分享的科技内容，周五发布。欢迎投稿。\n"
        "再说一遍：本周刊记录每周值得分享的科技内容，周五发布。",
        "本周刊记录每周值得分享的科技内容，周五发布。",
        "",
        "欢迎投稿",
        ("分享", "推荐"),
    ),
}


@pytest.mark.parametrize("lang", sorted(COPIES))
def test_the_copy_left_of_words_quoted_with_context_is_not_taken(lang: str) -> None:
    text, quote, prefix, suffix, (word, other) = COPIES[lang]
    selector = Selector(quote, prefix, suffix)
    assert find(Text(text), selector).start == 0  # the first copy, picked by its suffix
    deleted = text.replace(quote + suffix, suffix, 1)
    edited = text.replace(word, other, 1)
    found = find(Text(deleted), selector)
    assert found.status == "orphan" and found.similarity == 1.0  # the copy left is named, not taken
    assert fold(deleted[found.start : found.end]) == fold(quote)
    found = find(Text(edited), selector)  # the suffix still follows the copy edited: that one
    assert found.status == "drifted" and found.start == 0 and other in edited[found.start : found.end]
    without_context = edited.replace(suffix, "。" if lang != "en" else " It handles it.", 1)
    assert find(Text(without_context), selector).status == "orphan"  # nothing says which: neither is taken


def test_within_searches_one_section_only() -> None:
    doc = Text(EN)
    second = EN.index("We think")
    status, text = passage(doc, Selector("the methods currently being used"), lo=second)
    assert status == "exact" and doc.raw.index(text, second) > second


def test_quote_end_spans_a_long_passage() -> None:
    status, text = passage(Text(EN), Selector("Audits cost time", end="for closed models."))
    assert status == "exact"
    assert text == "Audits cost time, and the methods currently being used were built for closed models."


def test_quote_end_across_paragraphs_and_in_cjk() -> None:
    status, text = passage(Text(JA), Selector("公開後の修正", end="軽くなる。"))
    assert status == "exact" and text.startswith("公開後の修正") and text.endswith("軽くなる。")


def test_quote_end_does_not_run_on_to_the_same_words_further_on() -> None:
    """The passage's own last words were edited: the same words later belong to another passage."""
    doc = Text(
        "It is also unclear how the lab will enforce it; it declined to comment on the energy numbers.\n"
        "Later, the board was divided on the energy figures."
    )
    found = find(doc, Selector("It is also unclear how", end="on the energy figures."))
    assert found.status == "orphan"


def test_an_edited_passage_drifts_and_reads_as_it_now_is() -> None:
    edited = EN.replace("split a task into innocuous-looking pieces", "split a job into innocuous-looking pieces")
    found = find(Text(edited), Selector("A determined user can split a task into innocuous-looking pieces"))
    assert found.status == "drifted"
    assert 0.85 <= found.similarity < 1
    assert edited[found.start : found.end] == "A determined user can split a job into innocuous-looking pieces"


def test_an_edited_cjk_passage_drifts() -> None:
    edited = JA.replace("承認の回数が増える", "承認の件数が増える")
    found = find(Text(edited), Selector("承認の回数が増えるほど、一回あたりの承認の重みは軽くなる。"))
    assert found.status == "drifted"
    assert display(edited[found.start : found.end]) == "承認の件数が増えるほど、一回あたりの承認の重みは軽くなる。"


def test_a_short_edited_quote_without_context_is_an_orphan() -> None:
    """Its last word changed, so only its start pins it down: better no anchor than a wrong one."""
    found = find(Text(EN), Selector("audited less frequently"))
    assert found.status == "orphan"
    assert EN[found.start : found.end].startswith("audited less")  # the closest passage is reported


def test_a_short_quote_edited_inside_drifts() -> None:
    """Its first and last words are still there: the edit is inside the passage."""
    edited = EN.replace("audited less often", "audited much less often")
    found = find(Text(edited), Selector("audited less often"))
    assert found.status == "drifted" and edited[found.start : found.end] == "audited much less often"


def test_a_passage_that_only_begins_like_the_quote_is_not_taken_for_it() -> None:
    doc = Text("The committee approved the budget cuts after a long debate.\nThe board met on Friday.")
    found = find(doc, Selector("The committee approved the budget on Monday"))
    assert found.status == "orphan" and found.similarity > 0.85


def test_a_short_edited_quote_with_context_drifts() -> None:
    found = find(Text(EN), Selector("audited less frequently", prefix="Open models are"))
    assert found.status == "drifted"


def test_a_deleted_passage_is_an_orphan_with_its_closest_passage() -> None:
    edited = EN.replace("A determined user can split a task into innocuous-looking pieces, which classifiers miss.", "")
    found = find(Text(edited), Selector("A determined user can split a task into innocuous-looking pieces"))
    assert found.status == "orphan"
    assert 0 < found.similarity < 0.75


def test_no_margin_over_a_near_duplicate_is_an_orphan() -> None:
    """Two passages equally like the edited quote: neither is chosen."""
    doc = Text(
        "The committee approved the budget after a long debate.\n"
        "The committee approved the budget after a short debate."
    )
    found = find(doc, Selector("The committee approved the budget after a brief debate"))
    assert found.status == "orphan"


def test_fold_keeps_one_character_per_character() -> None:
    text = "Ｗｉｄｅ “quotes” — and\u200b hidden"
    doc = Text(text)
    assert len(doc.folded) == len(doc.keep)
    assert fold(text) == doc.folded == 'wide"quotes"-andhidden'


def test_yaml_string_is_a_valid_double_quoted_scalar() -> None:
    import yaml

    for value in ('say "hi"', "back\\slash", "tab\there", "日本語"):
        assert yaml.safe_load("k: " + yaml_string(value))["k"] == value


TWINS = [
    (  # a question deleted; its answer, a few lines on, stays
        "Am I taking Anthropic's word for all this?",
        "The card is long. Yes, I am taking Anthropic's word for all of this. The rest is tables.",
    ),
    (  # a claim deleted; its weaker restatement two paragraphs up stays
        "clearly inadequate to prevent catastrophic misaligned actions",
        "Such monitoring could easily be inadequate to prevent catastrophic misaligned action in deployment.",
    ),
    (  # 質問が消え、その答えが残る
        "監査は本当に遅れているのだろうか。",
        "前置き。はい、監査は確かに遅れていると言える。以上。",
    ),
    ("推理价格在一年内是否真的已经减半了？", "开头。是的，推理价格在一年内真的已经减半。结尾。"),
]


@pytest.mark.parametrize(("quote", "text"), TWINS)
def test_a_twin_of_a_deleted_passage_is_not_taken_for_it(quote: str, text: str) -> None:
    """By the words alone, a passage alike the quote but different all along (an answer to
    its question, a claim restated) is an orphan naming it, never the anchor."""
    found = find(Text(text), Selector(quote))
    assert found.status == "orphan" and found.similarity >= 0.6


@pytest.mark.parametrize(
    ("quote", "text", "now"),
    [
        (
            "clearly inadequate to prevent catastrophic misaligned actions",
            "Such oversight is clearly inadequate to stop catastrophic misaligned actions today.",
            "clearly inadequate to stop catastrophic misaligned actions",
        ),
        (
            "監査は本当に遅れているのだろうか。",
            "前置き。監査は本当に進んでいるのだろうか。以上。",
            "監査は本当に進んでいるのだろうか。",
        ),
    ],
)
def test_a_passage_edited_in_one_place_still_anchors(quote: str, text: str, now: str) -> None:
    doc = Text(text)
    found = find(doc, Selector(quote))
    assert found.status == "drifted" and doc.raw[found.start : found.end] == now


@pytest.mark.parametrize(
    ("before", "twin", "quote", "prefix"),
    [
        (
            "A closer look: OpenAI called the results hard to verify, and others agreed.",
            "Put simply, critics called the results hard by verify, it said.",
            "the results hard to verify,",
            "OpenAI called ",
        ),
        (
            "同社は従来と同じ価格で提供すると述べた。",
            "繰り返すと、従来と価格で提供する。",
            "従来と同じ価格で",
            "同社は",
        ),
    ],
)
def test_a_deleted_passage_quoted_with_context_is_not_taken_for_its_lookalike(
    before: str, twin: str, quote: str, prefix: str
) -> None:
    """The preview quotes a passage with a lookalike with the context that tells them apart;
    when the passage is deleted, the lookalike is alike enough by its words, but the context
    points nowhere: an orphan naming it, never drifted onto it. Edited, the passage is found."""
    selector = Selector(quote, prefix)
    assert passage(Text(f"{before}\n{twin}"), selector) == ("exact", quote)
    deleted = Text(f"{before.replace(quote, '')}\n{twin}")
    found = find(deleted, selector)
    assert found.status == "orphan" and found.similarity >= 0.75
    assert (
        passage(Text(f"{before.replace(quote, quote.replace('to', 'so').replace('同じ', '同一'))}\n{twin}"), selector)[
            0
        ]
        == "drifted"
    )


@pytest.mark.parametrize(
    ("quote", "now"),
    [
        (  # two words reworded; or a restatement elsewhere, the passage deleted: the words cannot tell
            "inference costs are falling faster than capabilities are rising.",
            "inference prices are falling faster than capabilities are growing.",
        ),
        (
            "英国AI安全研究所は、推論モデルを欧州で提供するかどうかを明らかにしていない。",
            "英国AI安全研究所は、推論モデルを欧州で展開するかどうかを明確にしていない。",
        ),
        ("推理价格在一年内已经减半，而训练成本仍在上升。", "推理费用在一年内已经减半，而训练成本仍在增加。"),
    ],
)
def test_a_passage_changed_in_two_places_is_an_orphan_by_the_words_alone(quote: str, now: str) -> None:
    """However alike: a twin (a claim restated, a quote translated) may differ from the quote by
    two words replaced; the history, where there is one, tells an edit from a twin."""
    found = find(Text(f"Before it. {now} After it."), Selector(quote))
    assert found.status == "orphan" and found.similarity >= 0.8


@pytest.mark.parametrize(
    ("quote", "now"),
    [
        ("claims could not be reproduced.", "claims could not be replicated."),
        ("Researchers believe that classifiers", "Scientists believe that classifiers"),
        ("主力モデルの価格は約3ドルで、従来のおよそ半分だ。", "モデルの価格は約3ドルで、従来のおよそ半分だ。"),
        ("品質は言語の組み合わせによって", "質は言語の組み合わせによって"),
        ("推理价格在一年内已经减半了。", "推理费用在一年内已经减半了。"),
    ],
)
def test_a_quote_pinned_at_one_end_that_lost_one_word_at_the_other_drifts(quote: str, now: str) -> None:
    text = f"Before it, {now} and after it."
    assert passage(Text(text), Selector(quote)) == ("drifted", now)


@pytest.mark.parametrize(
    ("quote", "now"),
    [
        ("The committee approved the budget on Monday", "The committee approved the budget cuts"),
        ("監査の結果は来月に公表される見通しだ。", "監査の結果は来月に公表される見込み。"),
    ],
)
def test_a_quote_pinned_at_one_end_that_lost_more_at_the_other_is_an_orphan(quote: str, now: str) -> None:
    assert find(Text(f"Before it, {now} and after it."), Selector(quote)).status == "orphan"


@pytest.mark.parametrize(
    ("selector", "text"),
    [
        (  # the passage deleted; a reworded copy of its sentence ends by the same three letters
            Selector("this change took effect two days early and applies to every customer.", suffix=" Ope"),
            "Intro. In other words, the update took effect two days early and applies to every customer. OpenAI said.",
        ),
        (  # 文が消え、言い換えの写しが同じ短い後文の前に来る
            Selector("この変更は期限の2日前に発効し、既存の顧客すべてに適用される。", suffix=" Ope"),
            "前置き。言い換えれば、改定は2日前に発効し、既存の顧客すべてに適用される。 OpenAIは述べた。",
        ),
    ],
)
def test_a_short_context_beside_a_lookalike_missing_the_other_end_is_not_taken(selector: Selector, text: str) -> None:
    """The suffix the preview wrote (the quote's last third has a lookalike) stands after the
    lookalike now: only the quote's first words could tell them apart, and they are missing."""
    assert find(Text(text), selector).status == "orphan"


def test_an_edited_recurring_quote_by_its_context_must_keep_both_its_ends() -> None:
    """Its words occur elsewhere, so the end by the context may be a copy's: a passage by the
    prefix lacking the quote's first words is not taken; one edited inside is."""
    doc = "The board review is over. Later the carriers said review is over soon."
    assert find(Text(doc), Selector("board review is over", prefix="carriers said ")).status == "orphan"
    doc = "The board review is over. Later the carriers said the board review is now over."
    assert passage(Text(doc), Selector("board review is over", prefix="carriers said the ")) == (
        "drifted",
        "board review is now over",
    )
    doc = "審査が終わりしだい公開する。通信大手は終わりしだい公開する。"
    assert find(Text(doc), Selector("審査が終わりしだい", prefix="通信大手は")).status == "orphan"


def test_the_first_words_of_a_long_passage_anchor_only_as_an_edit_in_one_place() -> None:
    """Its last words are looked for after its first, so a loosely matched start could span
    to another passage's ending."""
    text = (
        "Intro. The figures look better than they are, because errors are common. "
        "The attention went to the acceptable use policy."
    )
    found = find(Text(text), Selector("The numbers look better than", end="use policy."))
    assert found.status == "orphan"


def test_a_short_recurring_quote_by_a_short_context_must_be_as_alike_as_a_short_quote() -> None:
    """Its words occur elsewhere and its context is four characters: a reworded copy of its
    sentence (a sentence end now inside it) is not taken; an edit 85 % alike is."""
    selector = Selector("行動規範の草案を", prefix="査読者は")
    copy = "行動規範の草案を示した。査読者は行動規範の確認した。草案を読んだ。"
    assert find(Text(copy), selector).status == "orphan"
    edited = "行動規範の草案を示した。査読者は行動規範の新草案を読んだ。"
    assert passage(Text(edited), selector) == ("drifted", "行動規範の新草案を")


@pytest.mark.parametrize(
    ("quote", "text", "rival"),
    [
        (  # the quoted sentence reworded in one word; a sentence elsewhere begins with all but its last word
            "Even the authors concede that the",
            "Even the authors acknowledge that the tests were narrow. "
            "Later on, even the authors concede that gaps remain.",
            "Even the authors acknowledge that the",
        ),
        (
            "結局のところ監査の体制は遅れたままだ",
            "結局のところ監査の体制は良くなったままだ。別の章で、結局のところ監査の体制は遅れたまま、とも書く。",
            "結局のところ監査の体制は良くなったままだ",
        ),
        (
            "归根结底审计已经落后于模型发布",
            "归根结底审计已经跟不上模型发布。另一章又说，归根结底审计已经落后于模型。",
            "归根结底审计已经跟不上模型发布",
        ),
    ],
)
def test_two_passages_that_could_each_be_the_quote_edited_make_an_orphan(quote: str, text: str, rival: str) -> None:
    """By the words alone, a passage is taken only when no other could as well be the quote's
    passage edited in one place: here one lost a word at its end, the other had one replaced."""
    found = find(Text(text), Selector(quote))
    assert found.status == "orphan" and found.rival is not None  # both named: the closest and its rival
    named = {text[found.start : found.end], text[found.rival.start : found.rival.end]}
    assert any(rival.startswith(passage) for passage in named)
    assert any(passage.lower() in text.replace(rival, "").lower() for passage in named)
    alone = text.replace(rival, "")  # without the rival, the other is the passage edited
    assert find(Text(alone), Selector(quote)).status == "drifted"
    assert find(Text(alone), Selector(quote)).rival is None


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "twin", "edited"),
    [
        (  # the passage deleted; its reworded twin keeps the prefix right before, the suffix a few words on
            "問題の数は少なかった",
            "深刻な",
            "と説明している。",
            "前置き。要するに深刻な問題は少なかったこと。あとは例年どおりと説明している。以上。",
            "前置き。深刻な問題の件数は少なかったと説明している。以上。",
        ),
        (
            "the open audit results held firm",
            "Put simply, ",
            " in the report",
            "Intro. Put simply, the audit results held firm, as noted in the report. Outro.",
            "Intro. Put simply, the open test results held firm in the report. Outro.",
        ),
        (
            "问题的数量很少",
            "总之，",
            "，报告如此说明。",
            "开头。总之，问题很少，而且都很小，报告如此说明。结尾。",
            "开头。总之，问题的总数很少，报告如此说明。结尾。",
        ),
    ],
)
def test_a_quote_with_context_on_both_sides_needs_both_right_beside_an_edited_passage(
    quote: str, prefix: str, suffix: str, twin: str, edited: str
) -> None:
    # (A long quote whose reworded twin holds the suffix right after and the prefix right
    # before, "課題の長い" between, 68 % alike and ending with its last words, was once here:
    # between the very neighbours the passage was quoted between, that is the passage
    # rewritten at its start, ``placed.between``.)
    """Context on both sides is written for a passage with a lookalike; one edit changes the
    words or moves the context, not both, so a reworded passage with one side of the context a
    few words away is a copy's, not the quote's; edited with both sides right beside it, it is.
    (The lookalike the context was written for is elsewhere: its last half, on a line of its own.)"""
    lookalike = "\n" + quote[len(quote) // 2 :]
    assert find(Text(twin + lookalike), Selector(quote, prefix, suffix)).status == "orphan"
    assert find(Text(edited + lookalike), Selector(quote, prefix, suffix)).status == "drifted"


@pytest.mark.parametrize(
    ("quote", "prefix", "twin", "edited"),
    [
        (  # the passage ended its document: context on one side only, which its twin holds
            "欧州で提供するかどうかを明らかにしていない。",
            "は、小型モデルを",
            "前置き。はい、英国AI安全研究所は、小型モデルを提供するかどうかを依頼を明確にしていない。",
            "前置き。英国AI安全研究所は、小型モデルを提供するかどうかを明らかにしていない。",
        ),
        (
            "in Europe whether it will ship the model at all.",
            "The lab has not said ",
            "Intro. Yes, the lab has not said whether it would ship the model at all.",
            "Intro. The lab has not said whether it will ship the model at all.",
        ),
        (
            "在欧洲是否会发布这个模型。",
            "该实验室尚未说明",
            "开头。是的，该实验室尚未说明是否会发布那个模型。",
            "开头。该实验室尚未说明是否会发布这个模型。",
        ),
    ],
)
def test_a_passage_that_lost_its_words_beside_a_one_sided_context_differs_in_one_place(
    quote: str, prefix: str, twin: str, edited: str
) -> None:
    """Next to the context, the quote's first words gone: only the context pins that end, and a
    reworded copy may hold it too; a copy that differs in a second place is an orphan, the
    passage with its first words deleted (one place) is found."""
    assert find(Text(twin), Selector(quote, prefix)).status == "orphan"
    assert find(Text(edited), Selector(quote, prefix)).status == "drifted"


# A short passage with a lookalike elsewhere, so "Copy as note" writes context on both sides;
# then a word at one end of it is changed (or the passage deleted). Real licences and posts
# are full of these: a section's title repeated in its text, a phrase restated.
FRAMED = {
    "en": (
        "4. Redistribution. 5. Submission of Contributions. Unless You state otherwise, a Contribution is\n"
        "under these terms. Nothing here supersedes an agreement on the submission of your contributions.",
        "Submission of Contributions.",
        ("Submission", "Origin"),
    ),
    "ja": (
        "本章の流れ。所有権の規則をまず確認する。この節では規則を例で示す。\n最後にもう一度、所有権の規則を確認しよう。",
        "所有権の規則をまず確認する。",
        ("確認", "点検"),
    ),
    "zh": (
        "他没有解释原因。每个阶段需要十年。我倒是觉得，十年是合理的时间。\n有人说，每个阶段需要十年，这并不夸张。",
        "每个阶段需要十年。",
        ("十年。", "八年。"),
    ),
}


@pytest.mark.parametrize("lang", sorted(FRAMED))
def test_a_passage_edited_at_one_end_between_its_intact_context_is_found(lang: str) -> None:
    text, quote, (word, other) = FRAMED[lang]
    start = text.index(quote)
    prefix, suffix = quote_context(text, start, start + len(quote))
    assert prefix and suffix  # written for the lookalike
    selector = Selector(quote, prefix, suffix)
    edited = text.replace(word, other, 1)
    found = find(Text(edited), selector)
    assert found.status == "drifted" and found.start == start and other in edited[found.start : found.end]
    deleted = text.replace(quote, "", 1)
    assert find(Text(deleted), selector).status == "orphan"  # the lookalike is not taken for it


def test_a_context_that_frames_several_passages_points_to_none_of_them() -> None:
    """Found by the accuracy benchmark (seed 5): the passage deleted, its twin stands between
    the same prefix and suffix, with a word added at one end and one lost at the other. On real
    prose: versions of one piece of code, images in a row, a table's rows."""
    selector = Selector("is highest on", " error rate ", " questions a")
    text = "Errors shrink on harder tasks. To sum up, tool the error rate is the highest questions and answers show."
    assert find(Text(text), selector).status == "orphan"
    edited = "If the error rate is higher on questions about law, ask twice. " + text
    found = find(Text(edited), selector)  # the passage, one word changed: the context frames both, so neither
    assert found.status == "orphan"
    alone = "If the error rate is higher on questions about law, ask twice. Costs are highest on Mondays."
    found = find(Text(alone), selector)  # the twin gone (a lookalike left), the context frames the passage edited
    assert found.status == "drifted" and alone[found.start : found.end] == "is higher on"


def test_several_words_replaced_by_others_are_another_passage_not_an_edit() -> None:
    """Found on a real licence: its definitions are built alike ("X shall mean …"), and with one
    deleted, another one, several of its words replaced, was taken for it."""
    kept = '"Reviewer" shall mean an individual who audits a release for the project.'
    deleted = '"Maintainer" shall mean the owner and any individual acting for the owner. '
    quote = Selector("shall mean the owner and any individual")
    assert find(Text(deleted + kept), quote).status == "exact"
    assert find(Text(kept), quote).status == "orphan"
    edited = deleted.replace("and any individual", "and every individual")  # one word: an edit
    found = find(Text(edited), quote)
    assert found.status == "drifted" and "every individual" in edited[found.start : found.end]


def test_a_table_cell_emptied_does_not_pass_to_the_cell_before() -> None:
    """Found on a real table (a cell per line in the text): a cell's words occur in many cells,
    so they were quoted with the next cell as suffix; emptied, the same words two cells up, a
    few words from that suffix, are another cell's, not the passage with words inserted."""
    table = "Pull image\nGET\nallowed Yes\nstored No\nallowed Yes\nPush image\nPUT\nallowed Yes\nstored No\nstored No\n"
    selector = Selector("allowed Yes", suffix=" Push image")
    found = find(Text(table), selector)
    assert found.status == "exact" and table[found.end : found.end + 5] == "\nPush"
    emptied = table.replace("allowed Yes\nPush", "\nPush")
    assert find(Text(emptied), selector).status in ("ambiguous", "orphan")


def test_items_with_a_lead_in_that_recurs_are_not_taken_for_each_other() -> None:
    """Found on real prose (a list of charts, "Chart of the different … where respondents use
    Go"): the side of the context without a repeated third was eight characters of the lead-in
    every item shares, so with one item deleted the item before it stood between the same
    prefix and suffix. "Copy as note" now makes that side occur once itself."""
    regions = "Which regions? Chart of the different regions where respondents use Go. "
    text = regions + "Which industries? Chart of the different industries where respondents use Go. Sizes follow."
    quote = "different industries where respondents use Go"
    start = text.index(quote)
    selector = Selector(quote, *quote_context(text, start, start + len(quote)))
    assert find(Text(text), selector).status == "exact"
    deleted = regions + "Sizes follow."
    assert find(Text(deleted), selector).status == "orphan"


def test_an_edited_passage_is_not_taken_by_its_context_when_no_lookalike_is_left() -> None:
    """Found on real licences (the LGPL): two sentences alike but for two words, so "Copy as
    note" wrote context on both sides, which the longest context could not make unique; with
    one deleted, the other stood between the same prefix and suffix. The preview writes both
    sides for a lookalike: when none of the quote's thirds is left outside the passage found,
    that passage is the lookalike."""
    tail = " that the Library is used in it and that the Library and its use are covered by this License.\n"
    first = "3. a) Give prominent notice with each copy of the object code" + tail
    second = "4. a) Give prominent notice with each copy of the Combined Work" + tail
    quote = "object code that the Library is used in it and that the Library and"
    text = first + second
    start = text.index(quote)
    selector = Selector(quote, *quote_context(text, start, start + len(quote)))
    assert selector.prefix and selector.suffix
    assert find(Text(text), selector).status == "exact"
    deleted = "3. a) Give prominent notice with each copy of the Combined Work" + tail  # item 3's text gone
    assert find(Text(deleted), selector).status == "orphan"
    edited = text.replace("object code", "object form")  # the context frames both items: neither is taken
    assert find(Text(edited), selector).status == "orphan"


@pytest.mark.parametrize(
    ("text", "quote", "frames_both", "frames_none"),
    [
        ("A: cost time. B: cost time. C: cost time.", "cost time", ": ", "D: "),
        ("甲：時間がかかる。乙：時間がかかる。丙：時間がかかる。", "時間がかかる", "：", "丁："),
    ],
)
def test_an_ambiguous_quote_says_whether_its_context_frames_none_of_the_occurrences(
    text: str, quote: str, frames_both: str, frames_none: str
) -> None:
    """The error tells an editor whose quoted passage may have been deleted (the context beside no
    occurrence) from one whose context is merely too short (beside several)."""
    several = find(Text(text), Selector(quote, prefix=frames_both))
    assert several.status == "ambiguous" and not several.context_changed
    none = find(Text(text), Selector(quote, prefix=frames_none))
    assert none.status == "ambiguous" and none.context_changed
    plain = find(Text(text), Selector(quote))
    assert plain.status == "ambiguous" and not plain.context_changed
