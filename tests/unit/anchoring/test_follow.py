"""Following a quote from an earlier version of its document (``gloss.anchoring.follow``):
in-memory texts, each case one the words alone cannot settle."""

from __future__ import annotations

import pytest

from gloss.anchoring import follow as follow_module
from gloss.anchoring import regions as regions_module
from gloss.anchoring.follow import Diff, find_since, settle
from gloss.anchoring.quotes import Found, Selector, Text, find
from gloss.text.quoting import quote_context

OLD = (
    "Meanwhile the gains shrink on harder tasks. Analysts disagree about the cause. "
    "The lab published the audit log last week."
)


RECURRING = "The lab disagreed. A coalition of publishers called for limits. A coalition of publishers will meet."


def follow(old: Text, new: Text, start: int, end: int, lo: int = 0, hi: int | None = None) -> Found | None:
    return Diff(old, new).follow(start, end, lo, hi)


def since(new: str, selector: Selector, *versions: str) -> tuple[int, str] | None:
    """(the version it was followed from, the passage now), or None."""
    text = Text(new)
    diffs = [Diff(Text(v), text) for v in versions]
    found = find_since(selector, [(d, 0, len(v)) for d, v in zip(diffs, versions, strict=True)])
    if found is None or found.found is None:  # never matched, or deleted since
        return None
    diff, where, _ = found
    assert where is not None and where.status == "drifted"
    return diffs.index(diff), new[where.start : where.end]


def test_a_reworded_short_quote_the_words_alone_orphan_is_followed() -> None:
    selector = Selector("gains shrink on harder")
    new = OLD.replace("harder", "tougher")
    assert find(Text(new), selector).status == "orphan"  # too short to trust its words alone
    assert since(new, selector, OLD) == (0, "gains shrink on tougher")


def test_words_inserted_and_deleted_inside_are_followed() -> None:
    selector = Selector("Analysts disagree about the cause")
    assert since(OLD.replace("disagree about", "still disagree sharply about"), selector, OLD) == (
        0,
        "Analysts still disagree sharply about the cause",
    )
    assert since(OLD.replace("about the cause", "the cause"), Selector("Analysts disagree about the cause"), OLD) == (
        0,
        "Analysts disagree the cause",
    )


def test_a_changed_first_or_last_word_is_replaced_by_what_replaced_it() -> None:
    assert since(OLD.replace("Meanwhile", "Still"), Selector("Meanwhile the gains shrink"), OLD) == (
        0,
        "Still the gains shrink",
    )
    assert since(OLD.replace("harder", "tougher"), Selector("gains shrink on harder"), OLD) == (
        0,
        "gains shrink on tougher",
    )


def test_cjk_passages_are_followed_character_by_character() -> None:
    old = "同社は先週、監査ログを公開した。研究者は評価結果に疑問を呈している。"
    new = old.replace("疑問", "疑念")
    selector = Selector("評価結果に疑問を")
    assert find(Text(new), selector).status == "orphan"
    assert since(new, selector, old) == (0, "評価結果に疑念を")


def test_a_deleted_or_rewritten_passage_stays_an_orphan() -> None:
    selector = Selector("Analysts disagree about the cause.")
    assert since(OLD.replace("Analysts disagree about the cause. ", ""), selector, OLD) is None
    assert (
        since(OLD.replace("Analysts disagree about the cause.", "Nobody measured the energy use."), selector, OLD)
        is None
    )


def test_a_passage_mostly_rewritten_around_a_few_kept_words_is_not_followed() -> None:
    selector = Selector("Analysts disagree about the cause")
    assert since(OLD.replace("Analysts disagree about the cause", "Critics blame the cause"), selector, OLD) is None


def test_a_passage_whose_frame_is_kept_but_whose_claim_changed_is_not_followed() -> None:
    """80 % alike, but three of its eight words were replaced: another claim in the same frame."""
    old = "Analysts have long warned that the gains shrink. Nobody knows why."
    new = old.replace("the gains shrink", "costs rise")
    end = old.index(".")
    assert Diff(Text(old), Text(new)).image(0, Text(old).to_folded(end))[2:] == (8, 3, 3)
    assert follow(Text(old), Text(new), 0, end) is None
    assert follow(Text(old), Text(new.replace("costs rise", "gains rise")), 0, end) is not None  # two of eight


