import { get } from "../api.js";
import { actorLabel, fmt, h, message, route, safeUrl } from "../dom.js";
import { phraseSpan } from "../highlight.js";

export const title = "Event provenance";

// The sentence with the trigger words, the source and the target marked.
function markedSentence(e) {
  const sentence = e.sentence || "";
  const marks = [];
  const lower = sentence.toLowerCase();
  let from = 0;
  for (const word of (e.trigger || "").split(/\s+/).filter(Boolean)) {
    const at = lower.indexOf(word.toLowerCase(), from);
    if (at >= 0) { marks.push([at, at + word.length, "trigger"]); from = at + word.length; }
  }
  for (const [role, actor] of [["source", e.source], ["target", e.target]]) {
    const span = actor && phraseSpan(sentence, actor.text);
    if (span && !marks.some(([s, t]) => s < span[1] && span[0] < t)) marks.push([span[0], span[1], role]);
  }
  marks.sort((x, y) => x[0] - y[0]);
  const nodes = [];
  let at = 0;
  for (const [s, t, role] of marks) {
    if (s < at) continue;
    nodes.push(sentence.slice(at, s));
    nodes.push(h("mark", { class: "role-" + role, title: role }, sentence.slice(s, t)));
    at = t;
  }
  nodes.push(sentence.slice(at));
  return h("blockquote", { class: "provenance" }, nodes);
}

function outletLinks(m) {
  const url = safeUrl(m.url);
  return [h("a", { href: route("doc", { id: m.doc_id }) }, m.title || m.doc_id),
    url ? [" ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original ↗")] : null];
}

export async function render(params) {
  const id = params.get("id");
  if (!id) return h("div", {}, h("h1", {}, "Event provenance"), message("No event chosen.", "error"));
  const data = await get(`events/${encodeURIComponent(id)}`);
  const e = data.event;
  const story = data.story;
  return h("div", {},
    h("h1", {}, "Event provenance"),
    h("p", { class: "lead" }, h("strong", { class: "badge t-" + e.type.toLowerCase() }, e.type), " ",
      actorLabel(e.source), " → ", actorLabel(e.target)),
    markedSentence(e),
    h("p", { class: "legend" }, "Marked: ", h("mark", { class: "role-trigger" }, "trigger"), " ",
      h("mark", { class: "role-source" }, "source"), " ", h("mark", { class: "role-target" }, "target")),
    h("dl", { class: "facts" },
      h("dt", {}, "Date"), h("dd", {}, e.date || "undated"),
      h("dt", {}, "Factuality"), h("dd", {}, e.factuality || "–"),
      h("dt", {}, "Channels"), h("dd", {}, (e.context || []).join(", ") || "–"),
      h("dt", {}, "Intensity"), h("dd", {}, fmt(e.intensity, 1, true)),
      h("dt", {}, "Confidence"), h("dd", {}, fmt(e.confidence, 2)),
      h("dt", {}, "Document"), h("dd", {}, outletLinks({ ...data.document }),
        ` · ${data.document.outlet || "unknown outlet"} · ${data.document.published || "undated"}`)),
    h("section", { "aria-labelledby": "story-h" },
      h("h2", { id: "story-h" }, story
        ? `Story event: reported by ${story.n_outlets} outlet${story.n_outlets === 1 ? "" : "s"} (${story.n_mentions} mention${story.n_mentions === 1 ? "" : "s"})`
        : "Story event"),
      data.mentions.length ? h("ul", { class: "mentions" }, data.mentions.map((m) => h("li", {},
        h("strong", {}, m.outlet || "unknown outlet"), ` · ${m.published || "undated"} · `, outletLinks(m),
        h("div", { class: "sentence" }, m.sentence || "")))) : message("This mention is not part of a story event.")));
}
