"""End-to-end test of an article bundle written purely to DESIGN.md (§2, §3, §4).

The fixture under tests/fixtures/unseen/ was written without looking at the
engine: it is built through the real command line with the default theme and
the resulting article page is checked against the article page anatomy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import ROOT

CONTENT = ROOT / "tests" / "fixtures" / "unseen" / "content"
BUNDLE = CONTENT / "2026" / "05" / "regional-ai-compute-outlook"
SLUG = BUNDLE.name
DAY = "2026-05-12"


# --------------------------------------------------------------------------
# helpers


def slugify(title: str) -> str:
    """GitHub-style heading id, as DESIGN.md §2.3 specifies."""
    return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))


def squash(text: str) -> str:
    """NFC, all whitespace removed: CJK line joins may or may not add spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def headings(md_file: Path) -> list[tuple[int, str, str]]:
    """(level, text, id) of every ATX heading of a fixture Markdown file."""
    out = []
    in_front_matter = False
    for i, line in enumerate(md_file.read_text(encoding="utf-8").splitlines()):
        if line.strip() == "---" and (i == 0 or in_front_matter):
            in_front_matter = not in_front_matter
            continue
        if in_front_matter:
            continue
        m = re.match(r"^(#{1,6}) +(.*?) *$", line)
        if m:
            out.append((len(m.group(1)), m.group(2), slugify(m.group(2))))
    return out


NOTES = yaml.safe_load((BUNDLE / "notes.yaml").read_text(encoding="utf-8"))
SITE = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
BODY_HEADINGS = headings(BUNDLE / "index.md")
ORIG_HEADINGS = headings(BUNDLE / "original.md")
HEADING_TEXT = {
    "": {hid: text for _, text, hid in BODY_HEADINGS},
    "original": {hid: text for _, text, hid in ORIG_HEADINGS},
}


def split_ref(ref: str) -> tuple[str, str]:
    doc, _, frag = ref.partition("#")
    return doc, frag


