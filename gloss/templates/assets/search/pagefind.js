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

export const options = (...args) => pagefind.options(...args);
export const mergeIndex = (...args) => pagefind.mergeIndex(...args);
export const filters = (...args) => pagefind.filters(...args);
export const preload = (...args) => pagefind.preload(...args);
export const init = (...args) => pagefind.init(...args);
export const destroy = (...args) => pagefind.destroy(...args);
export const createInstance = (...args) => pagefind.createInstance(...args);
export const search = async (...args) => visible(await pagefind.search(...args));
export const debouncedSearch = async (...args) => visible(await pagefind.debouncedSearch(...args));
