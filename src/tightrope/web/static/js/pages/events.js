import { get } from "../api.js";
import { actorLabel, h, message, route } from "../dom.js";

export const title = "Events";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const CHANNELS = ["trade", "tariffs", "minerals", "crypto", "counterterrorism", "investment", "energy",
  "military", "diplomacy", "finance", "technology", "nuclear", "water", "territory", "humanitarian",
  "human_rights", "migration"];

function field(id, label, control) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

function filterForm(params) {
  const text = (id, attrs) => h("input", { id, name: id, value: params.get(id) || "", ...attrs });
  const code = { maxlength: 3, size: 4, pattern: "[A-Za-z]{3}", title: "ISO 3166-1 alpha-3 code" };
  const date = { pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", placeholder: "YYYY-MM-DD", size: 10 };
  const form = h("form", { class: "filters", "aria-label": "Filter events" },
    field("a", "Actor A", text("a", code)), field("b", "Actor B", text("b", code)),
    field("type", "Type", h("select", { id: "type", name: "type" }, h("option", { value: "" }, "any"),
      TYPES.map((t) => h("option", { value: t, selected: params.get("type") === t }, t)))),
    field("since", "Since", text("since", date)), field("until", "Until", text("until", date)),
    field("channel", "Channel", h("select", { id: "channel", name: "channel" }, h("option", { value: "" }, "any"),
      CHANNELS.map((c) => h("option", { value: c, selected: params.get("channel") === c }, c)))),
    field("outlet", "Outlet", text("outlet", { size: 18 })),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
    window.location.hash = route("events", values);
  });
  return form;
}

function query(params, cursor) {
  const a = (params.get("a") || "").toUpperCase();
  const b = (params.get("b") || "").toUpperCase();
  const q = { limit: 50, desc: "true", cursor };
  if (a && b) q.dyad = `${a},${b}`;
  else if (a || b) q.country = a || b;
  for (const name of ["type", "since", "until", "channel", "outlet"]) q[name] = params.get(name);
  return q;
}

function row(e, doc) {
  const when = e.date || (doc && doc.published ? `${doc.published} (reported)` : "undated");
  return h("tr", {},
    h("td", {}, h("a", { href: route("event", { id: e.id }), "aria-label": `Provenance of event ${e.id}, ${when}` }, when)),
    h("td", {}, h("span", { class: "badge t-" + e.type.toLowerCase() }, e.type)),
    h("td", {}, actorLabel(e.source), " → ", actorLabel(e.target)),
    h("td", {}, (e.context || []).join(", ")),
    h("td", {}, e.factuality || ""),
    h("td", {}, (doc && doc.outlet) || ""),
    h("td", { class: "sentence" }, e.sentence || ""));
}

export async function render(params) {
  const body = h("tbody", {});
  const status = h("p", { class: "meta", role: "status" });
  const more = h("button", { type: "button", class: "more", hidden: true }, "Load more");
  let next = null;
  let shown = 0;
  async function load(cursor) {
    const page = await get("events", query(params, cursor));
    page.items.forEach((e) => body.appendChild(row(e, (page.documents || {})[e.doc_id])));
    shown += page.items.length;
    next = page.next;
    more.hidden = !next;
    status.textContent = shown ? `${shown} events shown${next ? " (more available)" : ""}. Open a row's date for its provenance.` : "No events match.";
  }
  more.addEventListener("click", async () => {
    more.disabled = true;
    try { await load(next); } catch (error) { status.textContent = error.message; } finally { more.disabled = false; }
  });
  const content = h("div", {}, h("h1", {}, "Events"), filterForm(params), status,
    h("div", { class: "table-wrap" }, h("table", { class: "events" },
      h("thead", {}, h("tr", {}, ["date", "type", "source → target", "channels", "factuality", "outlet", "sentence"].map((c) => h("th", { scope: "col" }, c)))),
      body)), more);
  try {
    await load(null);
  } catch (error) {
    content.insertBefore(message(error.message, "error"), status);
  }
  return content;
}

