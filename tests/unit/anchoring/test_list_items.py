"""The quote matcher on the items of a list whose items are alike (found on real prose:
the stabilised APIs of a release post, a row of charts): with one item deleted, the item
beside it comes to stand between the same prefix and suffix, differing from the quote in
one place as an edit would. It must never be taken for the quote."""

from __future__ import annotations

import pytest
from conftest import quoted

from gloss.anchoring.quotes import Text, find

API_LISTS = {  # the second item is quoted; the last shares its last third, so the suffix is short
    "en": (
        "core::arch::wasm32::f32x4_relaxed_madd",
        "core::arch::wasm32::f32x4_relaxed_nmadd",
        "core::arch::wasm32::f64x2_relaxed_madd",
        "core::arch::wasm32::f64x2_relaxed_nmadd",
    ),
    "ja": (
        "標準ライブラリの関数：整数の加算",
        "標準ライブラリの関数：整数の減算",
        "標準ライブラリの関数：整数の乗算",
        "標準ライブラリの関数：符号なし整数の減算",
    ),
    "zh": (
        "标准库中的函数一览：整数的加法",
        "标准库中的函数一览：整数的减法",
        "标准库中的函数一览：整数的乘法",
        "标准库中的函数一览：无符号整数的减法",
    ),
}


@pytest.mark.parametrize("bullet", ["- ", ""])
@pytest.mark.parametrize("lang", sorted(API_LISTS))
def test_the_next_item_moved_up_is_not_taken_for_the_deleted_one(lang: str, bullet: str) -> None:
    items = API_LISTS[lang]
    text = "Stabilized APIs\n" + "".join(f"{bullet}{item}\n" for item in items) + "Other changes follow.\n"
    selector = quoted(text, items[1])
    assert find(Text(text), selector).status == "exact"
    deleted = text.replace(f"{bullet}{items[1]}\n", "")
    found = find(Text(deleted), selector)
    assert found.status == "orphan", deleted[found.start : found.end]
    # Edited in place, the item is never taken for another: found between the neighbours its
    # context places it by (``placed``), or an orphan where that context is as long as may be
    # written (the items' lead-in recurs: it may not be unique) and the words cannot tell it
    # from the next item moved up.
    edited_item = items[1][:-1] + ("x" if lang == "en" else "乗")
    edited = text.replace(items[1], edited_item)
    found = find(Text(edited), selector)
    assert found.status == "orphan" or (found.status, edited[found.start : found.end]) == ("drifted", edited_item)
    assert lang == "en" or found.status == "drifted"


def test_an_edit_whose_words_do_not_begin_like_the_next_item_is_still_found() -> None:
    text = "Changes\nThe parser now accepts tabs.\nThe parser now rejects tabs in keys.\nThe end.\n"
    quote = "now accepts tabs"
    selector = quoted(text, quote)
    edited = text.replace("accepts tabs", "accepts spaces")
    found = find(Text(edited), selector)
    assert found.status == "drifted" and edited[found.start : found.end] == "now accepts spaces"


CHARTS = {  # two items share a lead-in longer than "Copy as note" may write; the quote is the second's rest
    "en": (
        '<img src="s/editors.svg" alt="Chart of editors where respondents use Go" />\nIntro.\n',
        '<img src="s/org_size.svg" alt="Chart of the different organization sizes where respondents use Go" />\n',
        '<img src="s/industry.svg" alt="Chart of the different industries where respondents use Go" />\n',
        '<img src="s/location.svg" alt="Map of where respondents live" />\n',
        'industries where respondents use Go" />',
        ("industries", "sectors"),
        ("respondents", "developers"),
    ),
    "ja": (
        "図：回答者の年齢層を示すグラフ\n本文。\n",
        "図：2023年下半期のGo開発者調査で、回答者が所属している組織を規模別に分けた内訳を示すグラフ\n",
        "図：2023年下半期のGo開発者調査で、回答者が所属している組織を業種別に分けた内訳を示すグラフ\n",
        "図：回答者の所在地を示す地図\n",
        "業種別に分けた内訳を示すグラフ",
        ("業種", "分野"),
        ("内訳", "割合"),
    ),
    "zh": (
        "图：受访者工作年限的分布情况图表\n正文。\n",
        "图：在2023年下半年进行的Go开发者年度问卷调查中，我们分别按照规模划分受访者所在组织的分布情况图表\n",
        "图：在2023年下半年进行的Go开发者年度问卷调查中，我们分别按照行业划分受访者所在组织的分布情况图表\n",
        "图：受访者所在地区的地图\n",
        "行业划分受访者所在组织的分布情况图表",
        ("行业", "领域"),
        ("受访者所在", "开发者所在"),
    ),
}


