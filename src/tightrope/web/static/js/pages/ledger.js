import { get } from "../api.js";
import { fmt, h, message, route, table } from "../dom.js";

export const title = "Forecast ledger";

const STATUSES = ["met", "not met", "pending", "expired-unresolved"];

function statusBadge(status) {
  return h("span", { class: "status s-" + String(status).replace(/\s+/g, "-") }, status);
}

async function showEvidence(forecast, target, button) {
  button.disabled = true;
  try {
    const data = await get(`ledger/${encodeURIComponent(forecast.id)}`);
    target.replaceChildren(data.evidence.length ? h("ul", { class: "evidence" }, data.evidence.map((e) => h("li", {},
      h("span", { class: "role r-" + e.role }, e.role === "for" ? "supports" : "opposes"), " ",
      `${e.day} · ${e.type} ${e.src || "?"}→${e.tgt || "?"} · ${e.n_outlets} outlet(s): `, h("span", { class: "sentence" }, e.sentence || ""))))
      : message("No story events in the window bear on this forecast."));
    button.setAttribute("aria-expanded", "true");
  } catch (error) {
    target.replaceChildren(message(error.message, "error"));
  } finally {
    button.disabled = false;
  }
}

function card(f) {
  const target = h("div", { class: "evidence-box", id: `ev-${f.id}` });
  const button = h("button", { type: "button", "aria-controls": `ev-${f.id}`, "aria-expanded": "false" },
    `Evidence (${f.evidence_for} for, ${f.evidence_against} against)`);
  button.addEventListener("click", () => showEvidence(f, target, button));
  return h("article", { class: "forecast" },
    h("h2", {}, f.claim || "(no claim)", " ", statusBadge(f.status)),
    h("p", { class: "meta" }, `${f.holder || "unattributed"}${f.holder_country ? " (" + f.holder_country + ")" : ""} · window ${f.from || "?"} .. ${f.by || "?"} · decided ${f.decided_by}`,
      f.basis ? ` · ${f.basis}` : ""),
    h("blockquote", {}, f.sentence || ""),
    f.note ? h("p", {}, "Note: ", f.note) : null,
    h("p", {}, h("a", { href: route("doc", { id: f.doc_id }) }, "source document"), " "), button, target);
}

export async function render(params) {
  const status = STATUSES.includes(params.get("status")) ? params.get("status") : "";
  const data = await get("ledger", { status });
  const form = h("form", { class: "filters", "aria-label": "Filter forecasts" },
    h("div", { class: "field" }, h("label", { for: "status" }, "Status"),
      h("select", { id: "status", name: "status" }, h("option", { value: "" }, "any"),
        STATUSES.map((s) => h("option", { value: s, selected: s === status }, s)))),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.hash = route("ledger", Object.fromEntries(new FormData(form).entries()));
  });
  const holders = data.holders || [];
  return h("div", {}, h("h1", {}, "Forecast ledger"),
    h("p", { class: "lead" }, "Every forecast with its holder, window and status, proposed from later story events (or decided by hand)."),
    form,
    holders.length ? h("section", { "aria-labelledby": "holders-h" }, h("h2", { id: "holders-h" }, "Track record"),
      table(["holder", "forecasts", "met", "not met", "pending", "expired", "hit rate"], holders.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.holder), h("td", { class: "num" }, r.forecasts), h("td", { class: "num" }, r.met),
        h("td", { class: "num" }, r.not_met), h("td", { class: "num" }, r.pending), h("td", { class: "num" }, r.expired_unresolved),
        h("td", { class: "num" }, r.hit_rate === null ? "–" : fmt(r.hit_rate * 100, 0) + "%"))))) : null,
    h("section", { "aria-label": "Forecasts" }, (data.items || []).length ? data.items.map(card) : message("No forecasts.")));
}
