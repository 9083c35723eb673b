/* Pagefind's API as Pagefind UI uses it (its bundlePath points here), over the
   module the search page loaded and merged every shard into
   (globalThis.glossSearch.pagefind), leaving out the results of pages that the
   overlay shard supersedes: each shard of pagefind/shards.json may list
   "hidden" result ids with the URLs of the pages behind them (an id is a hash,
   and the same id can belong to another page in another shard, so a result is
   left out only when its URL is one of them). A page edited without a change
   Pagefind sees keeps its id: then both copies are found, and one is kept. */
const { pagefind, hidden } = globalThis.glossSearch;

const visible = async (found) => {
  if (!found || !Array.isArray(found.results) || hidden.size === 0) return found;
  const suspects = found.results.filter((result) => hidden.has(result.id));
  if (suspects.length === 0) return found;
  const urls = new Map(await Promise.all(suspects.map(async (r) => [r, (await r.data()).raw_url])));
  const copies = new Map(); /* "id url" -> the results of that page with that id */
  for (const r of suspects) {
    if (!hidden.get(r.id).includes(urls.get(r))) continue; /* another page with the same id */
    const key = `${r.id} ${urls.get(r)}`;
    copies.set(key, [...(copies.get(key) ?? []), r]);
  }
  const dropped = new Set();
  for (const found of copies.values()) {
    for (const r of found.length > 1 ? found.slice(1) : found) dropped.add(r);
  }
  const results = found.results.filter((r) => !dropped.has(r));
  return { ...found, results, unfilteredResultCount: Math.max(0, (found.unfilteredResultCount ?? results.length) - dropped.size) };
};

export const options = (...args) => pagefind.options(...args);
export const mergeIndex = (...args) => pagefind.mergeIndex(...args);
export const filters = (...args) => pagefind.filters(...args);
export const preload = (...args) => pagefind.preload(...args);
export const init = (...args) => pagefind.init(...args);
export const destroy = (...args) => pagefind.destroy(...args);
export const createInstance = (...args) => pagefind.createInstance(...args);
export const search = async (...args) => visible(await pagefind.search(...args));
export const debouncedSearch = async (...args) => visible(await pagefind.debouncedSearch(...args));