def test_a_word_kept_in_a_passage_otherwise_replaced_is_not_followed() -> None:
    """Short quotes may lose their one word; what is left must still read like the quote."""
    old = "Most of the attention went to the previous model, not the new one."
    new = old.replace("the previous model", "the flagship")
    start = old.index("the previous")
    assert follow(Text(old), Text(new), start, start + len("the previous")) is None  # "the flagship": 52 %


def test_a_deleted_passage_whose_words_recur_is_not_paired_with_the_recurrence() -> None:
    """A longest common subsequence may pair the deleted words with the same words right after
    them; the two diffs (earliest and latest pairs) disagree there, so nothing is followed."""
    old = RECURRING
    new = old.replace("A coalition of publishers called for limits. ", "")
    selector = Selector("of publishers", suffix=" cal")
    assert find(Text(old), selector).status == "exact"
    assert find(Text(new), selector).status == "orphan"  # one occurrence, not where the suffix says
    assert since(new, selector, old) is None


def test_one_diff_alone_would_pair_that_deleted_passage_with_its_recurrence() -> None:
    """What the guard above guards against: one of the two diffs does carry the deleted words
    onto the recurrence."""
    old, new = Text(RECURRING), Text(RECURRING.replace("A coalition of publishers called for limits. ", ""))
    diff = Diff(old, new)
    start = old.to_folded(RECURRING.index("of publishers"))
    first, last = diff.a.index(start), diff.a.index(start + len("ofpublishers")) - 1
    n = len(diff.a) - 1
    carried = [
        regions_module.carry(diff.forward, first, last),
        regions_module.carry(diff.backward, n - 1 - last, n - 1 - first),
    ]
    assert carried[0][1] > carried[0][0]  # the earliest pairs: carried onto the recurrence…
    assert carried[1][1] == carried[1][0]  # …the latest: deleted


def test_the_newest_version_where_the_quote_matched_is_the_one_followed() -> None:
    selector = Selector("gains shrink on harder")
    newest = OLD.replace("harder", "hard")  # the quote is not exact here: skipped
    new = OLD.replace("harder", "tougher")
    assert since(new, selector, newest, OLD) == (1, "gains shrink on tougher")
    assert since(new, selector, newest) is None  # matched in no version


def test_the_passage_followed_must_fall_in_the_span_searched() -> None:
    new = OLD.replace("harder", "tougher")
    old = Text(OLD)
    start = OLD.index("gains shrink")
    end = start + len("gains shrink on harder")
    assert follow(old, Text(new), start, end) is not None
    assert follow(old, Text(new), start, end, lo=new.index("Analysts")) is None


def test_a_two_word_quote_with_one_word_changed_is_not_followed() -> None:
    """One word left is no evidence: "more than" in a rewritten sentence that says "more data"."""
    old = "Until the lab publishes more than a summary, regulators will wait."
    new = old.replace("more than a summary", "more data")
    start = old.index("more than")
    assert follow(Text(old), Text(new), start, start + len("more than")) is None
    assert (
        follow(Text(old), Text(new.replace("more data", "more than data")), start, start + len("more than")) is not None
    )


def test_what_replaced_a_changed_first_word_does_not_take_in_a_paragraph_added_before() -> None:
    old = "Intro.\n\nMeanwhile the gains shrink on harder tasks."
    new = "Intro.\n\nA whole new paragraph was added here\n\nStill the gains shrink on harder tasks."
    followed = since(new, Selector("Meanwhile the gains shrink on harder"), old)
    assert followed is not None
    assert followed[1].endswith("Still the gains shrink on harder") and "paragraph" not in followed[1]


def test_a_quote_whose_one_long_word_changed_is_followed_only_where_it_stands() -> None:
    """Two of three words kept and the one that said something replaced (50 % alike): followed,
    its neighbours being unchanged; not when the sentence around it was reworded too."""
    old = "The timing of the disclosure worried researchers."
    start = old.index("of the")
    new = old.replace("disclosure", "announcement")
    followed = follow(Text(old), Text(new), start, start + len("of the disclosure"))
    assert followed is not None and new[followed.start : followed.end] == "of the announcement"
    new = old.replace("disclosure worried", "announcement alarmed")
    assert follow(Text(old), Text(new), start, start + len("of the disclosure")) is None


def test_words_deleted_count_less_than_words_replaced() -> None:
    """Three of eight words deleted: what is left is all the quote's, and 77 % alike."""
    old = "Analysts still disagree strongly about the real cause. Nobody knows."
    new = "Analysts disagree about the cause. Nobody knows."
    end = old.index(".")
    followed = follow(Text(old), Text(new), 0, end)
    assert followed is not None and new[followed.start : followed.end] == "Analysts disagree about the cause"


