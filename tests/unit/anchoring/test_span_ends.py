"""A long passage quoted by its first and last words (``quote``, ``quote_end``) whose own last
words were edited, where the same last words end a later paragraph: by the words alone the
passage found runs on to there, and is *exact* by the rule (its first words, then the first
place after them where its last words occur). Found on real prose: a Japanese handbook page
quoted to the generic ending 「しています。」. Such an exact end is in doubt
(``Found.end_doubted``), and the history, when there is one, says where the passage ends now."""

from __future__ import annotations

import pytest

from gloss.anchoring.anchors import Anchored, problem
from gloss.anchoring.follow import Diff, asks_history, find_since, settle
from gloss.anchoring.quotes import Found, Selector, Text, find

ENDS = {  # (text, selector, (its end, the end edited))
    "en": (
        "The new build handles only what changed, and reuses the cache to save time.\n"
        "The search index is updated daily.\n"
        "The preview rebuilds on every save to save time.\n",
        Selector("The new build handles", end="to save time."),
        ("cache to save time.", "cache to cut time."),
    ),
    "ja": (
        "新しいビルドは差分だけを処理します。キャッシュを再利用して時間を短縮しています。\n"
        "検索索引は毎日更新されます。\n"
        "プレビューは保存のたびに再構築しています。\n",
        Selector("新しいビルドは差分", end="しています。"),
        ("短縮しています。", "短縮しました。"),
    ),
    "zh": (
        "新的构建只处理变化的部分。它重用缓存来节省时间。\n搜索索引每天更新。\n预览在每次保存后重新构建来节省时间。\n",
        Selector("新的构建只处理", end="来节省时间。"),
        ("重用缓存来节省时间。", "重用缓存以节省开支。"),
    ),
}


def span(text: str, found: Found) -> str:
    return text[found.start : found.end]


@pytest.mark.parametrize("lang", sorted(ENDS))
def test_an_exact_end_that_may_be_a_later_paragraph_s_is_in_doubt(lang: str) -> None:
    text, selector, (end, edited) = ENDS[lang]
    new = text.replace(end, edited)
    found = find(Text(new), selector)
    # the words alone: the later paragraph's end, exact by the rule (the weakness this guards)
    assert found.status == "exact" and span(new, found).endswith(text.splitlines()[2][-6:])
    assert found.end_doubted and asks_history(found)


@pytest.mark.parametrize("lang", sorted(ENDS))
def test_the_history_ends_a_doubted_passage_where_its_own_end_now_is(lang: str) -> None:
    text, selector, (end, edited) = ENDS[lang]
    new = text.replace(end, edited)
    found = settle(find(Text(new), selector), find_since(selector, [(Diff(Text(text), Text(new)), 0, len(text))]))
    assert found.status == "drifted" and span(new, found) == new.splitlines()[0]


SECOND_ENDS = {"en": "updated daily.", "ja": "更新されます。", "zh": "每天更新。"}  # the second paragraph's last words


@pytest.mark.parametrize("lang", sorted(ENDS))
def test_a_doubted_end_the_history_confirms_stays_exact(lang: str) -> None:
    text, selector, _ = ENDS[lang]
    lines = text.splitlines(keepends=True)
    quoted = lines[0] + lines[1]  # a passage over two paragraphs: in doubt, as any such is
    selector = Selector(selector.exact, end=SECOND_ENDS[lang])
    new = text.replace(lines[2], lines[2].replace(lines[2][:4], lines[2][:4] + "…"))  # edited after it
    words = find(Text(new), selector)
    assert words.status == "exact" and words.end_doubted and span(new, words) == quoted.strip()
    found = settle(words, find_since(selector, [(Diff(Text(text), Text(new)), 0, len(text))]))
    assert found is words


def test_a_passage_in_one_paragraph_with_no_end_alike_before_its_own_is_not_in_doubt() -> None:
    text = "The cache is kept between builds. Nothing else is.\nThe cache is kept between builds, again.\n"
    found = find(Text(text), Selector("The cache is kept", end="builds."))
    assert found.status == "exact" and not found.end_doubted and not asks_history(found)


def test_a_doubted_passage_the_history_cannot_follow_is_an_orphan() -> None:
    text, selector, (end, _) = ENDS["en"]
    first = text.splitlines()[0]
    new = text.replace(first, "The new build handles everything again; nothing is kept.")  # rewritten
    words = find(Text(new), selector)
    assert words.status == "exact" and words.end_doubted  # first words kept, the end a later paragraph's
    found = settle(words, find_since(selector, [(Diff(Text(text), Text(new)), 0, len(text))]))
    assert found.status == "orphan"


def test_without_the_history_a_doubted_passage_is_what_the_words_found() -> None:
    text, selector, (end, edited) = ENDS["ja"]
    words = find(Text(text.replace(end, edited)), selector)
    assert words.end_doubted and settle(words, None) is words


def test_a_long_passage_not_found_is_said_as_the_passage_from_its_first_words_to_its_last() -> None:
    """Its first words may well be there (its end edited, too short to trust): "quote is not in
    index.md" was untrue; the passage, from the one to the other, is what is not there."""
    orphan = Anchored(("highlights", 0), "orphan", line=3, text="新しいビルドは差分だけを処理します。", similarity=0.8)
    told = problem(orphan, "新しいビルドは差分", "index.md", end="しています。")
    assert told is not None and told[0] == "error"
    assert told[1].startswith('the passage from "新しいビルドは差分" to "しています。" is not in index.md; the closest')
    assert problem(orphan, "新しいビルドは差分", "index.md")[1].startswith('"新しいビルドは差分" is not in index.md')  # type: ignore[index]
