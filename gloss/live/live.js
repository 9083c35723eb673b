/* gloss preview: live reload and the error overlay. Injected by `gloss serve`
   into the pages it serves; never part of the built site. */
(() => {
  "use strict";
  const here = () => decodeURIComponent(location.pathname);
  let overlay = null;

  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "gloss-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = [
        "position:fixed", "inset:auto 0 0 0", "max-height:60vh", "overflow:auto", "z-index:2147483647",
        "background:#2b1010", "color:#ffd9d6", "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace",
        "padding:12px 16px", "border-top:3px solid #e5484d", "box-shadow:0 -4px 16px rgba(0,0,0,.4)",
      ].join(";");
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = `gloss: the build failed (${errors.length} error${errors.length === 1 ? "" : "s"}); showing the last good site`;
    overlay.appendChild(title);
    const list = document.createElement("pre");
    list.style.cssText = "margin:8px 0 0;white-space:pre-wrap";
    list.textContent = errors.join("\n");
    overlay.appendChild(list);
  }

  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function swapStylesheets(changed) {
    let swapped = false;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (changed.has(decodeURIComponent(url.pathname))) {
        url.searchParams.set("gloss", Date.now().toString(36));
        link.href = url.toString();
        swapped = true;
      }
    }
    return swapped;
  }

  function onBuild(event) {
    const data = JSON.parse(event.data);
    window.glossLive.builds += 1;
    if (data.errors && data.errors.length) { showErrors(data.errors); return; }
    clearErrors();
    const changed = new Set(data.changed || []);
    let path = here();
    if (changed.has(path) || (path.endsWith("/") && changed.has(path + "index.html"))) {
      location.reload();
      return;
    }
    swapStylesheets(changed);
  }

  function connect() {
    const source = new EventSource("/__gloss/events");
    source.addEventListener("build", onBuild);
    source.addEventListener("error", () => { /* EventSource reconnects by itself */ });
    window.glossLive.source = source;
  }

  window.glossLive = { builds: 0, source: null };
  connect();
})();