QUOTE = "the independent results published last spring are hard to verify"
TWIN = "the independent results published last spring are hard to reproduce"
TWINNED = f"Auditors said {QUOTE} today. Later, critics said {TWIN}."


def settled(new: str) -> tuple[str, str]:
    """The quote in ``new``, the history (``TWINNED``, quote and twin) deciding."""
    selector, text = Selector(QUOTE), Text(new)
    words = find(text, selector)
    since = find_since(selector, [(Diff(Text(TWINNED), text), 0, len(TWINNED))])
    found = settle(words, since)
    return found.status, new[found.start : found.end]


def test_the_history_keeps_a_deleted_passage_off_its_twin() -> None:
    new = f"Auditors said nothing today. Later, critics said {TWIN}."
    assert find(Text(new), Selector(QUOTE)).status == "drifted"  # the words alone: the twin, edited in one place
    status, named = settled(new)
    assert status == "orphan" and named.startswith("the independent results")  # deleted; the twin named


def test_the_history_follows_an_edited_passage_beside_its_twin() -> None:
    edited = QUOTE.replace("verify", "check")
    assert settled(f"Auditors said {edited} today. Later, critics said {TWIN}.") == ("drifted", edited)


def test_without_a_version_where_the_words_matched_the_words_decide() -> None:
    words = find(Text("nothing alike"), Selector(QUOTE))
    assert settle(words, None) is words


def history_decides(old: str, new: str, selector: Selector) -> tuple[str, str]:
    """(status, the passage now) of the quote in ``new``, the history (``old``) deciding."""
    text = Text(new)
    found = settle(find(text, selector), find_since(selector, [(Diff(Text(old), text), 0, len(old))]))
    return found.status, new[found.start : found.end]


PARAGRAPHS = [
    "Intro words here. The first paragraph talks about budgets and plans for next year.",
    "Later, the auditors said the independent results published last spring are hard to verify in practice.",
    "A third paragraph closes the piece with a short summary of everything.",
    "Notes at the end repeat a few budgets and plans for next year in brief.",
]
QUOTED = Selector("the independent results published last spring are hard to verify")


def test_a_paragraph_moved_and_edited_is_followed_where_the_diff_lost_it() -> None:
    """The diff keeps the paragraphs around it and loses the moved one; the words alone find
    it, and the words beside it moved with it."""
    p1, p2, p3, p4 = PARAGRAPHS
    new = "\n\n".join([p1, p3, p4, p2.replace("verify", "check")])
    assert Diff(Text("\n\n".join(PARAGRAPHS)), Text(new)).follow(*span_of("\n\n".join(PARAGRAPHS), QUOTED)) is None
    assert history_decides("\n\n".join(PARAGRAPHS), new, QUOTED) == (
        "drifted",
        "the independent results published last spring are hard to check",
    )


def test_a_moved_and_edited_japanese_paragraph_is_followed() -> None:
    paragraphs = [
        "前置きの段落です。予算と来年の計画について述べる。",
        "その後、監査人は昨春に公表された独立した結果は検証が難しいと述べた。",
        "三つ目の段落は全体を短くまとめて締めくくる。",
        "末尾の注記でも予算と来年の計画に簡単に触れる。",
    ]
    j1, j2, j3, j4 = paragraphs
    new = "\n\n".join([j1, j3, j4, j2.replace("検証", "確認")])
    assert history_decides("\n\n".join(paragraphs), new, Selector("昨春に公表された独立した結果は検証が難しい")) == (
        "drifted",
        "昨春に公表された独立した結果は確認が難しい",
    )


def test_a_deleted_passage_is_not_taken_for_a_lookalike_added_elsewhere() -> None:
    """New words, as a moved passage's are, but not with the passage's own words beside them."""
    p1, _, p3, p4 = PARAGRAPHS
    added = "In short, critics said the independent results published last spring are hard to check."
    new = "\n\n".join([p1, p3, p4, added])
    assert find(Text(new), QUOTED).status == "drifted"  # the words alone: the lookalike
    assert history_decides("\n\n".join(PARAGRAPHS), new, QUOTED)[0] == "orphan"


