"""The edits: each takes a copy of the document and a quote, changes the copy and returns it
(None: it does not apply); the twins of issue 17."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable

from rapidfuzz import fuzz

from accuracy.material import EN_INSERT, EN_INSIDE, EN_SYNONYMS, JA_CONFUSIONS, JA_INSERT, JA_INSIDE, JA_SYNONYMS
from accuracy.model import Doc, Para, Pools, Sent, Tok, add_format, para_style, tokens
from accuracy.quoting import Quote, _words
from gloss.anchoring.quotes import fold


def locate(doc: Doc, ids: frozenset[int]) -> list[tuple[int, int, int]]:
    return [(b, s, t) for b, s, t in _words(doc) if doc.para(b).sents[s].toks[t].id in ids]


def _new(text: str, lang: str) -> list[Tok]:
    return tokens(text, lang, [])


def _filler(doc: Doc, rng: random.Random, inside: bool) -> list[Tok]:
    if doc.lang == "en":
        return _new(rng.choice(EN_INSIDE if inside else EN_INSERT), "en")
    return [Tok(-1, rng.choice(JA_INSIDE if inside else JA_INSERT))]


def _fresh_sentence(doc: Doc, rng: random.Random) -> Sent:
    pools = Pools(rng, doc.lang)
    return Sent(tokens(pools.sentence(), doc.lang, []), [])


def edit_insert_near(doc: Doc, q: Quote, rng: random.Random, before: bool) -> Doc | None:
    where = locate(doc, q.passage)
    b, s, t = where[0] if before else where[-1]
    para = doc.para(b)
    if rng.random() < 0.35:  # a new sentence right before/after the passage's sentence
        para.sents.insert(s if before else s + 1, _fresh_sentence(doc, rng))
        return doc
    sent = para.sents[s]
    # words a little before the passage's first word, or a little after its last
    if before:
        at = max(0, t - rng.randint(0, 3))
    else:
        at = min(len(sent.toks), t + 1 + rng.randint(0, 3))
        if at == len(sent.toks) and doc.lang == "ja":
            at = t + 1
    sent.insert(at, _filler(doc, rng, False))
    return doc


def edit_insert_inside(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    if len(where) < 2:
        return None
    b, s, t = rng.choice(where[1:])  # before one of the passage's words, not the first
    doc.para(b).sents[s].insert(t, _filler(doc, rng, True))
    return doc


def edit_delete_near(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    before = rng.random() < 0.5
    b, s, t = where[0] if before else where[-1]
    para = doc.para(b)
    sent = para.sents[s]
    n = rng.randint(1, 3)
    if before and t > 0:
        a = max(0, t - n)
        sent.delete(a, t)
        return doc
    if not before and t + 1 < len(sent.toks):
        sent.delete(t + 1, min(len(sent.toks), t + 1 + n))
        return doc
    # the passage starts/ends its sentence: delete the neighbouring sentence
    other = s - 1 if before else s + 1
    if 0 <= other < len(para.sents) and not any(tok.id in q.passage for tok in para.sents[other].toks):
        del para.sents[other]
        return doc
    return None


def edit_delete_inside(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    if len(where) < 3:
        return None
    n = 2 if len(where) >= 8 else 1
    k = rng.randrange(len(where) - n + 1)
    b, s, t = where[k]
    if where[k + n - 1][:2] != (b, s):
        return None
    doc.para(b).sents[s].delete(t, t + n)
    return doc


def _reworded(tok: Tok, lang: str, rng: random.Random, doc: Doc) -> Tok | None:
    if tok.code:
        return None
    if lang == "en":
        m = re.fullmatch(r"([A-Za-z'-]+)(\W*)", tok.text)
        if not m:
            return None
        word, tail = m.groups()
        low = word.lower()
        if low in EN_SYNONYMS:
            new = EN_SYNONYMS[low]
            new = new[0].upper() + new[1:] if word[0].isupper() else new
            return Tok(tok.id, new + tail)
        return None
    for key in sorted(JA_SYNONYMS, key=len, reverse=True):
        if key in tok.text:
            return Tok(tok.id, tok.text.replace(key, JA_SYNONYMS[key], 1))
    return None


def edit_reword(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """A word or two of the passage replaced by a synonym (not applied when none is at hand)."""
    where = locate(doc, q.passage)
    n = 2 if len(where) >= 8 else 1
    options = [
        (b, s, t) for b, s, t in where if _reworded(doc.para(b).sents[s].toks[t], doc.lang, rng, doc) is not None
    ]
    if not options:
        return None
    for b, s, t in rng.sample(options, min(n, len(options))):
        sent = doc.para(b).sents[s]
        sent.toks[t] = _reworded(sent.toks[t], doc.lang, rng, doc)  # type: ignore[assignment]
    return doc


def _typo(text: str, lang: str, rng: random.Random) -> str | None:
    if lang == "en":
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 4:
            return None
        i = rng.choice(letters[1:-1])
        how = rng.choice(["swap", "drop", "double", "replace"])
        if how == "swap" and text[i + 1].isalpha():
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if how == "drop":
            return text[:i] + text[i + 1 :]
        if how == "double":
            return text[:i] + text[i] + text[i:]
        return text[:i] + rng.choice("aeiourstnl".replace(text[i], "")) + text[i + 1 :]
    spots = [i for i, c in enumerate(text) if c in JA_CONFUSIONS]
    if spots and rng.random() < 0.7:
        i = rng.choice(spots)
        return text[:i] + JA_CONFUSIONS[text[i]] + text[i + 1 :]
    kana = [i for i, c in enumerate(text) if "\u3041" <= c <= "\u309f"]
    if not kana:
        return None
    i = rng.choice(kana)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def edit_typo(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        tok = doc.para(b).sents[s].toks[t]
        if tok.code:
            continue
        new = _typo(tok.text, doc.lang, rng)
        if new and new != tok.text:
            doc.para(b).sents[s].toks[t] = Tok(tok.id, new)
            return doc
    return None


def edit_whitespace(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    b = locate(doc, q.passage)[0][0]
    para = doc.para(b)
    old = para.style
    while True:
        style = para_style(rng, doc.lang)
        if style[0] != old[0] or style[0] == "wrap":
            break
    para.style = (style[0], style[1], style[2], True)
    return doc


def edit_format(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        sent = doc.para(b).sents[s]
        lo = max(0, t - rng.randint(0, 4))
        hi = min(len(sent.toks), t + 1 + rng.randint(0, 4))
        if add_format(sent, rng, rng.choice(["em", "strong", "link"]), lo, hi, force=True):
            return doc
    return None


def edit_move(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    b = locate(doc, q.passage)[0][0]
    if locate(doc, q.passage)[-1][0] != b:
        return None
    para = doc.blocks.pop(b)
    places = [i for i in range(1, len(doc.blocks) + 1) if i != b and abs(i - b) > 1]
    if not places:
        return None
    doc.blocks.insert(rng.choice(places), para)
    return doc


def edit_delete_passage(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    b = where[0][0]
    para = doc.para(b)
    touched = sorted({s for _, s, _ in where})
    if rng.random() < 0.5 or len(touched) == len(para.sents):
        del doc.blocks[b]
    else:
        for s in reversed(touched):
            del para.sents[s]
    return doc


def edit_rewrite_passage(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """The sentence(s) holding the passage replaced by new ones saying something else: of the
    same kind of words, but at most half alike, and without most of the quote's words (a
    sentence of the same template with one slot changed, or another sentence around the same
    clause, is an edited passage, not a rewritten one)."""
    where = locate(doc, q.passage)
    para = doc.para(where[0][0])
    quote = fold(q.selector.exact + q.selector.end)
    for s in sorted({s for _, s, _ in where}):
        was = fold("".join(t.text for t in para.sents[s].toks))
        for _ in range(50):
            fresh = _fresh_sentence(doc, rng)
            now = fold("".join(t.text for t in fresh.toks))
            if fuzz.ratio(was, now) < 50 and fuzz.partial_ratio(quote, now) < 60:
                break
        else:
            return None
        para.sents[s] = fresh
    return doc


def _edit_elsewhere(doc: Doc, q: Quote, rng: random.Random) -> None:
    """One edit away from the passage: a sentence added, deleted or reworded, or a paragraph moved."""
    home = {b for b, _, _ in locate(doc, q.passage)}
    others = [b for b in doc.paras() if b not in home]
    if not others:
        return
    b = rng.choice(others)
    para = doc.para(b)
    kind = rng.randrange(4)
    if kind == 0:
        para.sents.insert(rng.randint(0, len(para.sents)), _fresh_sentence(doc, rng))
    elif kind == 1 and len(para.sents) > 1:
        del para.sents[rng.randrange(len(para.sents))]
    elif kind == 2:
        sent = para.sents[rng.randrange(len(para.sents))]
        spots = [t for t, tok in enumerate(sent.toks) if _reworded(tok, doc.lang, rng, doc) is not None]
        for t in spots[:2]:
            sent.toks[t] = _reworded(sent.toks[t], doc.lang, rng, doc)  # type: ignore[assignment]
    else:
        block = doc.blocks.pop(b)
        doc.blocks.insert(rng.randint(1, len(doc.blocks)), block)


def edit_revised(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """A revision: the passage reworded (else a word inserted in it) and six edits elsewhere."""
    edited = edit_reword(doc, q, rng) or edit_insert_inside(doc, q, rng)
    if edited is None:
        return None
    for _ in range(6):
        _edit_elsewhere(edited, q, rng)
    return edited


def _place_copy(doc: Doc, rng: random.Random, sents: list[Sent], home: int) -> None:
    others = [b for b in doc.paras() if b != home]
    if rng.random() < 0.4 or not others:
        at = rng.choice([i for i in range(1, len(doc.blocks) + 1) if i != home + 1] or [len(doc.blocks)])
        doc.blocks.insert(at, Para(sents, para_style(rng, doc.lang)))
        return
    para = doc.para(rng.choice(others))
    at = rng.choice([0, len(para.sents)])
    para.sents[at:at] = sents


def edit_near_duplicate(doc: Doc, q: Quote, rng: random.Random, same_words: bool) -> Doc | None:
    """A copy of the passage's sentence(s) elsewhere, with a few words changed: inside the quoted
    words (``same_words`` False), or around them only, the quoted words left as they were."""
    where = locate(doc, q.passage)
    b = where[0][0]
    touched = sorted({s for _, s, _ in where})
    copies = []
    for s in touched:
        orig = doc.para(b).sents[s]
        copies.append(Sent([Tok(-1, t.text, t.code) for t in orig.toks], list(orig.fmt)))
    spots = [
        (n, t)
        for n, s in enumerate(touched)
        for t, tok in enumerate(doc.para(b).sents[s].toks)
        if (tok.id in q.passage) != same_words and not tok.code
    ]
    if same_words and not spots:  # the quote is the whole sentence: change the words before it
        copies[0].insert(0, _filler(doc, rng, False))
    else:
        if not spots:
            return None
        for n, t in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
            tok = copies[n].toks[t]
            new = _reworded(tok, doc.lang, rng, doc)
            if new is None:
                typo = _typo(tok.text, doc.lang, rng)
                new = Tok(-1, typo) if typo else None
            if new is None:
                copies[n].insert(t, _filler(doc, rng, True))
            else:
                copies[n].toks[t] = Tok(-1, new.text)
    _place_copy(doc, rng, copies, b)
    return doc


TWIN_LEADS = {
    "en": ["Yes,", "In short,", "Put simply,", "In other words,", "That is,", "Again:", "To sum up,"],
    "ja": ["つまり、", "要するに、", "言い換えれば、", "はい、", "結局のところ、", "繰り返すと、"],
}


def _words_of(toks: list[Tok]) -> list[str]:
    return [fold(t.text) for t in toks if fold(t.text)]


def _shared(a: list[str], b: list[str]) -> float:
    """The share of a's words (as a multiset) that b also has."""
    left = Counter(b)
    kept = 0
    for w in a:
        if left[w]:
            left[w] -= 1
            kept += 1
    return kept / max(1, len(a))


