/* gloss preview: live reload, the error overlay and the warnings banner (their words
   in the page's language: English, Japanese, Chinese). Injected
   by `gloss serve` into the pages it serves; never part of the built site.
   Both panels live in a shadow root under a host reset with `all: initial`, so
   the site's styles (a theme's `pre`, `a`, fonts, colours) never reach them;
   each has its own light and dark colours. */
(() => {
  "use strict";
  const here = () => decodeURIComponent(location.pathname);
  const panels = {};
  /* The panels' own words in the page's language, as notes.js's dialog has them (the
     problems themselves are gloss's messages, in English). */
  const WORDS = {
    en: {
      errors: "gloss: build errors", warnings: "gloss: warnings", dismiss: "Dismiss",
      failed: (n) => `gloss: the build failed (${n} error${n === 1 ? "" : "s"}); showing the last good site`,
      warned: (n) => `gloss: ${n} warning${n === 1 ? "" : "s"}`,
    },
    ja: {
      errors: "gloss: ビルドエラー", warnings: "gloss: 警告", dismiss: "閉じる",
      failed: (n) => `gloss: ビルドに失敗しました(エラー ${n} 件)。最後に成功したサイトを表示しています`,
      warned: (n) => `gloss: 警告 ${n} 件`,
    },
    zh: {
      errors: "gloss：构建错误", warnings: "gloss：警告", dismiss: "关闭",
      failed: (n) => `gloss：构建失败（${n} 个错误），显示的是上次成功构建的网站`,
      warned: (n) => `gloss：${n} 个警告`,
    },
  };
  const t = (key) => {
    const lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
    return (WORDS[lang] || WORDS.en)[key];
  };
  const STYLE = `
    :host { all: initial; }
    .panel { box-sizing: border-box; display: block; max-height: 60vh; overflow: auto; padding: 12px 16px; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      color-scheme: light dark; box-shadow: 0 -4px 16px rgba(0, 0, 0, .25); text-align: left; }
    .errors { background: #fff5f5; color: #5c0b0b; border-top: 3px solid #c62828; }
    .warnings { max-height: 40vh; background: #fffbeb; color: #3d2e00; border-bottom: 3px solid #b7791f; }
    h2 { all: unset; display: block; font-weight: 700; margin: 0 2.5em 6px 0; }
    ul { all: unset; display: block; }
    li { display: block; margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    a { color: inherit; text-decoration: underline; }
    a:focus-visible, button:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
    .panel { position: relative; }
    button { all: unset; position: absolute; top: 8px; right: 12px; cursor: pointer; padding: 2px 8px;
      border: 1px solid currentColor; border-radius: 4px; font: 12px/1.5 system-ui, sans-serif; }
    @media (prefers-color-scheme: dark) {
      .errors { background: #2b1010; color: #ffd9d6; border-top-color: #e5484d; }
      .warnings { background: #2a2106; color: #ffe8a3; border-bottom-color: #d4a23a; }
    }`;

  /* A panel's shadow root, made on first use: host#id reset, role given. */
  function panel(id, role, label, edge) {
    if (panels[id]) return panels[id];
    const host = document.createElement("div");
    host.id = id;
    host.style.cssText = `all:initial;display:block;position:fixed;left:0;right:0;${edge}:0;z-index:2147483647`;
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    const box = document.createElement("section");
    box.setAttribute("role", role);
    box.setAttribute("aria-label", label);
    root.append(style, box);
    document.body.appendChild(host);
    panels[id] = { host, box };
    return panels[id];
  }

  function close(id) {
    if (panels[id]) { panels[id].host.remove(); delete panels[id]; }
  }

  /* One problem: its text, the place a link that opens the file in VS Code. */
  function item(problem) {
    const li = document.createElement("li");
    const text = typeof problem === "string" ? problem : problem.text;
    if (problem.href) {
      const a = document.createElement("a");
      a.href = problem.href;
      a.textContent = problem.where;
      li.append(a, text.slice(problem.where.length));
    } else {
      li.textContent = text;
    }
    return li;
  }

  function fill(box, cls, heading, problems) {
    box.className = "panel " + cls;
    const h = document.createElement("h2");
    h.textContent = heading;
    const list = document.createElement("ul");
    list.append(...problems.map(item));
    box.replaceChildren(h, list);
  }

  function showErrors(errors) {
    const { box } = panel("gloss-error-overlay", "alert", t("errors"), "bottom");
    fill(box, "errors", t("failed")(errors.length), errors);
  }

  function showWarnings(warnings) {
    const key = "gloss-dismissed:" + warnings.map((w) => w.text).join("\n");
    if (!warnings.length || sessionStorage.getItem(key)) { close("gloss-warning-banner"); return; }
    const { box } = panel("gloss-warning-banner", "status", t("warnings"), "top");
    fill(box, "warnings", t("warned")(warnings.length), warnings);
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = t("dismiss");
    dismiss.addEventListener("click", () => { sessionStorage.setItem(key, "1"); close("gloss-warning-banner"); });
    box.append(dismiss);
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
    const errors = data.problems ? data.problems.filter((p) => p.severity === "error") : data.errors || [];
    if (errors.length) { showErrors(errors); return; }
    close("gloss-error-overlay");
    showWarnings((data.problems || []).filter((p) => p.severity === "warning"));
    const changed = new Set(data.changed || []);
    const path = here();
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