def test_a_copy_added_beside_the_passage_it_copies_is_not_taken() -> None:
    """A near-duplicate (a typo in it) put before the passage, by the editor's context (a
    heading): the passage itself is still there, unchanged, so the copy is not where it went;
    both diffs pair the quote with the passage (its context changed)."""
    old = "Methods and caveats\n\nThe previous generation costs about $0.40 per million tokens. More text follows."
    sentence = "The previous generation costs about $0.40 per million tokens."
    new = old.replace(sentence, sentence.replace("generation", "generatoin") + " " + sentence)
    selector = Selector("The previous generation costs about", prefix="and caveats ", suffix=" $0.40 per m")
    assert find(Text(new), selector).status == "orphan"  # the words occurred once, and still do: not the copy
    assert history_decides(old, new, selector) == ("drifted", "The previous generation costs about")  # the original


@pytest.mark.parametrize(
    ("old", "new", "selector", "now"),
    [
        (
            "Prices fell, although the data has not been released. A closer look at the data follows.",
            "Prices fell, although the dtaa has not been released. A closer look at the data follows.",
            Selector("the data", prefix="ugh "),
            "the dtaa",
        ),
        (
            "A closer look: OpenAI called the results hard to verify, and others agreed.",
            "A closer look: OpenAI called the findings hard to verify, and others agreed.",
            Selector("the results hard to verify,"),
            "the findings hard to verify,",
        ),
        (
            "価格は下がったが、データは公開されていない。",
            "価格は下がったが、デタは公開されていない。",
            Selector("データは公開"),
            "デタは公開",
        ),
    ],
)
def test_a_typo_or_a_short_quote_s_word_reworded_is_followed(old: str, new: str, selector: Selector, now: str) -> None:
    """Half the quote's characters in words kept, or in words alike them (a typo)."""
    assert find(Text(new), selector).status == "orphan"
    assert history_decides(old, new, selector) == ("drifted", now)


def span_of(text: str, selector: Selector) -> tuple[int, int]:
    found = find(Text(text), selector)
    assert found.status == "exact"
    return found.start, found.end


CONFIRMED_OLD = (
    "If teachers report more submissions written with assistants, the headline claims deserve more caution. "
    "Researchers believe that classifiers miss requests that are split into harmless-looking pieces, but nobody "
    "has measured it carefully. The system card was summarised by OpenAI for the first time.\n"
    "For security experts, the lesson is that access matters as much as capability. According to the safety "
    "framework, several of the claims could not be reproduced.\n"
    "It is also unclear how Google DeepMind will enforce the transparency report. The appendix explains how the "
    "technical report was prepared and who reviewed it.\n"
    "An industry consortium declined to comment on the delay. The strongest evidence comes from the translation "
    "of a medical leaflet. That is a claim worth checking, since price cuts have not reduced demand for the "
    "premium tier. Security experts have long warned that developers trust generated code more than they should."
)
CONFIRMED_NEW = (
    "If teachers report more submissions written with assistants, the headline claims deserve more caution. "
    "Researchers believe that classifiers miss requests that are split into harmless-looking pieces, but nobody "
    "has measured it carefully. The system card was summarised by OpenAI for the initial moment. Until the "
    "Japanese government publishes more data, the headline claims deserve more caution.\n"
    "For security experts, the lesson is that access matters as much as capability. According to the safety "
    "framework, some of the claims could not be replicated.\n"
    "An industry consortium declined to comment on the delay. The best proof comes from the translation of a "
    "medical leaflet. That is a claim worth checking, since price cuts have not reduced demand for the premium "
    "tier. Security experts have long warned that developers trust generated code more than they should.\n"
    "It is also unclear how Google DeepMind will enforce the transparency report. The base model costs about "
    "$1.50 per million tokens, roughly half the previous price. The appendix explains how the technical report "
    "was prepared and who reviewed it."
)


def test_a_passage_both_diffs_pair_with_the_one_the_words_found_is_taken() -> None:
    """A revision (two words of the passage reworded, a paragraph moved, sentences added): the
    two diffs disagree on how far the passage's changed end reaches, so neither carries it;
    but both pair the quote's unchanged words with the passage the words alone found."""
    selector = Selector("According to the safety framework, several of the claims could not be reproduced.")
    diff = Diff(Text(CONFIRMED_OLD), Text(CONFIRMED_NEW))
    assert diff.follow(*span_of(CONFIRMED_OLD, selector)) is None
    assert find(Text(CONFIRMED_NEW), selector).status == "orphan"  # two places reworded
    assert history_decides(CONFIRMED_OLD, CONFIRMED_NEW, selector) == (
        "drifted",
        "According to the safety framework, some of the claims could not be replicated.",
    )


