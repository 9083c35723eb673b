"""The sample article ``init`` writes, in the new site's language: Japanese,
Chinese (Simplified or Traditional) or English (for every other language).

Each uses every main notes key (and passes ``check --strict``): a key point
by heading id (a CJK one in the CJK samples) and one by quote, impact,
a takeaway after ``#table-1``, an FAQ entry and a highlight whose quote is
in its text. Its ``lang`` is the site's language where the text is in it."""

from __future__ import annotations

import dataclasses
import datetime as dt

SAMPLE_SLUG = "welcome-to-gloss"


@dataclasses.dataclass(frozen=True)
class Sample:
    index: str  # index.md
    notes: str  # notes.yaml, with {schema}, {date} and {lang} to fill in (and {{ }} for braces)


def variant(language: str) -> str:
    """Which of ``en``, ``ja``, ``zh`` and ``zh-Hant`` a site in ``language`` writes in
    (ja-JP as ja; zh-Hant, zh-TW, zh-HK and zh-MO in Traditional characters)."""
    subtags = language.lower().split("-")
    if subtags[0] == "zh" and {"hant", "tw", "hk", "mo"} & set(subtags[1:]) and "hans" not in subtags:
        return "zh-Hant"
    return subtags[0] if subtags[0] in ("ja", "zh") else "en"


def sample_files(date: dt.date, language: str, schema_root: str) -> dict[str, str]:
    """The sample bundle's files, by path relative to the site folder, in ``language``'s
    variant; ``schema_root``: the schema's path relative to the site folder."""
    bundle = f"content/{date:%Y}/{date:%m}/{SAMPLE_SLUG}"
    which = variant(language)
    sample = SAMPLES[which]
    schema = "../../../../" + schema_root  # from the bundle up to the site folder
    lang = "en" if which == "en" else language
    return {
        f"{bundle}/index.md": sample.index,
        f"{bundle}/notes.yaml": sample.notes.format(schema=schema, date=date.isoformat(), lang=lang),
    }


_TABLE = """\
| {week} | {articles} | {notes} |
|---|---:|---:|
| 1 | 5 | 12 |
| 2 | 8 | 21 |
"""

EN = Sample(
    index=f"""\
# Welcome to gloss

This sample article shows what a gloss page holds. Replace it with the first
text you want to annotate, or delete its folder.

## Why annotate

Reading together works best when the notes sit beside the text they are about.
The methods of a good digest are simple: quote, summarise, and say why it matters.

## The numbers

{_TABLE.format(week="Week", articles="Articles", notes="Notes")}
## Next steps

Run `gloss new "A title"` for a new article and `gloss serve` to see it as you write.
""",
    notes="""\
# yaml-language-server: $schema={schema}
title: Welcome to gloss
date: {date}
lang: {lang}
summary: >-
  A sample article: what an annotated page holds, from the *summary* to the FAQ.
tags: [gloss, sample]
source: {{url: "https://www.w3.org/TR/annotation-model/", author: "The editors", publisher: "Example"}}
key_points:
  - title: Notes beside the text
    text: Annotations sit next to the passages they are about.
    anchor: "#why-annotate"
  - title: A quoted passage
    text: A key point can point to a passage by its words.
    quote: "quote, summarise, and say why it matters"
impact:
  analysis: The *impact analysis* explains what the text changes.
  editorial: The *editor's comment* says what you think of it.
takeaways:
  - {{after: "#table-1", text: "The notes grew faster than the articles."}}
faq:
  - {{q: How do I add an article?, a: "Run `gloss new \\"A title\\"`, then edit its `notes.yaml`."}}
highlights:
  - {{quote: "notes sit beside the text", note: "A highlight with a margin note."}}
""",
)

JA = Sample(
    index=f"""\
# gloss へようこそ

このサンプル記事は、gloss のページに何が載るかを示します。最初に注釈をつけたい文章に
置き換えるか、このフォルダーごと削除してください。

## なぜ注釈をつけるのか

注釈は、それが語る文章のすぐ横にあるときにいちばん役に立ちます。
よいダイジェストの方法は単純です。引用し、要約し、なぜ重要かを述べることです。

## 数字で見る

{_TABLE.format(week="週", articles="記事", notes="注釈")}
## 次の一歩

新しい記事は `gloss new "記事のタイトル" --slug my-article` で作り、`gloss serve` で書きながら確かめられます。
""",
    notes="""\
# yaml-language-server: $schema={schema}
title: gloss へようこそ
date: {date}
lang: {lang}
summary: >-
  注釈付きのページに何が載るかを示すサンプル記事です。*要約*から FAQ まで、
  主な注釈がそろっています。
tags: [gloss, サンプル]
source: {{url: "https://www.w3.org/TR/annotation-model/", author: "編集部", publisher: "Example"}}
key_points:
  - title: 文章の横に注釈
    text: 注釈は、それが語る箇所のすぐ横に置かれます。
    anchor: "#なぜ注釈をつけるのか"
  - title: 引用で指す箇所
    text: 要点は、箇所をその言葉の引用で指すこともできます。
    quote: "引用し、要約し、なぜ重要かを述べる"
impact:
  analysis: "*影響分析*には、この文章が何を変えるかを書きます。"
  editorial: "*編集者のコメント*には、それについてのあなたの考えを書きます。"
takeaways:
  - {{after: "#table-1", text: "注釈は記事よりも速く増えました。"}}
faq:
  - q: 記事を追加するには？
    a: "`gloss new \\"記事のタイトル\\" --slug my-article` を実行し、その `notes.yaml` を編集します。"
highlights:
  - {{quote: "文章のすぐ横にある", note: "余白に注釈のついたハイライトです。"}}
""",
)