def make_twin(doc: Doc, sent: Sent, quote: str, rng: random.Random) -> Sent | None:
    """A twin of ``sent``, as real writing has them (an answer to a question, a claim
    restated, a summary beside its passage): 40-70 % of its words, a lead-in, two words
    swapped, the rest reworded or new; never the quote's own words, but alike them."""
    words = _words_of(sent.toks)
    for _ in range(60):
        toks = [Tok(-1, t.text, t.code) for t in sent.toks]
        fresh = [t for t in _fresh_sentence(doc, rng).toks if not t.code]
        for i, tok in enumerate(toks):
            if tok.code or rng.random() > 0.45:
                continue
            new = _reworded(tok, doc.lang, rng, doc)
            toks[i] = Tok(-1, new.text) if new is not None and rng.random() < 0.6 else Tok(-1, rng.choice(fresh).text)
        if len(toks) > 3 and rng.random() < 0.6:
            i = rng.randrange(len(toks) - 1)
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        lead = tokens(rng.choice(TWIN_LEADS[doc.lang]), doc.lang, [])
        twin = Sent(lead + toks, [])
        text = fold(doc.sep.join(t.text for t in twin.toks))
        if quote in text or not 0.4 <= _shared(words, _words_of(twin.toks)) <= 0.7:
            continue
        if fuzz.partial_ratio(quote, text) < 60:
            continue  # no threat to the quote: not a twin
        return twin
    return None


