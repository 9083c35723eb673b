"""The quote matcher on long passages quoted by their first and last words (``quote`` and
``quote_end``), their last words edited, where the same last words, or nearly, end a later
paragraph (found on real prose: the bylines under quotes in a Go survey post, "— Professional
Go developer w/ 5 -- 9 years of experience"). The end is the nearest place alike the last
words, or the passage is an orphan: never the later paragraph's end."""

from __future__ import annotations

import pytest

from gloss.anchoring.anchors import Anchored, about, problem
from gloss.anchoring.ends import lines
from gloss.anchoring.quotes import Found, Selector, Text, find

BYLINES = {  # (text, selector, edits of the passage's end: each leaves the later byline more alike)
    "en": (
        "Having a system that catches bugs early would be great. Go developer with 5 to 9 years of experience.\n"
        "This survey is one data point.\n"
        "I want to integrate the ETL part using Go. Go developer with 3 to 4 years of experience.\n",
        Selector("Having a system that", end="5 to 9 years of experience"),
        (("experience.\nThis", "expertise.\nThis"), ("experience.\nThis", "practice.\nThis")),
    ),
    "ja": (
        "バグを早く見つける仕組みがあれば最高だ。経験五年から九年のGo開発者より。\n"
        "この調査は一つのデータにすぎない。\n"
        "ETLの部分をGoで統合したい。経験五年から六年のGo開発者より。\n",
        Selector("バグを早く見つける", end="年から九年のGo開発者より"),
        (("開発者より。\nこの", "技術者より。\nこの"), ("のGo開発者より。\nこの", "のGo技術者の声。\nこの")),
    ),
    "zh": (
        "如果有一个能及早发现错误的系统就太好了。来自五到九年经验的Go开发者。\n"
        "这项调查只是一个数据点。\n"
        "我想用Go整合ETL部分。来自五到六年经验的Go开发者。\n",
        Selector("如果有一个能及早", end="到九年经验的Go开发者"),
        (("开发者。\n这项", "工程师。\n这项"), ("Go开发者。\n这项", "Go程序员。\n这项")),
    ),
}


BYLINES["en-html"] = (  # the real shape: raw HTML shown as text
    'Having a system that catches bugs is killer. <span class="by">Go developer w/ 5 -- 9 years of experience</span>\n'
    "This survey is one data point.\n"
    'I want to integrate the ETL part using Go. <span class="by">Go developer w/ 3 -- 4 years of experience</span>\n',
    Selector("Having a system that", end="9 years of experience</span>"),
    (("experience</span>\nThis", "experience</Windows>\nThis"),),
)


@pytest.mark.parametrize("lang", sorted(BYLINES))
def test_an_edited_end_is_not_found_in_a_later_paragraph(lang: str) -> None:
    text, selector, edits = BYLINES[lang]
    found = find(Text(text), selector)
    assert found.status == "exact" and found.end < text.index("\n") + 1
    for old, new in edits:
        edited = text.replace(old, new)
        found = find(Text(edited), selector)
        if found.status in ("exact", "drifted"):
            assert found.end <= edited.index("\n"), edited[found.start : found.end]
        else:
            assert found.status == "orphan"


DELETED_BESIDE_TWIN = {  # (text, the passage deleted, its selector): a twin's first words are alike the quote's
    "en": (
        "Composables hold stateful logic so that it can be reused across components.\n"
        "Components bundle a template with its logic.\n"
        "Composables held stateful logic before the Options API was kept for reuse.\n"
        "Plugins add features so that it can be reused across components.\n",
        "Composables hold stateful logic so that it can be reused across components.",
        Selector("Composables hold stateful", end="be reused across components."),
    ),
    "ja": (
        "コンポーザブルはステートを持つロジックをまとめる関数で、再利用できるようにします。\n"
        "コンポーネントはテンプレートとロジックをまとめたものです。\n"
        "コンポーザブルとはステートフルなロジックをカプセル化するためのものです。\n"
        "プラグインはアプリケーションに機能を追加できるようにします。\n",
        "コンポーザブルはステートを持つロジックをまとめる関数で、再利用できるようにします。",
        Selector("コンポーザブルはステ", end="できるようにします。"),
    ),
    "zh": (
        "v-enter-from：进入动画的起始状态。在元素被插入之前添加，在下一帧移除。它决定了动画的速度曲线类型。\n"
        "v-enter-active：进入动画的生效状态。应用于整个进入动画阶段。\n"
        "v-leave-from：离开动画的起始状态。在元素插入之前不会添加，在一帧后被移除。\n"
        "v-leave-active：离开动画的生效状态。可以定义离开动画的持续时间、延迟与速度曲线类型。\n",
        "在元素被插入之前添加，在下一帧移除。它决定了动画的速度曲线类型。",
        Selector("在元素被插入之", end="速度曲线类型。"),
    ),
}


@pytest.mark.parametrize("lang", sorted(DELETED_BESIDE_TWIN))
def test_a_deleted_passage_is_not_spanned_from_a_twin_to_the_same_last_words_further_on(lang: str) -> None:
    """Found on real prose (the Vue guide and glossary, in Japanese and Chinese): a passage quoted
    by a few first and last words, deleted; a twin's first words alike the quote's, and the same
    last words ending a later paragraph, made a passage of everything between. A few words edited
    at one end cannot be told from the same few words elsewhere: an end edited must weigh as much
    as a quote that may be edited at its other end (``ONE_PIN_WEIGHT``)."""
    text, passage, selector = DELETED_BESIDE_TWIN[lang]
    found = find(Text(text), selector)
    assert found.status == "exact" and text[found.start : found.end] == passage
    deleted = text.replace(passage + "\n", "")
    found = find(Text(deleted), selector)
    assert found.status == "orphan", deleted[found.start : found.end]


