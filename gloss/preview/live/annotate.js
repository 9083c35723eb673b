/* gloss preview: annotation helpers for editors (injected by `serve` into article pages only;
 * never part of the built site).
 *
 * 1. Select words in the translation (`article.digest-article .body`) or in the original
 *    (`.original-body`) and a "Copy as note" button copies a notes.yaml `highlights:` entry whose
 *    quote / prefix / suffix / doc follow DESIGN.md §2.3 (W3C TextQuoteSelector); two more copy
 *    it as a key point or a takeaway. The key line (`highlights:`…) comes only when the page
 *    shows none of that kind yet: otherwise the entry alone, to paste into the existing list.
 * 2. Headings with an id show their reference ("#id" or "original#id") on hover or focus, with a
 *    button that copies it.
 *
 * window.glossAnnotate.snippet(range, kind) returns the YAML for a Range ("" if it is not in a
 * document); kind is "highlight" (the default), "key_point" or "takeaway". selector(range) gives
 * the same selection as data, and bar()/current() the buttons and the range they act on, for
 * notes.js (which `serve` adds to write the entry into notes.yaml itself).
 */
(function () {
  "use strict";

  var ORIGINAL_PREFIX = "original-";
  var CONTEXT_STEP = 4; // prefix/suffix grow this many characters at a time…
  var CONTEXT_MAX = 32; // …up to this many
  var LOOKALIKE_PART = 3; // a passage's first or last third (this many characters at least) found elsewhere: a lookalike
  var OTHER_SIDE = 8; // characters (spaces not counted): each side of context at least
  var UI = "gloss-annotate-ui";
  // Not part of the source text: page chrome the templates put inside the documents, and our own UI.
  var NOT_TEXT = "." + UI + ", .pair-link, aside.takeaway, .margin-notes, .margin-note, .passage-ref, .note-ref, script, style, template, [hidden]";
  var HEADINGS = "h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]";
  var LABEL = "Copy as note";
  // What each button copies: the notes.yaml key, what on the page shows the key has entries,
  // the entry's lines before and after the quote's.
  var KINDS = {
    highlight: { key: "highlights", shown: "mark.highlight", label: LABEL, before: [], after: ['note: ""'] },
    key_point: { key: "key_points", shown: "section.key-points", label: "Key point", before: ['title: ""'],
                 after: ['text: ""'] },
    takeaway: { key: "takeaways", shown: "aside.takeaway", label: "Takeaway", before: [], after: ['text: ""'] },
  };
  var COPIED = "Copied";
  var FAILED = "Copy failed";

  function elementOf(node) {
    return node && (node.nodeType === 1 ? node : node.parentElement);
  }

  /** The document (translation `.body` or `.original-body`) a node is in, or null. */
  function documentOf(node) {
    var el = elementOf(node);
    if (!el || !el.closest) return null;
    var original = el.closest(".original-body");
    if (original) return { root: original, original: true };
    var body = el.closest(".body");
    if (body && body.closest("article.digest-article")) return { root: body, original: false };
    return null;
  }

  /** Text nodes of a document in order, leaving out chrome; with their offsets in the raw text. */
  function textNodes(root) {
    var nodes = [];
    var raw = "";
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1) return node.matches(NOT_TEXT) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node, start: raw.length });
      raw += node.data;
    }
    return { nodes: nodes, raw: raw };
  }

  /** Collapse whitespace runs to one space and trim; map[i] is where raw index i lands. */
  function collapse(raw) {
    var out = "";
    var map = new Array(raw.length + 1);
    var pendingSpace = false;
    for (var i = 0; i < raw.length; i++) {
      if (/\s/.test(raw[i])) {
        if (out.length) pendingSpace = true;
        map[i] = out.length; // a run of whitespace lands on the single space that replaces it
        continue;
      }
      if (pendingSpace) {
        out += " ";
        pendingSpace = false;
      }
      map[i] = out.length;
      out += raw[i];
    }
    map[raw.length] = out.length;
    return { text: out, map: map };
  }

  /** Offset of a range boundary point in the raw text of `nodes`. */
  function rawOffset(nodes, container, offset) {
    var point = document.createRange();
    point.setStart(container, offset);
    var total = 0;
    for (var i = 0; i < nodes.length; i++) {
      var t = nodes[i].node;
      if (t === container) return total + offset;
      if (point.comparePoint(t, t.data.length) > 0) break; // this node ends after the point
      total += t.data.length;
    }
    return total;
  }

  /** How often `needle` occurs in `text`, ignoring case as the build's matcher does. */
  function occurrences(text, needle) {
    text = text.toLowerCase();
    needle = needle.toLowerCase();
    var count = 0;
    for (var at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
    return count;
  }

  function isLowSurrogate(ch) {
    return ch >= "\uDC00" && ch <= "\uDFFF";
  }

  function isHighSurrogate(ch) {
    return ch >= "\uD800" && ch <= "\uDBFF";
  }

  /** The n characters (code points, as gloss.text.quoting counts them) before text[end]. */
  function sliceBefore(text, end, n) {
    var start = end;
    for (var k = 0; k < n && start > 0; k++) {
      start--;
      if (start > 0 && isLowSurrogate(text[start]) && isHighSurrogate(text[start - 1])) start--;
    }
    return text.slice(start, end);
  }

  /** The n characters (code points) from text[start]. */
  function sliceAfter(text, start, n) {
    var end = start;
    for (var k = 0; k < n && end < text.length; k++) {
      end++;
      if (end < text.length && isLowSurrogate(text[end]) && isHighSurrogate(text[end - 1])) end++;
    }
    return text.slice(start, end);
  }

  /** The text without the spaces the build's matcher drops. */
  function squeeze(s) {
    return s.replace(/[ \t\n\r\u00a0\u3000]/g, "");
  }

  /** The shortest side(n) (n growing CONTEXT_STEP at a time) that is enough; the most allowed
   * when none is. */
  function grown(side, enough) {
    for (var n = CONTEXT_STEP; n <= CONTEXT_MAX; n += CONTEXT_STEP) {
      var found = side(n);
      if (enough(found) || Array.from(found).length < n) return found; // unique, or the text ends
    }
    return side(CONTEXT_MAX);
  }

  /** For a passage that occurs once and has a lookalike (its first or last third occurs
   * elsewhere too): on the side of a repeated third, the shortest context (OTHER_SIDE
   * characters at least, spaces not counted) that makes that third occur once with it; on the
   * other, the shortest that occurs once itself (as gloss.text.quoting). {} without one. */
  function lookalikeContext(text, start, end) {
    var quote = Array.from(text.slice(start, end).toLowerCase());
    if (quote.length < 2 * LOOKALIKE_PART) return {};
    var part = Math.max(Math.floor(quote.length / 3), LOOKALIKE_PART);
    var squeezed = squeeze(text.toLowerCase());
    var head = squeeze(quote.slice(0, part).join(""));
    var tail = squeeze(quote.slice(quote.length - part).join(""));
    var repeatedHead = occurrences(squeezed, head) > 1;
    var repeatedTail = occurrences(squeezed, tail) > 1;
    if (!repeatedHead && !repeatedTail) return {};
    function longEnough(side) { return Array.from(squeeze(side)).length >= OTHER_SIDE; }
    var found = {};
    var prefix = grown(
      function (n) { return sliceBefore(text, start, n); },
      function (p) {
        return longEnough(p) && occurrences(squeezed, squeeze(p.toLowerCase()) + (repeatedHead ? head : "")) <= 1;
      }
    );
    var suffix = grown(
      function (n) { return sliceAfter(text, end, n); },
      function (s) {
        return longEnough(s) && occurrences(squeezed, (repeatedTail ? tail : "") + squeeze(s.toLowerCase())) <= 1;
      }
    );
    if (prefix) found.prefix = prefix;
    if (suffix) found.suffix = suffix;
    return found;
  }

  /** The prefix and suffix written with text[start:end], as gloss.text.quoting writes them:
   * words that occur once get both sides, each the shortest that occurs once itself
   * (positionContext; longer beside a repeated third of a passage with a lookalike,
   * lookalikeContext); words that occur several times the prefix as long as allowed and the
   * shortest suffix that singles them out (recurringContext). */
  function context(text, start, end) {
    var quote = text.slice(start, end);
    if (occurrences(text, quote) > 1) return recurringContext(text, start, end);
    var other = lookalikeContext(text, start, end);
    var near = positionContext(text, start, end);
    return sides(longer(other.prefix || "", near.prefix), longer(other.suffix || "", near.suffix));
  }

  function sides(prefix, suffix) {
    var found = {};
    if (prefix) found.prefix = prefix;
    if (suffix) found.suffix = suffix;
    return found;
  }

  function longer(a, b) {
    return b.length > a.length ? b : a;
  }

  /** Whether a side of context is OTHER_SIDE characters long at least (spaces not counted)
   * and occurs once in the (squeezed, lowered) text. */
  function alone(squeezed, side) {
    var s = squeeze(side.toLowerCase());
    return Array.from(s).length >= OTHER_SIDE && occurrences(squeezed, s) === 1;
  }

  /** Both sides of a passage whose words occur once, each the shortest that occurs once. */
  function positionContext(text, start, end) {
    var squeezed = squeeze(text.toLowerCase());
    return {
      prefix: grown(function (n) { return sliceBefore(text, start, n); }, function (p) { return alone(squeezed, p); }),
      suffix: grown(function (n) { return sliceAfter(text, end, n); }, function (s) { return alone(squeezed, s); }),
    };
  }

  /** For words occurring several times: the prefix as long as allowed (which says the words
   * recur), the suffix the shortest that occurs once itself and makes them occur once with
   * it; the suffix as long as allowed where the text's start cuts the prefix short (one side
   * only where the text's end cuts that short too). */
  function recurringContext(text, start, end) {
    var quote = text.slice(start, end);
    var prefix = sliceBefore(text, start, CONTEXT_MAX);
    if (Array.from(prefix).length < CONTEXT_MAX) {
      var after = sliceAfter(text, end, CONTEXT_MAX);
      if (Array.from(after).length < CONTEXT_MAX) return prefix ? sides(prefix, "") : sides("", after); // a short text: one side
      return sides(prefix, after);
    }
    var squeezed = squeeze(text.toLowerCase());
    var suffix = grown(
      function (n) { return sliceAfter(text, end, n); },
      function (s) { return alone(squeezed, s) && occurrences(text, quote + s) === 1; }
    );
    return sides(prefix, suffix);
  }

  /** A YAML double-quoted scalar: backslash, double quote and every control, format
   * character and line or paragraph separator escaped (as gloss.text.quoting.yaml_string). */
  function yamlString(s) {
    return '"' + String(s).replace(/[\\"\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, function (ch) {
      if (ch === "\\" || ch === '"') return "\\" + ch;
      var code = ch.codePointAt(0);
      var hex = code.toString(16);
      if (code < 0x100) return "\\x" + ("0" + hex).slice(-2);
      if (code <= 0xffff) return "\\u" + ("000" + hex).slice(-4);
      return "\\U" + ("0000000" + hex).slice(-8);
    }) + '"';
  }

  /** What a range selects: {quote, prefix?, suffix?, original} or null. */
  function selector(range) {
    if (!range || typeof range.cloneRange !== "function") return null;
    var doc = documentOf(range.commonAncestorContainer);
    if (!doc) return null;
    var parts = textNodes(doc.root);
    var collapsed = collapse(parts.raw);
    var text = collapsed.text;
    var start = collapsed.map[rawOffset(parts.nodes, range.startContainer, range.startOffset)];
    var end = collapsed.map[rawOffset(parts.nodes, range.endContainer, range.endOffset)];
    while (start < end && text[start] === " ") start++;
    while (end > start && text[end - 1] === " ") end--;
    if (start >= end) return null;
    var found = context(text, start, end);
    return { quote: text.slice(start, end), prefix: found.prefix, suffix: found.suffix, original: doc.original };
  }

  function snippet(range, kind) {
    var sel = selector(range);
    var what = KINDS[kind || "highlight"];
    if (!sel || !what) return "";
    var fields = what.before.concat(["quote: " + yamlString(sel.quote)]);
    if (sel.prefix) fields.push("prefix: " + yamlString(sel.prefix));
    if (sel.suffix) fields.push("suffix: " + yamlString(sel.suffix));
    if (sel.original) fields.push("doc: original");
    var lines = fields.concat(what.after).map(function (line, i) { return (i ? "    " : "  - ") + line; });
    if (!document.querySelector(what.shown)) lines.unshift(what.key + ":");
    return lines.join("\n") + "\n";
  }

  /** How notes.yaml names a heading: "#id" in the translation, "original#id" in the original. */
  function reference(heading) {
    var id = heading.id;
    var doc = documentOf(heading);
    if (doc && doc.original) return "original#" + (id.indexOf(ORIGINAL_PREFIX) === 0 ? id.slice(ORIGINAL_PREFIX.length) : id);
    return "#" + id;
  }

  /* ---- clipboard ---- */

  function execCopy(text) {
    var selection = document.getSelection();
    var saved = [];
    for (var i = 0; selection && i < selection.rangeCount; i++) saved.push(selection.getRangeAt(i).cloneRange());
    var focused = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    area.className = UI;
    area.style.cssText = "position:fixed;top:0;left:-9999px;opacity:0;";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    if (selection) {
      selection.removeAllRanges();
      saved.forEach(function (r) { selection.addRange(r); });
    }
    if (focused && focused.focus) focused.focus({ preventScroll: true });
    return ok;
  }

  function copyText(text) {
    return new Promise(function (resolve) {
      var fallback = function () { resolve(execCopy(text)); };
      if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
        navigator.clipboard.writeText(text).then(function () { resolve(true); }, fallback);
      } else {
        fallback();
      }
    });
  }

  function flash(button, ok, label) {
    button.textContent = ok ? COPIED : FAILED;
    button.classList.toggle("is-copied", ok);
    clearTimeout(button._glossTimer);
    button._glossTimer = setTimeout(function () {
      button.textContent = label;
      button.classList.remove("is-copied");
    }, 1400);
  }

  /* ---- 1. the selection button ---- */

  var bar = null; // the buttons, placed under the selection
  var current = null; // the range the buttons will copy

  function makeCopy(kind) {
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = kind === "highlight" ? "gloss-annotate-copy" : "gloss-annotate-copy-as";
    copy.dataset.kind = kind;
    copy.textContent = KINDS[kind].label;
    if (kind !== "highlight") copy.title = "Copy as a " + KINDS[kind].key + " entry";
    // Keep the selection when the button is pressed.
    copy.addEventListener("mousedown", function (e) { e.preventDefault(); });
    copy.addEventListener("click", function () {
      var text = current && snippet(current, kind);
      if (!text) return;
      copyText(text).then(function (ok) { flash(copy, ok, KINDS[kind].label); });
    });
    bar.appendChild(copy);
    return copy;
  }

  function makeButton() {
    bar = document.createElement("div");
    bar.className = UI + " gloss-annotate-bar";
    bar.hidden = true;
    makeCopy("highlight");
    makeCopy("key_point");
    makeCopy("takeaway");
    document.body.appendChild(bar);
  }

  function hideButton() {
    if (bar) bar.hidden = true;
    current = null;
  }

  function place(range) {
    var rects = range.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    bar.hidden = false;
    var width = bar.offsetWidth;
    var viewport = document.documentElement.clientWidth;
    var left = Math.min(Math.max(rect.right - width, 4), Math.max(viewport - width - 4, 4));
    bar.style.left = left + window.scrollX + "px";
    bar.style.top = rect.bottom + 6 + window.scrollY + "px";
  }

  function sameRange(a, b) {
    return !!a && a.startContainer === b.startContainer && a.startOffset === b.startOffset &&
      a.endContainer === b.endContainer && a.endOffset === b.endOffset;
  }

  function update() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      if (!bar.contains(document.activeElement)) hideButton();
      return;
    }
    var range = selection.getRangeAt(0);
    if (!selector(range)) return hideButton();
    if (!sameRange(current, range)) {
      Array.prototype.forEach.call(bar.children, function (copy) { // a new selection: offer to copy again
        if (!KINDS[copy.dataset.kind]) return; // (a button notes.js added)
        clearTimeout(copy._glossTimer);
        copy.textContent = KINDS[copy.dataset.kind].label;
        copy.classList.remove("is-copied");
      });
    }
    current = range.cloneRange();
    place(range);
  }

  var pending = 0;
  function scheduleUpdate() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      try {
        update();
      } catch (e) {
        hideButton();
      }
    });
  }

  /* ---- 2. heading references ---- */

  function decorate() {
    var roots = document.querySelectorAll("article.digest-article .body, .original-body");
    Array.prototype.forEach.call(roots, function (root) {
      Array.prototype.forEach.call(root.querySelectorAll(HEADINGS), function (heading) {
        if (!documentOf(heading) || heading.querySelector(":scope > .gloss-annotate-ref")) return;
        var ref = reference(heading);
        var badge = document.createElement("span");
        badge.className = UI + " gloss-annotate-ref";
        var code = document.createElement("code");
        code.textContent = ref;
        code.setAttribute("aria-hidden", "true");
        var copy = document.createElement("button");
        copy.type = "button";
        copy.className = "gloss-annotate-ref-copy";
        copy.textContent = "Copy";
        copy.title = "Copy " + yamlString(ref) + " for notes.yaml";
        copy.setAttribute("aria-label", "Copy reference " + ref);
        copy.addEventListener("click", function (e) {
          e.preventDefault();
          e.stopPropagation();
          copyText(yamlString(ref)).then(function (ok) { flash(copy, ok, "Copy"); });
        });
        badge.appendChild(code);
        badge.appendChild(copy);
        heading.appendChild(badge);
      });
    });
  }

  /* ---- start ---- */

  window.glossAnnotate = {
    snippet: snippet,
    selector: selector, // {quote, prefix?, suffix?, original} of a Range, or null (notes.js writes it)
    reference: reference,
    context: context,
    yamlString: yamlString,
    bar: function () { return bar; }, // the buttons under the selection (notes.js adds its own)
    current: function () { return current; }, // the range they act on
    refresh: function () { decorate(); },
  };

  function start() {
    if (!document.querySelector("article.digest-article")) return; // not an article page
    decorate();
    makeButton();
    document.addEventListener("selectionchange", scheduleUpdate);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && bar && !bar.hidden) hideButton();
    });
    window.addEventListener("resize", function () {
      if (current && bar && !bar.hidden) place(current);
    });
  }

  try {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  } catch (e) {
    if (window.console) console.warn("gloss annotate:", e);
  }
})();