def edit_one_word(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """One word of the passage changed: a synonym, else a typo."""
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        sent = doc.para(b).sents[s]
        new = _reworded(sent.toks[t], doc.lang, rng, doc)
        if new is None and not sent.toks[t].code:
            typo = _typo(sent.toks[t].text, doc.lang, rng)
            new = Tok(sent.toks[t].id, typo) if typo else None
        if new is not None:
            sent.toks[t] = new
            return doc
    return None


def with_twin(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """The document as it was annotated, holding a twin of the quoted sentence in another
    paragraph (None: the quote spans sentences, or no twin could be made)."""
    where = locate(doc, q.passage)
    homes = {(b, s) for b, s, _ in where}
    if q.selector.end or len(homes) != 1:
        return None
    (b, s), twin_doc = next(iter(homes)), doc.copy()
    twin = make_twin(twin_doc, twin_doc.para(b).sents[s], fold(q.selector.exact), rng)
    if twin is None:
        return None
    _place_copy(twin_doc, rng, [twin], b)
    return twin_doc


TWIN_EDITS: dict[str, Callable[[Doc, Quote, random.Random], Doc | None]] = {
    "twin: passage deleted": edit_delete_passage,
    "twin: one word changed": edit_one_word,
}


EDITS: dict[str, Callable[[Doc, Quote, random.Random], Doc | None]] = {
    "insert before": lambda d, q, r: edit_insert_near(d, q, r, True),
    "insert after": lambda d, q, r: edit_insert_near(d, q, r, False),
    "insert inside": edit_insert_inside,
    "delete near": edit_delete_near,
    "delete inside": edit_delete_inside,
    "reword": edit_reword,
    "typo": edit_typo,
    "whitespace": edit_whitespace,
    "formatting": edit_format,
    "move paragraph": edit_move,
    "delete passage": edit_delete_passage,
    "rewrite passage": edit_rewrite_passage,
    "revised throughout": edit_revised,
    "near-dup (changed)": lambda d, q, r: edit_near_duplicate(d, q, r, False),
    "near-dup (same words)": lambda d, q, r: edit_near_duplicate(d, q, r, True),
}
