import { get } from "../api.js";
import { dyadChart, network } from "../charts.js";
import { fmt, h, message, route, table } from "../dom.js";

export const title = "Relations";

function legend() {
  return h("p", { class: "legend" }, "Line colour = net cooperation (",
    h("span", { class: "key conflict" }, "conflict"), ", ", h("span", { class: "key neutral" }, "mixed"), ", ",
    h("span", { class: "key coop" }, "cooperation"), "); line width = number of story events. Choose a line or a row for its time series.");
}

async function series(a, b, period) {
  const section = h("section", { "aria-labelledby": "series-h", id: "series" },
    h("h2", { id: "series-h" }, `${a}–${b} by ${period}`),
    h("p", { class: "meta" }, "By: ", ["week", "month", "quarter", "year"].map((p, i) => [i ? " · " : "",
      p === period ? h("strong", {}, p) : h("a", { href: route("relations", { a, b, period: p }) }, p)])));
  try {
    const data = await get("dyad", { a, b, period });
    const events = data.series.reduce((n, r) => n + r.events, 0);
    section.appendChild(h("p", {}, `${events} story events. Bars above the line: cooperative; below: conflictual.`));
    section.appendChild(h("figure", {}, dyadChart(data)));
    section.appendChild(table(["period", "events", `${a}→${b}`, `${b}→${a}`, "net mean", "channels"],
      data.series.filter((r) => r.events).map((r) => h("tr", {}, h("td", {}, r.period), h("td", { class: "num" }, r.events),
        h("td", { class: "num" }, r.a_to_b), h("td", { class: "num" }, r.b_to_a),
        h("td", { class: "num" }, fmt(r.net_mean, 1, true)), h("td", {}, r.channels || "")))));
    section.appendChild(h("p", {}, h("a", { href: route("events", { a, b }) }, `All ${a}–${b} events`)));
  } catch (error) {
    section.appendChild(message(error.message, "error"));
  }
  return section;
}

export async function render(params) {
  const top = await get("dyads/top", { limit: 30 });
  const dyads = top.items || [];
  const a = (params.get("a") || "").toUpperCase();
  const b = (params.get("b") || "").toUpperCase();
  const period = ["week", "month", "quarter", "year"].includes(params.get("period")) ? params.get("period") : "month";
  const selected = a && b ? { a: a < b ? a : b, b: a < b ? b : a } : null;
  const list = table(["dyad", "story events", "net mean"], dyads.map((d) => h("tr", {},
    h("th", { scope: "row" }, h("a", { href: route("relations", { a: d.a, b: d.b }) }, `${d.a}–${d.b}`)),
    h("td", { class: "num" }, d.events),
    h("td", { class: "num" }, h("span", { class: "dot", "aria-hidden": "true", dataset: { net: String(Math.sign(d.net_mean || 0)) } }), " ", fmt(d.net_mean, 1, true)))));
  return h("div", {}, h("h1", {}, "Relations"),
    dyads.length ? [legend(), h("div", { class: "columns wide-left" },
      h("figure", { class: "network" }, network(dyads, selected)), h("div", {}, list))] : message("No relations yet."),
    selected ? await series(a, b, period) : null);
}
