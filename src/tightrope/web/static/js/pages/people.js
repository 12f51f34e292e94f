import { get } from "../api.js";
import { h, message, route } from "../dom.js";

export const title = "People";

function speakerKey(q) {
  const s = q.speaker || {};
  return s.name || s.text || "(unattributed)";
}

function docLabel(doc, id) {
  if (!doc) return id;
  return [doc.outlet, doc.published].filter(Boolean).join(", ") || doc.title || id;
}

export async function render(params) {
  const filters = { country: params.get("country"), contains: params.get("contains") };
  const container = h("div", { class: "speakers" });
  const status = h("p", { class: "meta", role: "status" });
  const more = h("button", { type: "button", class: "more", hidden: true }, "Load more quotes");
  const quotes = [];
  const docs = {};
  let next = null;
  function draw() {
    const groups = new Map();
    for (const q of quotes) {
      const key = speakerKey(q);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(q);
    }
    const ordered = [...groups.entries()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
    container.replaceChildren(...ordered.map(([name, items], i) => {
      const s = items[0].speaker || {};
      const about = [s.country, s.role].filter(Boolean).join(" · ");
      return h("section", { class: "speaker", "aria-labelledby": `sp-${i}` },
        h("h2", { id: `sp-${i}` }, name, " ", h("span", { class: "meta" }, `${about ? about + " · " : ""}${items.length} quote${items.length === 1 ? "" : "s"}`)),
        h("ul", {}, items.map((q) => h("li", {},
          q.direct ? h("q", {}, q.text) : h("span", {}, q.text, h("span", { class: "meta" }, " (paraphrase)")),
          " ", h("span", { class: "meta" }, `— ${q.cue || "said"}, `), h("a", { href: route("doc", { id: q.doc_id }) }, docLabel(docs[q.doc_id], q.doc_id))))));
    }));
    status.textContent = quotes.length ? `${quotes.length} quotes from ${groups.size} speakers${next ? " (more available)" : ""}.` : "No quotes match.";
  }
  async function load(cursor) {
    const page = await get("quotes", { ...filters, limit: 200, desc: "true", cursor });
    quotes.push(...page.items);
    Object.assign(docs, page.documents || {});
    next = page.next;
    more.hidden = !next;
    draw();
  }
  more.addEventListener("click", async () => { more.disabled = true; try { await load(next); } finally { more.disabled = false; } });
  const form = h("form", { class: "filters", "aria-label": "Filter quotes" },
    h("div", { class: "field" }, h("label", { for: "country" }, "Speaker's country"),
      h("input", { id: "country", name: "country", value: filters.country || "", maxlength: 3, size: 4, pattern: "[A-Za-z]{3}" })),
    h("div", { class: "field" }, h("label", { for: "contains" }, "Quote contains"),
      h("input", { id: "contains", name: "contains", value: filters.contains || "" })),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.hash = route("people", Object.fromEntries(new FormData(form).entries()));
  });
  const content = h("div", {}, h("h1", {}, "People"), h("p", { class: "lead" }, "Quotes grouped by speaker, newest first."),
    form, status, container, more);
  try { await load(null); } catch (error) { content.insertBefore(message(error.message, "error"), status); }
  return content;
}