END_BEFORE = {  # (text, selector): the last words occur only before the first ones (found by a new user)
    "en": (
        "# History\n\nThe committee decided to postpone the release until the security review was complete.\n\n"
        "Later, the committee decided to postpone the launch once more.\n",
        Selector("until the security review was complete", end="the release"),
    ),
    "ja": (
        "# 経緯\n\n委員会は公開の延期を決めた。安全性の審査が終わるまで待つという。\n\n"
        "後に委員会は発売をもう一度延期した。\n",
        Selector("安全性の審査が終わるまで", end="公開の延期"),
    ),
    "zh": (
        "# 经过\n\n委员会决定推迟发布，直到安全审查完成为止。\n\n后来委员会再次推迟了上线。\n",
        Selector("直到安全审查完成", end="推迟发布"),
    ),
}


@pytest.mark.parametrize("lang", sorted(END_BEFORE))
def test_an_end_that_occurs_only_before_the_quote_is_told_as_such(lang: str) -> None:
    """``check`` said the quote "is not in index.md", naming a passage alike the end after it:
    untrue, the quote is there and its end occurs only before it. The orphan stays an orphan
    (which passages anchor is unchanged); its message says where the end's words are, and the
    build reports it at ``quote_end``."""
    text, selector = END_BEFORE[lang]
    found = find(Text(text), selector)
    assert found.status == "orphan" and found.lost_end is not None
    assert found.lost_end.head[0] == text.index(selector.exact)
    assert found.lost_end.before == text.index(selector.end) and found.lost_end.after == -1
    anchored = anchored_at_lines(text, found)
    _, message = problem(anchored, selector.exact, "index.md", selector.end) or ("", "")
    assert message.startswith(f'quote_end "{selector.end}" occurs in index.md only at line 3, before the words')
    assert "(line 3)" in message and "runs from `quote` to the first place after it" in message
    assert "is not in index.md" not in message and about(anchored) == "quote_end"


@pytest.mark.parametrize("lang", sorted(END_BEFORE))
def test_an_end_that_occurs_nowhere_after_the_quote_is_the_ends_orphan(lang: str) -> None:
    text, selector = END_BEFORE[lang]
    found = find(Text(text), Selector(selector.exact, end=selector.end + "ZZZ"))  # (nowhere at all)
    assert found.status == "orphan" and found.lost_end is not None and found.lost_end.before == -1
    anchored = anchored_at_lines(text, found)
    _, message = problem(anchored, selector.exact, "index.md", selector.end + "ZZZ") or ("", "")
    assert message.startswith(f'quote_end "{selector.end}ZZZ" is not in index.md after the words of `quote` (line 3)')


def test_an_end_inside_the_quotes_own_words_is_told_as_such() -> None:
    text = "The committee decided to postpone the release until the review was complete.\n"
    found = find(Text(text), Selector("postpone the release until", end="the release"))
    assert found.status == "orphan" and found.lost_end is not None
    _, message = problem(anchored_at_lines(text, found), "postpone the release until", "index.md", "the release") or (
        "",
        "",
    )
    assert message.startswith('quote_end "the release" occurs in index.md only within the words of `quote` (line 1)')


def test_an_end_after_the_quote_but_beside_no_suffix_is_told_as_such() -> None:
    text = "Audits cost time, and the methods were built for closed models. Nothing else.\n"
    found = find(Text(text), Selector("Audits cost time", end="built for closed models.", suffix="Zebras run"))
    assert found.status == "orphan" and found.lost_end is not None and found.lost_end.after == text.index("built")
    _, message = problem(anchored_at_lines(text, found), "Audits cost time", "index.md", "built for") or ("", "")
    assert "occurs after the words of `quote` (line 1) in index.md only at line 1, not beside its suffix" in message


def test_an_end_edited_before_the_same_words_further_on_is_told_as_such() -> None:
    text = "監査には時間がかかり、その手法は閉じたモデル向けに作られた。\n\n後に:閉じたモデルのために作られた。\n"
    found = find(Text(text), Selector("監査には時間", end="閉じたモデルのために作られた。"))
    assert found.status == "orphan" and found.lost_end is not None and found.lost_end.after > text.index("後")
    _, message = problem(anchored_at_lines(text, found), "監査には時間", "index.md", "閉じたモデルのために") or ("", "")
    assert "occurs after the words of `quote` (line 1) in index.md at line 3, but words alike it come first" in message
    assert message.endswith('they now read: quote_end: "閉じたモデル向けに作られた。"')


def test_the_quotes_own_orphan_is_still_told_at_the_quote() -> None:
    text, selector = END_BEFORE["en"]
    found = find(Text(text), Selector("until the audit was complete", end="the release"))
    assert found.status == "orphan" and found.lost_end is None


def anchored_at_lines(text: str, found: Found) -> Anchored:
    """What ``anchors`` makes of ``found`` (lines counted in ``text``, no front matter)."""
    line_at = lambda at: text.count("\n", 0, at) + 1  # noqa: E731
    lost = lines(found.lost_end, line_at) if found.lost_end is not None else None
    reads = text[found.start : found.end]
    at = line_at(found.start)
    return Anchored(("highlights", 0), found.status, line=at, text=reads, similarity=found.similarity, lost_end=lost)
