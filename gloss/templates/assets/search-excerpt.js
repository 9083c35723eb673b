/* Search excerpts built around the whole query (issue 16). Pagefind segments a
   Japanese or Chinese query as its index was segmented (脆弱性 → 脆弱 + 性) and
   builds the excerpt from whichever piece scores best, often the common one
   (性 in 可能性). Where the page's text holds the whole query, the excerpt is
   made around its first occurrence and marks it whole; sub-results holding it
   come first and mark it whole too. Folding: case and Unicode compatibility
   forms (full-width letters), as readers type them. */
(() => {
  "use strict";
  const BEFORE = 36;   // characters of context before the match…
  const AFTER = 96;    // …and after it
  const fold = (s) => s.normalize("NFKC").toLowerCase();
  const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const plain = (html) => new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.textContent || "";

  /* Every occurrence of the folded query in text (kept as written), as [start, end). */
  function find(text, query) {
    const folded = fold(text);
    if (folded.length !== text.length || !query) return [];   // folding moved positions: leave it to Pagefind
    const spans = [];
    for (let at = folded.indexOf(query); at >= 0; at = folded.indexOf(query, at + query.length)) {
      spans.push([at, at + query.length]);
    }
    return spans;
  }

  function marked(text, spans) {
    let out = "";
    let pos = 0;
    for (const [a, b] of spans) {
      out += escape(text.slice(pos, a)) + "<mark>" + escape(text.slice(a, b)) + "</mark>";
      pos = b;
    }
    return out + escape(text.slice(pos));
  }

  /* The excerpt of text around its first whole-query match, or null without one. */
  function excerpt(text, query) {
    const first = find(text, query)[0];
    if (!first) return null;
    let start = Math.max(0, first[0] - BEFORE);
    let end = Math.min(text.length, first[1] + AFTER);
    while (start > 0 && start < first[0] && /\w/.test(text[start - 1]) && /\w/.test(text[start])) start++;
    while (end < text.length && end > first[1] && /\w/.test(text[end - 1]) && /\w/.test(text[end])) end--;
    const piece = text.slice(start, end);
    return (start > 0 ? "…" : "") + marked(piece, find(piece, query)) + (end < text.length ? "…" : "");
  }

  function process(result, term) {
    const query = fold(String(term || "").trim());
    if (!query || /\s/.test(query)) return result;   // several words: Pagefind's excerpt marks each
    const made = excerpt(result.content || "", query);
    if (made) result.excerpt = made;
    if (Array.isArray(result.sub_results)) {
      const subs = result.sub_results.map((sub) => {
        const text = plain(sub.excerpt || "");
        const spans = find(text, query);
        return { sub: spans.length ? { ...sub, excerpt: marked(text, spans) } : sub, whole: spans.length > 0 };
      });
      /* sections holding the whole query, when one does; else Pagefind's, as they are */
      const whole = subs.filter((s) => s.whole);
      result.sub_results = (whole.length ? whole : subs).map((s) => s.sub);
    }
    return result;
  }

  window.glossExcerpt = { process, excerpt, fold };
})();
