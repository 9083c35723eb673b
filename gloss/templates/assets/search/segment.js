/* Japanese queries as the index holds their katakana words (a classic script: the search
   page loads it, and assets/search/worker.js loads it into Pagefind's web worker).

   Pagefind 1.5.2 indexes Japanese text segmented by Lindera (ipadic) and Chinese by
   jieba, but segments a query with the browser's Intl.Segmenter (ICU), in the worker,
   for each merged index whose language is ja, zh or th (Pagefind/pagefind#1237).
   ICU shreds katakana loanwords that Lindera keeps whole (ガベージコレクション →
   ガ|ベ|ージ|コレクション, リポジトリ → リ|ポジ|トリ), and Pagefind wants every piece
   of a query to begin a word of the page: ージ and ポジ begin none, and the page
   holding the word is not found.

   Here Intl.Segmenter is wrapped so that a text holding MARK is segmented with each run
   of katakana (with ー) kept whole; every other text is segmented as before. MARK is a
   punctuation mark (Po): where Pagefind does not segment the query by words (an
   English index), it drops it as it drops all punctuation. glossSegment.variants(query)
   gives the queries to run: the query itself (Pagefind's segmentation), and, where ICU
   splits a katakana run, the marked query before it; assets/search/pagefind.js runs
   both and merges their results. */
(() => {
  const ICU = globalThis.Intl?.Segmenter;
  if (typeof ICU !== "function" || globalThis.glossSegment) return;
  const MARK = "\u2E4E"; /* PUNCTUS ELEVATUS MARK */
  const KANA = /^[\p{Script=Katakana}\u30FC\uFF70]$/u; /* ー and its half-width form are "Common" */
  const kana = (char) => char !== undefined && KANA.test(char);

  /* ICU's word segments of text, joined where a boundary falls inside a katakana run */
  const kanaWhole = (segments, text) => {
    const joined = [];
    for (const { segment, index } of segments) {
      const last = joined.at(-1);
      if (last && kana([...last.segment].at(-1)) && kana([...segment][0])) last.segment += segment;
      else joined.push({ segment, index, input: text });
    }
    return joined;
  };

  class Segmenter extends ICU {
    #word;
    constructor(locales, options) {
      super(locales, options);
      this.#word = options?.granularity === "word";
    }
    segment(text) {
      const input = String(text);
      if (!input.includes(MARK)) return super.segment(text);
      const plain = input.replaceAll(MARK, "");
      return this.#word ? kanaWhole(super.segment(plain), plain) : super.segment(plain);
    }
  }
  Intl.Segmenter = Segmenter;

  const words = (text, whole) => {
    const segments = new ICU("ja", { granularity: "word" }).segment(text);
    return (whole ? kanaWhole(segments, text) : [...segments]).map((s) => s.segment).join(" ");
  };
  /* The queries to run for one query: more than one only where ICU splits a run of
     katakana; the katakana words kept whole come first (the more specific query). */
  const variants = (query) => {
    if (typeof query !== "string" || !/[\p{Script=Katakana}\u30FC\uFF70]/u.test(query)) return [query];
    if (words(query, true) === words(query, false)) return [query];
    /* Pagefind reads a query in double quotes as a phrase: the mark goes inside them */
    const marked = /^\s*".+"\s*$/.test(query) ? query.replace('"', `"${MARK}`) : MARK + query;
    return [marked, query];
  };
  globalThis.glossSegment = { MARK, variants };
})();