def test_a_copy_the_words_alone_took_by_its_context_is_not_where_the_passage_went() -> None:
    """The copy is new text, as a moved passage is, and has the passage's heading beside it;
    but the passage's own words are still there, unchanged: the copy is no move of them."""
    old = "Methods and caveats\n\nThe previous generation costs about $0.40 per million tokens. More text follows."
    sentence = "The previous generation costs about $0.40 per million tokens."
    new = old.replace(sentence, sentence.replace("generation", "generatoin") + " " + sentence)
    selector = Selector("The previous generation costs about", prefix="Methods and caveats ")
    assert find(Text(new), selector).status == "drifted"  # the words alone: the copy, by the context
    assert history_decides(old, new, selector)[0] == "orphan"


IN_PLACE = [  # (old text, new text, quote, the passage now): edited where they stand, little alike the quote
    (
        "The open release costs roughly half the previous price, analysts said on Monday.",
        "The open release costs roughly half the prior price, analysts said on Monday.",
        "the previous",
        "the prior",
    ),
    (
        "Anthropic has not said whether the base model will be available in Europe.",
        "Anthropic has not said if the base model will be available in Europe.",
        "whether the base",
        "if the base",
    ),
    (
        "Export controls slowed some projects, but the sample is small.",
        "Export controls slowed some projects, but as expected the sample is small.",
        "but the",
        "but as expected the",
    ),
    (
        "同時に、利用ガイドライン自体も失敗の多くは推論ではなくツールの呼び出しで起きていることを認めている。",
        "同時に、失敗の多くは推論ではなくツールの呼び出しで起きていることを認めている。",
        "利用ガイドライン自体も失敗の多くは",
        "失敗の多くは",
    ),
    (
        "该公司上周公布了审计日志，但研究人员认为其评估结果仍然难以核实。",
        "该公司上周公布了审计日志，但研究人员认为其难以核实。",
        "其评估结果仍然难以核实",
        "其难以核实",
    ),
]


