// An article with its records marked in the text, and the list of those records; each mark
// links to its record and each record back to its mark. Offsets are the records' `span`s,
// which index the article text exactly (docs/records.md).

import { actorLabel, fmt, h, route } from "./dom.js";

const KINDS = ["event", "quote", "amount", "forecast", "flag"];
const LABELS = { event: "Events", quote: "Quotes", amount: "Amounts", forecast: "Forecasts", flag: "Flags" };

function wordSpans(sentence, start, phrase) {
  // Where the words of `phrase` occur in `sentence` (a trigger may be split: "carried ... attacks").
  const spans = [];
  if (!phrase) return spans;
  const lower = sentence.toLowerCase();
  let from = 0;
  for (const word of phrase.toLowerCase().split(/\s+/).filter(Boolean)) {
    const at = lower.indexOf(word, from);
    if (at < 0) continue;
    spans.push([start + at, start + at + word.length]);
    from = at + word.length;
  }
  return spans;
}

export function phraseSpan(sentence, phrase) {
  if (!phrase || !sentence) return null;
  const at = sentence.indexOf(phrase);
  if (at >= 0) return [at, at + phrase.length];
  const lower = sentence.toLowerCase().indexOf(phrase.toLowerCase());
  return lower >= 0 ? [lower, lower + phrase.length] : null;
}

function marksOf(records, length) {
  const marks = [];
  const ok = (s, e) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e <= length && s < e;
  for (const r of records) {
    if (!KINDS.includes(r.kind) || !Array.isArray(r.span)) continue;
    const [s, e] = r.span;
    if (!ok(s, e)) continue;
    if (r.kind === "event") {
      const words = wordSpans(r.sentence || "", s, r.trigger);
      for (const [ws, we] of words.length ? words : [[s, e]]) {
        if (ok(ws, we)) marks.push({ start: ws, end: we, kind: "event", id: r.id });
      }
    } else {
      marks.push({ start: s, end: e, kind: r.kind, id: r.id });
    }
  }
  return marks;
}

function jump(targetId) {
  return (event) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();  // keep the route in the address bar
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  };
}

// The text as nodes: plain text, with each marked stretch a link to the record.
export function markedText(text, records) {
  const marks = marksOf(records, text.length);
  const cuts = new Set([0, text.length]);
  marks.forEach((m) => { cuts.add(m.start); cuts.add(m.end); });
  const points = [...cuts].sort((a, b) => a - b);
  const seen = new Set();
  const nodes = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = marks.filter((m) => m.start <= a && m.end >= b);
    if (!covering.length) {
      nodes.push(piece);
      continue;
    }
    // Link to the narrowest record covering this stretch: the most specific one.
    covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const main = covering[0];
    const kinds = [...new Set(covering.map((m) => m.kind))];
    const attrs = {
      class: "hl " + kinds.map((k) => "k-" + k).join(" "),
      href: "#rec-" + main.id,
      title: kinds.join(", "),
      onclick: jump("rec-" + main.id),
    };
    if (!seen.has(main.id)) {
      attrs.id = "m-" + main.id;
      seen.add(main.id);
    }
    nodes.push(h("a", attrs, piece));
  }
  return h("div", { class: "article-text", lang: "en" }, nodes);
}

function backLink(r) {
  return h("a", { href: "#m-" + r.id, class: "back", onclick: jump("m-" + r.id) }, "show in text");
}

function details(r, stored) {
  switch (r.kind) {
    case "event":
      return [
        h("strong", { class: "badge t-" + (r.type || "").toLowerCase() }, r.type),
        " ", actorLabel(r.source), " → ", actorLabel(r.target),
        h("div", { class: "meta" },
          `trigger “${r.trigger || ""}” · ${r.date || "undated"} · ${r.factuality || ""} · `,
          `intensity ${fmt(r.intensity, 1, true)}`,
          (r.context || []).length ? ` · ${r.context.join(", ")}` : ""),
        stored ? h("a", { href: route("event", { id: r.id }) }, "provenance") : null,
      ];
    case "quote":
      return [h("strong", {}, actorLabel(r.speaker)), ` ${r.cue || "says"}: `,
        h("q", {}, r.text), r.direct ? "" : h("span", { class: "meta" }, " (paraphrase)")];
    case "amount":
      return [h("strong", {}, r.text), ` = ${Number(r.value).toLocaleString("en")} ${r.unit || ""}`,
        r.about ? h("span", { class: "meta" }, ` · ${r.about}`) : null,
        (r.actors || []).length ? h("span", { class: "meta" }, ` · ${r.actors.join(", ")}`) : null];
    case "forecast":
      return [h("strong", {}, actorLabel(r.holder)), ": ", r.claim || r.sentence,
        h("div", { class: "meta" }, `window ${r.from || "?"} .. ${r.by || "?"}`)];
    case "flag":
      return [h("strong", {}, r.flag), " “", r.text, "”", h("div", { class: "meta" }, r.message)];
    default:
      return [];
  }
}

// The records as lists, one per kind, each item the target of its marks.
export function recordLists(records, stored = false) {
  const sections = [];
  for (const kind of KINDS) {
    const items = records.filter((r) => r.kind === kind);
    if (!items.length) continue;
    sections.push(h("section", { class: "records", "aria-label": LABELS[kind] },
      h("h3", {}, `${LABELS[kind]} (${items.length})`),
      h("ol", {}, items.map((r) => h("li", { id: "rec-" + r.id, tabindex: "-1", class: "k-" + kind },
        details(r, stored), " ", backLink(r))))));
  }
  return sections.length ? sections : [h("p", { class: "message" }, "No events, quotes, amounts, forecasts or flags found.")];
}

export function legend() {
  return h("p", { class: "legend" }, "Marked: ",
    KINDS.map((k) => [h("span", { class: "hl k-" + k }, k), " "]));
}
