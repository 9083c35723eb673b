/* Pagefind's web worker (pagefind-worker.js of the primary bundle, named in this
   script's query string), started by the search page after segment.js, so that the
   worker's Intl.Segmenter keeps katakana words whole for a marked query (see there). */
const pagefindWorker = new URL(new URL(self.location.href).searchParams.get("pagefind") ?? "", self.location.href);
if (pagefindWorker.origin !== self.location.origin || !pagefindWorker.pathname.endsWith("/pagefind-worker.js")) {
  throw new Error(`not Pagefind's worker: ${pagefindWorker.href}`);
}
importScripts("segment.js", pagefindWorker.href);