@pytest.mark.parametrize(("old", "new", "quote", "now"), IN_PLACE)
def test_a_passage_edited_in_place_is_followed_however_unlike_it_reads(
    old: str, new: str, quote: str, now: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words right around it unchanged on both sides, its own changed in one place, a third
    of them kept: the history says this is the passage, edited (a short quote's one meaningful
    word reworded, most of a phrase deleted), though too little of it is alike the quote now for
    the passage to be followed as any edited passage is."""
    start = old.index(quote)
    followed = follow(Text(old), Text(new), start, start + len(quote))
    assert followed is not None and new[followed.start : followed.end] == now
    monkeypatch.setattr(follow_module.Diff, "in_place", lambda *_: False)
    assert follow(Text(old), Text(new), start, start + len(quote)) is None


@pytest.mark.parametrize(
    ("new", "why"),
    [
        (
            "The open release costs roughly half the prior cost, analysts said on Monday.",
            "the word after it changed too",
        ),
        ("The open release costs roughly half a price, analysts said on Monday.", "no word of it kept"),
        (
            "The open release costs about half the prior price, analysts said on Monday.",
            "a word just before it changed too",
        ),
    ],
)
def test_a_short_passage_whose_surroundings_changed_too_is_not_followed(new: str, why: str) -> None:
    old = IN_PLACE[0][0]
    start = old.index("the previous")
    assert follow(Text(old), Text(new), start, start + len("the previous")) is None, why


def test_a_passage_mostly_deleted_is_not_followed_in_place() -> None:
    """Seven of its nine words deleted in one place, between the same neighbours: too little of it is left."""
    old = "Even the authors concede that regional languages remain badly underrepresented in the training data today."
    quote = "regional languages remain badly underrepresented in the training data"
    start = old.index(quote)
    new = old.replace("languages remain badly underrepresented in the training ", "")
    assert follow(Text(old), Text(new), start, start + len(quote)) is None
    new = old.replace("remain badly underrepresented in the ", "")  # five of nine: what is left is the passage
    followed = follow(Text(old), Text(new), start, start + len(quote))
    assert followed is not None and new[followed.start : followed.end] == "regional languages training data"


def test_a_passage_left_only_its_punctuation_is_not_followed() -> None:
    old = "Asked whether it was safe, the lab said: Yes. Nobody else was asked."
    start = old.index("Yes.")
    assert follow(Text(old), Text(old.replace("Yes.", "No.")), start, start + len("Yes.")) is None


def test_a_passage_rewritten_around_a_kept_clause_is_not_followed_in_place() -> None:
    """Changed in several places (a sentence rewritten round a clause it kept, the next deleted):
    rewritten, though a third of its words are still there between the same neighbours."""
    quote = (
        "The lawyer who led the work said that synthetic data now makes up most of the fine-tuning mix."
        " Some reviewers believe that energy use per query has dropped sharply since last year, but others"
        " see no such trend."
    )
    old = f"A spokesperson said the figures were preliminary. {quote} The cost question"
    new = (
        "A spokesperson said the figures were preliminary. The report lists twelve unresolved issues, from"
        " evaluation gaps to data provenance. That is a claim worth checking, since synthetic data now makes up"
        " most of the fine-tuning mix. The cost question"
    )
    start = old.index(quote)
    assert follow(Text(old), Text(new), start, start + len(quote)) is None


def test_a_paragraph_moved_in_front_that_begins_alike_is_not_read_as_words_inserted() -> None:
    """The paragraph moved in front of the passage begins with its first words: the diff may pair
    those and read the rest of the paragraph as inserted inside the passage. The same diff reads
    as the paragraph added before the passage, so it is not followed in place."""
    p1 = "開発元は年末までに小型の公開モデルを出すと約束していたが、まだ実行していない。同社はコメントを控えた。"
    p2 = "開発元は年末までに小規模な開発者向けに値下げする方針だ。技術報告書の初版は火曜日に公開された。"
    old, new = (
        f"未解決の論点\n\n{p1}\n\n研究の限界\n\n{p2}\n\n結論",
        f"未解決の論点\n\n{p2}\n\n研究の限界\n\n{p1}\n\n結論",
    )
    quote = "開発元は年末までに小型の公開モデルを出すと約束していたが、まだ"
    start = old.index(quote)
    followed = follow(Text(old), Text(new), start, start + len(quote))
    assert followed is None or new[followed.start : followed.end] == quote


@pytest.mark.parametrize(
    ("old", "new", "quote"),
    [
        (
            "同時に、利用ガイドライン自体も失敗の多くは推論ではなくツールの呼び出しで起きていることを認めている。",
            "同時に、失敗の大半は推論ではなくツールの呼び出しで起きていることを認めている。",
            "利用ガイドライン自体も失敗の多くは",
        ),
        (
            "该公司上周公布了审计日志，但研究人员认为其评估结果仍然难以核实。",
            "该公司上周公布了审计日志，但有人认为其难以核实。",
            "其评估结果仍然难以核实",
        ),
        ("研究者は「はい。」と答えた。", "研究者は「いいえ。」と答えた。", "はい。"),
    ],
)
def test_cjk_passages_reworded_around_mostly_deleted_or_left_a_mark_are_not_followed_in_place(
    old: str, new: str, quote: str
) -> None:
    start = old.index(quote)
    assert follow(Text(old), Text(new), start, start + len(quote)) is None


@pytest.mark.parametrize(
    ("old", "new", "quote"),
    [
        (
            "未解決の論点\n開発元は年末までに小型の公開モデルを出すと約束していたが、まだ実行していない。\n"
            "開発元は年末までに小規模な開発者向けに値下げする方針だ。\n最後に、開発元の報告書は火曜日に公開された。",
            "未解決の論点\n開発元は年末までに小規模な開発者向けに値下げする方針だ。\n"
            "最後に、開発元の報告書は火曜日に公開された。\n"
            "開発元は年末までに小型の公開モデルを出すと約束していたが、まだ実行していない。",
            "開発元は年末までに",
        ),
        (
            "Open questions\nThe developer said by year end it would ship a small open model, and has not yet.\n"
            "The developer said by year end it would cut prices for small developers.\n"
            "Finally, the developers' report came out on Tuesday.",
            "Open questions\nThe developer said by year end it would cut prices for small developers.\n"
            "Finally, the developers' report came out on Tuesday.\n"
            "The developer said by year end it would ship a small open model, and has not yet.",
            "The developer said by year end",
        ),
    ],
)
def test_a_paragraph_moved_from_under_its_heading_is_not_followed_to_the_one_now_there(
    old: str, new: str, quote: str
) -> None:
    """The words occur twice and the context (both sides: a lookalike) frames neither now; the
    word diff pairs the heading's old first words with the paragraph now under it, which begins
    alike, but the words after them did not come along: ambiguous, not anchored there."""
    at = old.find(quote)
    selector = Selector(quote, *quote_context(old, at, at + len(quote)))
    assert selector.prefix and selector.suffix
    status, _ = history_decides(old, new, selector)
    assert status == "ambiguous"
