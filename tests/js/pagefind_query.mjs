// Query a built site's Pagefind index with Pagefind's own JavaScript, the way
// the search page does (one index per language, merged), from Node.
// usage: node pagefind_query.mjs <site dir> <base path> <page lang> <json queries>
// queries: [{"term": "...", "filters": {...}, "content": false}, ...];
// prints {term: [result urls]} ({url, content} objects where "content" is true).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, basePath, lang, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
const server = http.createServer((req, res) => {
  const urlPath = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  if (!urlPath.startsWith(basePath)) { res.writeHead(404); res.end(); return; }
  fs.readFile(path.join(site, urlPath.slice(basePath.length)), (err, data) => {
    if (err) { res.writeHead(404); res.end(); } else { res.writeHead(200); res.end(data); }
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
// pagefind.js reads the page language from <html lang>; give it the search page's.
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
// The index is in shards (pagefind/shards.json): one is the primary (it holds the page's
// language), every other (shard, language) is merged, as the search page does.
const shards = JSON.parse(fs.readFileSync(path.join(site, "pagefind", "shards.json"), "utf8"));
const primary = shards.find((s) => lang in s.languages) ?? shards[0];
const pagefind = await import(pathToFileURL(path.join(site, "pagefind", primary.bundle, "pagefind.js")).href);
await pagefind.options({ basePath: `${origin}${basePath}pagefind/${primary.bundle}`, baseUrl: basePath });
await pagefind.init();
for (const shard of shards) {
  for (const other of Object.keys(shard.languages).filter((l) => shard !== primary || l !== lang)) {
    await pagefind.mergeIndex(`${origin}${basePath}pagefind/${shard.bundle}./`, { language: other, baseUrl: basePath });
  }
}
// The search page asks through the site's assets/search/pagefind.js, which leaves out
// the results of pages an overlay shard supersedes (each shard's "hidden"): so do we.
const hidden = new Map();
for (const shard of shards) {
  for (const [id, urls] of Object.entries(shard.hidden ?? {})) hidden.set(id, [...(hidden.get(id) ?? []), ...urls]);
}
globalThis.glossSearch = { pagefind, hidden };
const asked = await import(pathToFileURL(path.join(site, "assets", "search", "pagefind.js")).href);
const out = {};
for (const { term, filters, content } of queries) {
  const found = await asked.search(term, filters ? { filters } : {});
  out[term + (filters ? " " + JSON.stringify(filters) : "")] = await Promise.all(
    found.results.map(async (r) => {
      const data = await r.data();
      return content ? { url: data.url, content: data.content } : data.url;
    }));
}
console.log(JSON.stringify(out));
server.close();
process.exit(0);
