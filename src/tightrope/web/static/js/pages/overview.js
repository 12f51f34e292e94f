import { get } from "../api.js";
import { balanceChart, balanceTable } from "../charts.js";
import { fmt, h, message, route, table } from "../dom.js";

export const title = "Overview";

const PERIODS = ["week", "month", "quarter", "year"];

function codeInput(id, label, value) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, name: id, value: value || "", required: true, maxlength: 3, size: 4,
      pattern: "[A-Za-z]{3}", autocapitalize: "characters", title: "ISO 3166-1 alpha-3 code, e.g. PAK" }));
}

async function balanceSection(params, triangle) {
  const pivot = (params.get("pivot") || (triangle && triangle.pivot) || "").toUpperCase();
  const a = (params.get("a") || (triangle && triangle.a) || "").toUpperCase();
  const b = (params.get("b") || (triangle && triangle.b) || "").toUpperCase();
  const period = PERIODS.includes(params.get("period")) ? params.get("period") : "month";
  const form = h("form", { class: "filters", "aria-label": "Balance settings" },
    codeInput("pivot", "Pivot", pivot), codeInput("a", "Pole A (+1)", a), codeInput("b", "Pole B (−1)", b),
    h("div", { class: "field" }, h("label", { for: "period" }, "Period"),
      h("select", { id: "period", name: "period" },
        PERIODS.map((p) => h("option", { value: p, selected: p === period }, p)))),
    h("button", { type: "submit" }, "Show balance"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    window.location.hash = route("overview", Object.fromEntries(data.entries()));
  });
  const section = h("section", { "aria-labelledby": "balance-h" },
    h("h2", { id: "balance-h" }, "Balance"), form);
  if (!(pivot && a && b)) {
    section.appendChild(message("Choose a pivot state and two poles."));
    return section;
  }
  try {
    const data = await get("balance", { pivot, a, b, period });
    const total = data.total || {};
    section.appendChild(h("p", {}, `${data.pivot} between ${data.a} (+1) and ${data.b} (−1), by ${data.period}. Whole range: `,
      h("strong", {}, total.status === "ok" ? fmt(total.balance, 2, true) : "too little evidence"),
      ` from ${total.events ?? 0} story events. Periods marked ? have too little evidence to say.`));
    section.appendChild(h("figure", {}, balanceChart(data),
      h("figcaption", {}, "Line: balance per period; shaded: 95% band; ? = fewer than 3 story events.")));
    section.appendChild(balanceTable(data));
  } catch (error) {
    section.appendChild(message(error.message, "error"));
  }
  return section;
}

function dyadsSection(items) {
  const rows = items.map((d) => h("tr", {},
    h("th", { scope: "row" }, h("a", { href: route("relations", { a: d.a, b: d.b }) }, `${d.a}–${d.b}`)),
    h("td", { class: "num" }, d.events), h("td", { class: "num" }, d.cooperative),
    h("td", { class: "num" }, d.conflictual), h("td", { class: "num" }, fmt(d.net_mean, 1, true)),
    h("td", {}, d.channels || "")));
  return h("section", { "aria-labelledby": "dyads-h" }, h("h2", { id: "dyads-h" }, "Strongest dyads"),
    items.length ? table(["dyad", "story events", "cooperative", "conflictual", "net mean", "channels"], rows)
      : message("No dyads yet."));
}

function storiesSection(items) {
  return h("section", { "aria-labelledby": "stories-h" }, h("h2", { id: "stories-h" }, "Recent story events"),
    items.length ? h("ol", { class: "stories" }, items.map((s) => h("li", {},
      h("span", { class: "when" }, s.day), " ",
      h("strong", { class: "badge t-" + String(s.type).toLowerCase() }, s.type), " ",
      `${s.source_country || "?"} → ${s.target_country || "?"}`, " · ",
      h("span", { class: "meta" }, `${s.n_outlets} outlet${s.n_outlets === 1 ? "" : "s"}`), " ",
      h("a", { href: route("event", { id: (s.mentions || [])[0] }) }, s.sentence || "(no sentence)"))))
      : message("No story events yet."));
}

export async function render(params) {
  const summary = await get("summary");
  const c = summary.counts || {};
  const [dyads, stories, balance] = await Promise.all([
    get("dyads/top", { limit: 10 }), get("stories", { limit: 12 }), balanceSection(params, summary.triangle)]);
  return h("div", {},
    h("h1", {}, "Overview"),
    h("p", { class: "lead" }, `${c.document ?? 0} documents (${summary.first || "?"} to ${summary.last || "?"}), `
      + `${c.event ?? 0} events, ${c.quote ?? 0} quotes, ${c.amount ?? 0} amounts, ${c.forecast ?? 0} forecasts, ${c.flag ?? 0} flags.`),
    balance,
    h("div", { class: "columns" }, dyadsSection(dyads.items || []), storiesSection(stories.items || [])));
}