@pytest.mark.parametrize("lang", sorted(CHARTS))
def test_the_words_next_to_a_lead_in_longer_than_context_tell_the_item(lang: str) -> None:
    """Found on real prose (a Go survey post): "Chart of the different " is longer than the 32
    characters of context, so the prefix is that lead-in, which the item before has too. With
    the quote's item deleted, the item before stands between the same prefix and suffix,
    differing in one place, at its first words: only the quote's own words beside the lead-in
    tell an item from the next. And a word replaced further on is how the item before reads
    too (in a longer list, the lead-in still recurs): an orphan naming it, since the review of
    issue 17's last change (``placed.long_side_holds``); a Latin typo is still found."""
    top, before, item, after, quote, (first, other), (middle, changed) = CHARTS[lang]
    text = top + before + item + after
    selector = quoted(text, quote)
    assert len(selector.prefix) == 32 and selector.suffix
    assert find(Text(text), selector).status == "exact"
    assert find(Text(top + before + after), selector).status == "orphan"
    assert find(Text(text.replace(first, other)), selector).status == "orphan"  # the words cannot tell
    edited = top + before + item.replace(middle, changed) + after
    found = find(Text(edited), selector)  # (as the item before, once the quote's is deleted, would read)
    assert found.status == "orphan" and changed in edited[found.start : found.end]
    if lang == "en":  # (a letter lost; a CJK character is often a word: 対応, 非対応)
        mistyped = top + before + item.replace(middle, middle[:-1]) + after
        found = find(Text(mistyped), selector)
        assert found.status == "drifted" and middle[:-1] in mistyped[found.start : found.end]


EDITED_AMONG_ALIKE = {  # (items, the quoted one, its words edited): the words are left inside another item
    "en-prefix-of-next": (
        ("[T]::is_sorted_by_key", "Iterator::is_sorted", "Iterator::is_sorted_by", "Iterator::is_sorted_by_key"),
        "Iterator::is_sorted",
        "Stream::is_ordered",
    ),
    "en-inside-another": (
        tuple(
            f"{kind}{item}"
            for kind in ("Rc", "Arc", "Box")
            for item in ("<T>::new_uninit", "<MaybeUninit<T>>::assume_init", "<[T]>::new_uninit_slice")
            + ("<[MaybeUninit<T>]>::assume_init",)
        ),
        "Rc<[T]>::new_uninit_slice",
        "Rc<[T]>::new_zeroed_slice",
    ),
    "ja-inside-another": (
        ("京都の人口の推移", "京都の面積の推移", "京都の気温の推移", "東京都の人口の推移", "東京都の面積の推移"),
        "京都の面積の推移",
        "京都の広さの推移",
    ),
    "zh-inside-another": (
        ("北京的人口变化", "北京的面积变化", "北京的气温变化", "东北京的人口变化", "东北京的面积变化"),
        "北京的面积变化",
        "北京的大小变化",
    ),
}


@pytest.mark.parametrize("case", sorted(EDITED_AMONG_ALIKE))
def test_an_item_edited_is_not_found_in_the_next_one_that_holds_its_words(case: str) -> None:
    """Found on real prose (a Rust release post): an item edited, its words were still there
    inside another item — as its start ("Iterator::is_sorted" in "Iterator::is_sorted_by") or
    after a letter ("Rc<[T]>…" in "Arc<[T]>…") — with the quote's prefix and suffix a few
    characters away, across a line break: another item, not words inserted beside the passage."""
    items, quote, edited_item = EDITED_AMONG_ALIKE[case]
    text = "Stabilized APIs\n" + "".join(f"{item}\n" for item in items) + "Other changes.\n"
    start = text.index(quote + "\n")
    selector = quoted(text, quote, start)
    found = find(Text(text), selector)
    assert (found.status, found.start) == ("exact", start)
    edited = text[:start] + edited_item + text[start + len(quote) :]
    found = find(Text(edited), selector)
    assert found.status != "exact" and not (found.status == "drifted" and found.start != start), edited[
        found.start : found.end
    ]


OLD_HEADINGS = {  # (the comment before each old anchor, the heading after it, the words of two sections)
    "en": (
        "<!-- Old headings. Do not remove or links may break. -->",
        "### Variables and Data Interacting with ",
        ("Move", "Clone"),
    ),
    "ja": (
        "<!-- 古い見出し。リンクが切れるので消さないこと。 -->",
        "### 変数とデータの相互作用法：",
        ("ムーブ", "クローン"),
    ),
    "zh": ("<!-- 旧标题。请勿删除，否则链接会失效。 -->", "### 变量与数据交互的方式：", ("移动", "克隆")),
}


@pytest.mark.parametrize("lang", sorted(OLD_HEADINGS))
def test_an_anchor_deleted_between_a_comment_and_a_heading_every_section_has_is_not_another(lang: str) -> None:
    """Found on real prose (the Rust book's old-heading anchors): the anchor's words occur again
    in the text, so its prefix is as long as may be written, and it and the suffix are what every
    section has. With the anchor deleted, the next section's anchor is the one span between
    them: a side that recurs does not place a passage (``placed._recurs``)."""
    comment, heading, (first, second) = OLD_HEADINGS[lang]

    def anchor(name: str) -> str:
        return f'<a id="ways-variables-and-data-interact-{name}"></a>'

    def section(name: str) -> str:
        return f"{comment}\n{anchor(name)}\n\n{heading}{name}\n\n"

    body = "Body text about the first section, long enough to keep the two sections apart.\n\n"
    text = "Intro.\n\n" + section(first) + body + section(second) + f"See {anchor(first)} again.\n"
    quote = anchor(first)
    start = text.index(quote)
    selector = quoted(text, quote, start)
    assert len(selector.prefix) == 32
    assert find(Text(text), selector).start == start
    deleted = text[:start] + text[start + len(quote) :]
    assert find(Text(deleted), selector).status in ("orphan", "ambiguous")