ZH = Sample(
    index=f"""\
# 欢迎使用 gloss

这篇示例文章展示 gloss 的页面包含哪些内容。请把它换成你想注释的第一篇文章，
或者删除它所在的文件夹。

## 为什么要注释

注释紧挨着它所谈论的文字时，读起来最有帮助。
好的摘要方法很简单：引用、概括，并说明它为什么重要。

## 数据一览

{_TABLE.format(week="周", articles="文章", notes="注释")}
## 下一步

用 `gloss new "文章标题" --slug my-article` 新建文章，用 `gloss serve` 边写边预览。
""",
    notes="""\
# yaml-language-server: $schema={schema}
title: 欢迎使用 gloss
date: {date}
lang: {lang}
summary: >-
  一篇示例文章，展示注释页面包含的内容：从*摘要*到常见问题，
  主要的注释一应俱全。
tags: [gloss, 示例]
source: {{url: "https://www.w3.org/TR/annotation-model/", author: "编辑部", publisher: "Example"}}
key_points:
  - title: 注释就在文字旁边
    text: 注释紧挨着它所谈论的段落。
    anchor: "#为什么要注释"
  - title: 用引文指向段落
    text: 要点也可以用一段文字的原话指向它。
    quote: "引用、概括，并说明它为什么重要"
impact:
  analysis: "*影响分析*说明这篇文章改变了什么。"
  editorial: "*编辑评论*写下你对它的看法。"
takeaways:
  - {{after: "#table-1", text: "注释比文章增长得更快。"}}
faq:
  - {{q: 怎样添加文章？, a: "运行 `gloss new \\"文章标题\\" --slug my-article`，然后编辑它的 `notes.yaml`。"}}
highlights:
  - {{quote: "紧挨着它所谈论的文字", note: "一条带页边注释的高亮。"}}
""",
)

ZH_HANT = Sample(
    index=f"""\
# 歡迎使用 gloss

這篇範例文章展示 gloss 的頁面包含哪些內容。請把它換成你想註釋的第一篇文章，
或者刪除它所在的資料夾。

## 為什麼要註釋

註釋緊挨著它所談論的文字時，讀起來最有幫助。
好的摘要方法很簡單：引用、概括，並說明它為什麼重要。

## 數據一覽

{_TABLE.format(week="週", articles="文章", notes="註釋")}
## 下一步

用 `gloss new "文章標題" --slug my-article` 新增文章，用 `gloss serve` 邊寫邊預覽。
""",
    notes="""\
# yaml-language-server: $schema={schema}
title: 歡迎使用 gloss
date: {date}
lang: {lang}
summary: >-
  一篇範例文章，展示註釋頁面包含的內容：從*摘要*到常見問題，
  主要的註釋一應俱全。
tags: [gloss, 範例]
source: {{url: "https://www.w3.org/TR/annotation-model/", author: "編輯部", publisher: "Example"}}
key_points:
  - title: 註釋就在文字旁邊
    text: 註釋緊挨著它所談論的段落。
    anchor: "#為什麼要註釋"
  - title: 用引文指向段落
    text: 要點也可以用一段文字的原話指向它。
    quote: "引用、概括，並說明它為什麼重要"
impact:
  analysis: "*影響分析*說明這篇文章改變了什麼。"
  editorial: "*編輯評論*寫下你對它的看法。"
takeaways:
  - {{after: "#table-1", text: "註釋比文章增長得更快。"}}
faq:
  - {{q: 怎樣新增文章？, a: "執行 `gloss new \\"文章標題\\" --slug my-article`，然後編輯它的 `notes.yaml`。"}}
highlights:
  - {{quote: "緊挨著它所談論的文字", note: "一條帶頁邊註釋的醒目標示。"}}
""",
)

SAMPLES = {"en": EN, "ja": JA, "zh": ZH, "zh-Hant": ZH_HANT}
