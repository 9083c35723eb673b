/* gloss preview: annotate in the page, and notes.yaml changes in place. Injected by `gloss serve`
 * into article pages only, with the page's notes data and this run's token
 * (<script id="gloss-notes-data">); never part of the built site.
 *
 * - Select words in the translation or the original: beside annotate.js's copy buttons come
 *   "Highlight…", "Key point…" and "Takeaway…" (data-gloss-action = highlight, key-point,
 *   takeaway; Alt+Shift+A moves the focus to them). Each opens a dialog: the note (Markdown, with
 *   the build's own rendering of it as you type), Save or Cancel (data-gloss-action = save,
 *   cancel; Ctrl+Enter saves, Escape cancels).
 * - Margin notes, key points and takeaways get Edit and Delete buttons (data-gloss-action =
 *   edit-note, delete-note, with data-gloss-kind and data-gloss-index).
 * - The server checks the request, writes notes.yaml, the preview rebuilds and the page reloads.
 *   A file changed since the page was built is not written: the dialog asks to reload.
 *
 * The quote, prefix, suffix and doc come from window.glossAnnotate.selector: the same as
 * "Copy as note". window.glossNotes.open(kind, index?) opens the dialog from code.
 */
(() => {
  "use strict";

  const UI = "gloss-annotate-ui";
  const KINDS = ["highlight", "key-point", "takeaway"];
  const FIELD = { highlight: "note", "key-point": "text", takeaway: "text" }; // the Markdown field
  const LIST = { highlight: "highlights", "key-point": "key_points", takeaway: "takeaways" };
  const WORDS = {
    en: {
      highlight: "Highlight…", "key-point": "Key point…", takeaway: "Takeaway…",
      "title-highlight": "Highlight", "title-key-point": "Key point", "title-takeaway": "Takeaway",
      add: "New", edit: "Edit", del: "Delete", "ask-delete": "Delete this entry from notes.yaml?",
      note: "Note (Markdown)", text: "Text (Markdown)", title: "Title", preview: "Preview",
      save: "Save", cancel: "Cancel", saving: "Saving…", saved: "Saved to notes.yaml; the page reloads when the site is rebuilt…",
      changed: "notes.yaml has changed since this page was built. Copy your text, reload the page and save again.",
      refused: "Not saved: gloss check would reject notes.yaml with this change.",
      failed: "Not saved", required: "This cannot be empty.", shortcut: "Alt+Shift+A: annotate the selection",
      editOf: "Edit", deleteOf: "Delete", original: "in the original",
    },
    ja: {
      highlight: "ハイライト…", "key-point": "要点…", takeaway: "テイクアウェイ…",
      "title-highlight": "ハイライト", "title-key-point": "要点", "title-takeaway": "テイクアウェイ",
      add: "新規", edit: "編集", del: "削除", "ask-delete": "この項目を notes.yaml から削除しますか?",
      note: "注記(Markdown)", text: "本文(Markdown)", title: "見出し", preview: "プレビュー",
      save: "保存", cancel: "キャンセル", saving: "保存中…", saved: "notes.yaml に保存しました。再ビルド後にページを再読み込みします…",
      changed: "このページのビルド後に notes.yaml が変更されています。入力内容をコピーし、ページを再読み込みしてから保存し直してください。",
      refused: "保存していません: この変更では gloss check が notes.yaml を受け付けません。",
      failed: "保存していません", required: "空にはできません。", shortcut: "Alt+Shift+A: 選択範囲に注記",
      editOf: "編集", deleteOf: "削除", original: "原文",
    },
    zh: {
      highlight: "高亮…", "key-point": "要点…", takeaway: "结论…",
      "title-highlight": "高亮", "title-key-point": "要点", "title-takeaway": "结论",
      add: "新建", edit: "编辑", del: "删除", "ask-delete": "要从 notes.yaml 中删除此条目吗?",
      note: "批注(Markdown)", text: "正文(Markdown)", title: "标题", preview: "预览",
      save: "保存", cancel: "取消", saving: "正在保存…", saved: "已保存到 notes.yaml;网站重新构建后页面将重新加载…",
      changed: "此页面构建后 notes.yaml 已被修改。请复制你的文字,重新加载页面后再保存。",
      refused: "未保存:此修改会使 gloss check 拒绝 notes.yaml。",
      failed: "未保存", required: "不能为空。", shortcut: "Alt+Shift+A:为所选内容添加批注",
      editOf: "编辑", deleteOf: "删除", original: "原文",
    },
  };

  const source = document.getElementById("gloss-notes-data");
  if (!source || !window.glossAnnotate) return;
  const data = JSON.parse(source.textContent);
  const lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  const t = (key) => (WORDS[lang] || WORDS.en)[key] || WORDS.en[key];

  /* ---- the request ---- */

  async function send(body) {
    const response = await fetch(data.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ token: data.token, file: data.file, hash: data.hash, ...body }),
    });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = { ok: false, message: String(response.status) }; }
    return answer;
  }

  /* ---- the dialog ---- */

  let dialog = null;
  let state = null; // {action, kind, index?, entry?}
  let returnFocus = null;
  let previewTimer = 0;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function field(name, multiline) {
    const id = "gloss-notes-" + name;
    const input = multiline ? el("textarea", { id, rows: 4 }) : el("input", { id, type: "text" });
    input.name = name;
    input.setAttribute("lang", document.documentElement.lang || "");
    return el("p", { className: "gloss-notes-field" }, [el("label", { htmlFor: id, textContent: t(name) }), input]);
  }

  function build() {
    dialog = el("dialog", { className: UI + " gloss-notes-dialog" });
    dialog.setAttribute("aria-labelledby", "gloss-notes-heading");
    const form = el("form", { method: "dialog", noValidate: true }); // (checked in submit, with a message)
    const heading = el("h2", { id: "gloss-notes-heading" });
    const quote = el("blockquote", { className: "gloss-notes-quote" });
    const fields = el("div", { className: "gloss-notes-fields" }, [field("title", false), field("note", true), field("text", true)]);
    const preview = el("div", { className: "gloss-notes-preview" });
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", t("preview"));
    const message = el("div", { className: "gloss-notes-message" });
    message.setAttribute("role", "alert");
    const save = el("button", { type: "submit", className: "gloss-notes-save" });
    save.dataset.glossAction = "save";
    const cancel = el("button", { type: "button", className: "gloss-notes-cancel", textContent: t("cancel") });
    cancel.dataset.glossAction = "cancel";
    cancel.addEventListener("click", close);
    form.append(heading, quote, fields, preview, message, el("p", { className: "gloss-notes-buttons" }, [save, cancel]));
    form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
    form.addEventListener("input", schedulePreview);
    form.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
    });
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); close(); });
    dialog.append(form);
    document.body.append(dialog);
  }

  const part = (sel) => dialog.querySelector(sel);
  const input = (name) => part("#gloss-notes-" + name);

  function show(next, values, quoted) {
    if (!dialog) build();
    state = next;
    returnFocus = document.activeElement;
    const deleting = next.action === "delete";
    part("#gloss-notes-heading").textContent =
      (deleting ? t("del") : next.action === "edit" ? t("edit") : t("add")) + ": " + t("title-" + next.kind);
    const quote = part(".gloss-notes-quote");
    quote.textContent = quoted || "";
    quote.hidden = !quoted;
    const shown = deleting ? [] : next.kind === "key-point" ? ["title", "text"] : [FIELD[next.kind]];
    for (const name of ["title", "note", "text"]) {
      input(name).parentElement.hidden = !shown.includes(name);
      input(name).value = values[name] || "";
      input(name).required = shown.includes(name) && (name === "title" || (name === "text" && next.kind === "takeaway"));
    }
    part(".gloss-notes-preview").hidden = deleting;
    part(".gloss-notes-preview").replaceChildren();
    part(".gloss-notes-message").replaceChildren();
    part(".gloss-notes-message").textContent = deleting ? t("ask-delete") : "";
    const save = part(".gloss-notes-save");
    save.textContent = deleting ? t("del") : t("save");
    save.disabled = false;
    dialog.showModal();
    (shown.length ? input(shown[0]) : save).focus();
    if (!deleting) renderPreview();
  }

  function close() {
    clearTimeout(previewTimer);
    if (dialog && dialog.open) dialog.close();
    state = null;
    if (returnFocus && returnFocus.isConnected && returnFocus.focus) returnFocus.focus();
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, 200);
  }

  async function renderPreview() {
    if (!state || state.action === "delete") return;
    const markdown = input(FIELD[state.kind]).value;
    const target = part(".gloss-notes-preview");
    if (!markdown.trim()) { target.replaceChildren(); return; }
    const answer = await send({ action: "preview", markdown });
    if (answer.ok && state) target.innerHTML = answer.html; // the build's own rendering of the note
  }

  function values() {
    const names = state.kind === "key-point" ? ["title", "text"] : [FIELD[state.kind]];
    const found = {};
    for (const name of names) found[name] = input(name).value.trim();
    return found;
  }

  function fail(answer) {
    const message = part(".gloss-notes-message");
    const said = answer.code === "changed" ? t("changed") : answer.code === "refused" ? t("refused") : t("failed") + ": " + (answer.message || "");
    const list = el("ul", {}, (answer.problems || []).map((p) => el("li", { textContent: p })));
    message.replaceChildren(el("p", { textContent: said }), list);
    part(".gloss-notes-save").disabled = false;
  }

  async function submit() {
    if (!state) return;
    const body = { action: state.action, kind: state.kind };
    if (state.action !== "add") body.index = state.index;
    if (state.action !== "delete") {
      const given = values();
      const empty = Object.keys(given).find((name) => input(name).required && !given[name]);
      if (empty) { input(empty).focus(); fail({ message: t("required") }); return; }
      if (state.action === "add") body.entry = { ...state.entry, ...given };
      else body.values = given;
    }
    part(".gloss-notes-save").disabled = true;
    part(".gloss-notes-message").textContent = t("saving");
    let answer;
    try { answer = await send(body); } catch (e) { answer = { ok: false, message: String(e) }; }
    if (!answer.ok) { fail(answer); return; }
    if (answer.unchanged) { close(); return; }
    part(".gloss-notes-message").textContent = t("saved"); // live.js reloads the page after the build
    window.glossNotes.saved += 1;
  }

  /* ---- adding: the buttons under a selection ---- */

  function addFromSelection(kind) {
    const range = window.glossAnnotate.current();
    const sel = range && window.glossAnnotate.selector(range);
    if (!sel) return;
    const entry = { quote: sel.quote };
    if (sel.prefix) entry.prefix = sel.prefix;
    if (sel.suffix) entry.suffix = sel.suffix;
    if (sel.original) entry.doc = "original";
    show({ action: "add", kind, entry }, {}, sel.quote);
  }

  function addButtons() {
    const bar = window.glossAnnotate.bar();
    if (!bar || bar.querySelector("[data-gloss-action]")) return;
    for (const kind of KINDS) {
      const button = el("button", { type: "button", className: "gloss-notes-add", textContent: t(kind) });
      button.dataset.glossAction = kind;
      button.title = t("shortcut");
      button.setAttribute("aria-keyshortcuts", "Alt+Shift+A");
      button.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
      button.addEventListener("click", () => addFromSelection(kind));
      bar.append(button);
    }
  }

  /* ---- editing and deleting: the buttons on each entry ---- */

  function tools(host, kind, index, label) {
    if (host.querySelector(":scope > .gloss-notes-tools")) return;
    const box = el("span", { className: UI + " gloss-notes-tools" });
    for (const [action, word] of [["edit-note", "editOf"], ["delete-note", "deleteOf"]]) {
      const button = el("button", { type: "button", textContent: t(word) });
      button.dataset.glossAction = action;
      button.dataset.glossKind = kind;
      button.dataset.glossIndex = String(index);
      button.setAttribute("aria-label", t(word) + ": " + label);
      button.addEventListener("click", () => openEntry(kind, index, action === "delete-note" ? "delete" : "edit"));
      box.append(button);
    }
    host.append(box);
  }

  function passageText(kind, index) {
    const prefix = { highlight: "gloss-hl-", "key-point": "gloss-kp-", takeaway: "gloss-ta-" }[kind];
    const passage = document.getElementById(prefix + (index + 1));
    return passage ? passage.textContent.trim() : "";
  }

  function openEntry(kind, index, action) {
    const entry = (data[LIST[kind]] || [])[index];
    if (!entry) return;
    show({ action, kind, index }, entry, passageText(kind, index));
  }

  function plainText(html) {
    const box = document.createElement("template");
    box.innerHTML = html;
    return box.content.textContent.replace(/\s+/g, " ").trim();
  }

  /* Takeaways carry no number on the page: each aside is matched with the entry whose
   * rendered text it shows (entries with the same text are left without buttons). */
  function takeawayAsides() {
    const texts = (data.takeaways || []).map((item) => plainText(item.html));
    for (const aside of document.querySelectorAll("aside.takeaway")) {
      const label = aside.querySelector(".takeaway-label");
      const shown = aside.textContent.slice(label ? label.textContent.length : 0).replace(/\s+/g, " ").trim();
      const found = texts.map((text, i) => (text === shown ? i : -1)).filter((i) => i >= 0);
      if (found.length === 1) tools(aside, "takeaway", found[0], shown.slice(0, 40));
    }
  }

  function decorate() {
    for (const note of document.querySelectorAll("aside.margin-note[id^='gloss-hl-']")) {
      const number = /^gloss-hl-(\d+)-note$/.exec(note.id);
      const words = [...note.childNodes].filter((n) => !(n.classList && n.classList.contains("note-number")));
      const label = words.map((n) => n.textContent).join("").trim().slice(0, 40);
      if (number) tools(note, "highlight", Number(number[1]) - 1, label);
    }
    for (const point of document.querySelectorAll("li.key-point[id^='gloss-key-point-']")) {
      const number = /^gloss-key-point-(\d+)$/.exec(point.id);
      if (number) tools(point, "key-point", Number(number[1]) - 1, point.textContent.trim().slice(0, 40));
    }
    takeawayAsides();
  }

  /* ---- start ---- */

  window.glossNotes = {
    saved: 0,
    open: (kind, index) => (index === undefined ? addFromSelection(kind) : openEntry(kind, index, "edit")),
  };
  addButtons();
  decorate();
  document.addEventListener("keydown", (e) => {
    if (!(e.altKey && e.shiftKey && e.code === "KeyA")) return;
    const bar = window.glossAnnotate.bar();
    const first = bar && !bar.hidden && bar.querySelector("[data-gloss-action]");
    if (first) { e.preventDefault(); first.focus(); }
  });
})();
