/* Pagefind's API as Pagefind UI uses it (its bundlePath points here), over the
   module the search page loaded and merged every shard into
   (globalThis.glossSearch.pagefind), leaving out the results of pages that the
   overlay shard supersedes: each shard of pagefind/shards.json may list
   "hidden" result ids with the URLs of the pages behind them (an id is a hash,
   and the same id can belong to another page in another shard, so a result is
   left out only when its URL is one of them). A page edited without a change
   Pagefind sees keeps its id: then both copies are found, and one is kept.

   A query with katakana that the browser's segmentation splits (segment.js,
   glossSegment.variants) is run twice, side by side: as Pagefind segments it, and
   with its katakana words whole; the results are merged (merged, below). Any other
   query (English) is passed through as it is. */
const { pagefind, hidden } = globalThis.glossSearch;
const variants = globalThis.glossSegment?.variants ?? ((query) => [query]);

const visible = async (found) => {
  if (!found || !Array.isArray(found.results) || hidden.size === 0) return found;
  const suspects = found.results.filter((result) => hidden.has(result.id));
  if (suspects.length === 0) return found;
  const data = new Map(await Promise.all(suspects.map(async (r) => [r, await r.data()])));
  const copies = new Map(); /* "id url" -> the results of that page with that id */
  for (const r of suspects) {
    const url = data.get(r).raw_url;
    if (!hidden.get(r.id).includes(url)) continue; /* another page with the same id */
    copies.set(`${r.id} ${url}`, [...(copies.get(`${r.id} ${url}`) ?? []), r]);
  }
  const dropped = new Set();
  for (const same of copies.values()) {
    for (const r of same.length > 1 ? same.slice(1) : same) dropped.add(r);
  }
  /* the filters' counts (tags, languages) of the results left */
  const filters = Object.fromEntries(Object.entries(found.filters ?? {}).map(([name, counts]) => [name, { ...counts }]));
  for (const r of dropped) {
    for (const [name, values] of Object.entries(data.get(r).filters ?? {})) {
      for (const value of values) if (filters[name]?.[value] > 0) filters[name][value] -= 1;
    }
  }
  return { ...found, results: found.results.filter((r) => !dropped.has(r)), filters };
};

/* The results of the variants of one query (most specific first), each already
   visible(): one result per id, as the most specific variant that found it scored
   it; those the more specific variant found first (a page holding
   ガベージコレクション before one holding only words beginning with ガ, ベ and
   コレクション), then by that score (the shredded query's scores, boosted by
   its many short words, are not compared with the whole word's). The filters'
   counts are those of the variant with the most results, plus the filters of the
   pages only the others found. */
const merged = async (founds) => {
  const best = new Map(); /* id -> { result, variant, score } */
  founds.forEach((found, variant) => {
    for (const result of found?.results ?? []) {
      const seen = best.get(result.id);
      if (!best.has(result.id)) best.set(result.id, { result, variant });
    }
  });
  const results = [...best.values()]
    .sort((a, b) => a.variant - b.variant || b.result.score - a.result.score)
    .map(({ result }) => result);
  const base = founds.reduce((a, b) => ((b?.results?.length ?? 0) > (a?.results?.length ?? 0) ? b : a));
  if (!base) return base;
  const inBase = new Set(base.results.map((r) => r.id));
  const filters = Object.fromEntries(Object.entries(base.filters ?? {}).map(([name, counts]) => [name, { ...counts }]));
  const others = await Promise.all(results.filter((r) => !inBase.has(r.id)).map((r) => r.data()));
  for (const data of others) {
    for (const [name, values] of Object.entries(data.filters ?? {})) {
      filters[name] ??= {};
      for (const value of values) filters[name][value] = (filters[name][value] ?? 0) + 1;
    }
  }
  return { ...base, results, filters };
};

const searchAll = async (terms, options) =>
  merged(await Promise.all(terms.map(async (term) => visible(await pagefind.search(term, options)))));

let latest = 0; /* the last debouncedSearch: an earlier one still waiting returns null */

export const options = (...args) => pagefind.options(...args);
export const mergeIndex = (...args) => pagefind.mergeIndex(...args);
export const filters = (...args) => pagefind.filters(...args);
export const preload = (term, ...rest) => {
  const terms = variants(term);
  if (terms.length === 1) return pagefind.preload(term, ...rest);
  return Promise.all(terms.map((t) => pagefind.preload(t, ...rest))).then(() => undefined);
};
export const init = (...args) => pagefind.init(...args);
export const destroy = (...args) => pagefind.destroy(...args);
export const createInstance = (...args) => pagefind.createInstance(...args);
export const search = async (term, ...rest) => {
  const terms = variants(term);
  if (terms.length === 1) return visible(await pagefind.search(term, ...rest));
  return searchAll(terms, ...rest);
};
export const debouncedSearch = async (term, ...rest) => {
  const mine = ++latest;
  const terms = variants(term);
  if (terms.length === 1) {
    const found = await pagefind.debouncedSearch(term, ...rest);
    return mine === latest ? visible(found) : null;
  }
  /* as Pagefind does it: the index chunks load while the debounce waits */
  const [options, timeoutMs = 300] = rest;
  for (const t of terms) pagefind.preload(t, options);
  await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  if (mine !== latest) return null;
  const found = await searchAll(terms, options);
  return mine === latest ? found : null;
};