def build(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "build.py", "build", "--content", str(CONTENT), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def in_original(el: Tag) -> bool:
    return any(p.name == "details" and "original" in (p.get("class") or []) for p in el.parents)


def in_body(el: Tag) -> bool:
    return any("body" in (p.get("class") or []) for p in el.parents if isinstance(p, Tag))


def target(soup: BeautifulSoup, href: str) -> Tag:
    assert href.startswith("#") and len(href) > 1, f"not a #fragment link: {href!r}"
    frag = unicodedata.normalize("NFC", unquote(href[1:]))
    found = soup.find_all(id=frag)
    assert len(found) == 1, f"{href!r} resolves to {len(found)} elements"
    return found[0]


def heading_text_of(el: Tag) -> str:
    """Text of the element an anchor lands on (or of the heading right after an empty marker)."""
    if el.get_text(strip=True):
        return el.get_text()
    nxt = el.find_next(re.compile(r"^h[1-6]$"))
    return nxt.get_text() if nxt else ""


# --------------------------------------------------------------------------
# fixture sanity: the fixture itself must honour the contract


def test_fixture_anchors_are_valid_slugs():
    assert NOTES["date"].isoformat() == DAY
    assert len(NOTES["key_points"]) >= 3 and len(NOTES["toc"]) >= 3
    assert len(NOTES["takeaways"]) == 2 and len(NOTES["faq"]) >= 2
    assert any(kp["anchor"].startswith("original#") for kp in NOTES["key_points"])
    for ref in [kp["anchor"] for kp in NOTES["key_points"]] + [t["anchor"] for t in NOTES["toc"]]:
        doc, frag = split_ref(ref)
        assert frag in HEADING_TEXT[doc], f"{ref} is not a heading id of the fixture"
    # labels must differ from heading texts, so the test can tell curated from automatic
    for entry in NOTES["toc"]:
        assert entry["label"] != HEADING_TEXT[""][split_ref(entry["anchor"])[1]]


# --------------------------------------------------------------------------
# the build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen") / "site"
    proc = build(out)
    return proc, out


@pytest.fixture(scope="module")
def page(built):
    proc, out = built
    assert proc.returncode == 0, f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    html_file = out / SLUG / "index.html"
    assert html_file.is_file(), f"no article page at {html_file}"
    return BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")


def test_build_exits_zero(built):
    proc, out = built
    assert proc.returncode == 0, f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert (out / SLUG / "index.html").is_file()


def test_article_title_and_summary(page):
    articles = page.select("article.digest-article")
    assert len(articles) == 1
    assert articles[0].get("lang") == "ja"
    h1_texts = [squash(h.get_text()) for h in page.find_all("h1")]
    assert squash(NOTES["title"]) in h1_texts, h1_texts
    summaries = [squash(s.get_text()) for s in page.select(".summary")]
    assert any(squash(NOTES["summary"]) in s for s in summaries), summaries


def test_key_points_link_to_their_passages(page):
    sections = page.select("section.key-points")
    assert len(sections) == 1
    section = sections[0]
    text = squash(section.get_text())
    for kp in NOTES["key_points"]:
        assert squash(kp["title"]) in text
        assert squash(kp["text"]) in text
    links = section.find_all("a", href=True)
    assert len(links) == len(NOTES["key_points"]), [a["href"] for a in links]
    for link, kp in zip(links, NOTES["key_points"], strict=True):
        el = target(page, link["href"])
        doc, frag = split_ref(kp["anchor"])
        if doc == "original":
            assert in_original(el), f"{kp['anchor']} -> {link['href']} is not inside details.original"
        else:
            assert in_body(el), f"{kp['anchor']} -> {link['href']} is not inside .body"
            assert not in_original(el), f"{kp['anchor']} -> {link['href']} lands in the original"
        expected = HEADING_TEXT[doc][frag]
        assert squash(expected) in squash(heading_text_of(el)), (kp["anchor"], link["href"])


def test_impact_fold_out(page):
    impacts = page.select("details.impact")
    assert len(impacts) == 1
    analysis = impacts[0].select(".analysis")
    editorial = impacts[0].select(".editorial")
    assert len(analysis) == 1 and len(editorial) == 1
    assert squash(NOTES["impact"]["analysis"]) in squash(analysis[0].get_text())
    assert squash(NOTES["impact"]["editorial"]) in squash(editorial[0].get_text())
    assert squash(NOTES["impact"]["editorial"]) not in squash(analysis[0].get_text())


def test_curated_toc(page):
    tocs = [n for n in page.select("nav.toc") if not in_original(n)]
    assert len(tocs) == 1, f"{len(tocs)} nav.toc outside details.original"
    links = tocs[0].find_all("a", href=True)
    assert [norm(a.get_text()) for a in links] == [e["label"] for e in NOTES["toc"]]
    for link, entry in zip(links, NOTES["toc"], strict=True):
        el = target(page, link["href"])
        assert in_body(el) and not in_original(el), link["href"]
        expected = HEADING_TEXT[""][split_ref(entry["anchor"])[1]]
        assert squash(expected) in squash(heading_text_of(el)), (entry["anchor"], link["href"])


def test_body_and_takeaways(page):
    bodies = [b for b in page.select(".body") if not in_original(b)]
    assert len(bodies) >= 1
    body_text = squash(" ".join(b.get_text() for b in bodies))
    for _, text, _ in BODY_HEADINGS:
        assert squash(text) in body_text
    assert "Johor" not in body_text  # the original is not mixed into the body

    asides = page.select("aside.takeaway")
    assert len(asides) == len(NOTES["takeaways"])
    # a column header of each body table, to tell it from the original's tables
    table_marker = {"table-1": "稼働容量(GW)", "table-2": "産業用電力価格(米ドル/MWh)"}
    for tk in NOTES["takeaways"]:
        doc, frag = split_ref(tk["after"])
        assert doc == ""
        matching = [a for a in asides if squash(tk["text"]) in squash(a.get_text())]
        assert len(matching) == 1, f"takeaway after {tk['after']} found {len(matching)} times"
        aside = matching[0]
        prev = aside.find_previous_sibling()
        assert prev is not None, f"takeaway after {tk['after']} has no previous sibling"
        assert prev.name == "table", f"takeaway after {tk['after']} follows <{prev.name}>"
        assert prev.get("id") == frag
        assert page.find(id=frag) is prev
        assert in_body(prev) and not in_original(prev)
        assert squash(table_marker[frag]) in squash(prev.get_text())


def test_faq_in_chinese(page):
    sections = page.select("section.faq")
    assert len(sections) == 1
    text = squash(sections[0].get_text())
    positions = []
    for entry in NOTES["faq"]:
        q, a = squash(entry["q"]), squash(entry["a"])
        assert q in text, entry["q"]
        assert a in text, entry["a"]
        assert text.index(q) < text.index(a)
        positions.append(text.index(q))
    assert positions == sorted(positions)


def test_original_fold_out(page):
    originals = page.select("details.original")
    assert len(originals) == 1
    original = originals[0]
    assert (original.get("lang") or "").lower() == "en"
    tocs = original.select("nav.toc")
    assert len(tocs) == 1
    hs = [squash(h.get_text()) for h in original.find_all(re.compile(r"^h[2-6]$"))]
    expected = [squash(text) for _, text, _ in ORIG_HEADINGS]
    # every English heading is present, in order
    it = iter(hs)
    for e in expected:
        assert any(e in h for h in it), f"English heading {e!r} missing or out of order in {hs}"
    # the original's own contents: its h2-h3 headings, each link landing inside the fold-out
    links = tocs[0].find_all("a", href=True)
    assert [squash(a.get_text()) for a in links] == [
        squash(text) for level, text, _ in ORIG_HEADINGS if level in (2, 3)
    ]
    for link in links:
        assert in_original(target(page, link["href"])), link["href"]
    # no Japanese body heading inside the original
    orig_text = squash(original.get_text())
    assert squash(BODY_HEADINGS[0][1]) not in orig_text


def test_link_to_the_days_digest(page, built):
    _, out = built
    hrefs = [a["href"] for a in page.find_all("a", href=True) if a["href"].endswith(f"/digest/{DAY}/")]
    assert hrefs, "no link to the day's digest"
    base = SITE["base_url"]
    for href in hrefs:
        url = urljoin(urljoin(base, f"{SLUG}/"), href)
        assert url.startswith(base) or urlsplit(url).path.startswith(urlsplit(base).path), url
        rel = urlsplit(url).path[len(urlsplit(base).path) :]
        assert (out / rel / "index.html").is_file(), f"{href} points to a page that was not built"


def test_no_broken_fragments_and_unique_ids(page):
    ids = [el["id"] for el in page.find_all(id=True)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    idset = {unicodedata.normalize("NFC", i) for i in ids}
    fragment_links = [a["href"] for a in page.find_all(href=True) if a["href"].startswith("#")]
    assert len(fragment_links) >= len(NOTES["key_points"]) + len(NOTES["toc"])
    broken = [h for h in fragment_links if unicodedata.normalize("NFC", unquote(h[1:])) not in idset]
    assert not broken, f"broken fragment links: {broken}"


# --------------------------------------------------------------------------
# reproducibility


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_byte_identical_when_repeated(tmp_path):
    # Pagefind's own filter and metadata files are not byte-stable across runs
    # (upstream: Pagefind issue #638); everything gloss writes must be.
    out = tmp_path / "site"
    first = build(out)
    assert first.returncode == 0, first.stderr
    one = snapshot(out)
    assert f"{SLUG}/index.html" in one
    shutil.rmtree(out)
    second = build(out)
    assert second.returncode == 0, second.stderr
    two = snapshot(out)
    one = {k: v for k, v in one.items() if not k.startswith("pagefind/")}
    two = {k: v for k, v in two.items() if not k.startswith("pagefind/")}
    assert sorted(one) == sorted(two), set(one) ^ set(two)
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, f"files differ between identical builds: {differing[:20]}"
