// Charts drawn as SVG by hand: the balance over time with its band, a dyad's cooperation
// and conflict per period, and the network of relations. Each comes with a data table for
// readers who do not use the picture.

import { fmt, h, route, svg } from "./dom.js";

const COOP = [31, 95, 191];      // blue: cooperation
const CONFLICT = [196, 70, 27];  // vermilion: conflict (distinguishable with colour-blindness)
const NEUTRAL = [120, 120, 120];

function mix(a, b, t) {
  return a.map((x, i) => Math.round(x + (b[i] - x) * t));
}

// Colour for a net cooperation value on the -10..+10 scale.
export function netColour(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "rgb(120,120,120)";
  const t = Math.min(1, Math.abs(value) / 5);
  const [r, g, b] = mix(NEUTRAL, value >= 0 ? COOP : CONFLICT, t);
  return `rgb(${r},${g},${b})`;
}

function frame(width, height, label) {
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": label });
}

function xTicks(chart, periods, x, y0, every) {
  periods.forEach((p, i) => {
    if (i % every !== 0 && i !== periods.length - 1) return;
    chart.appendChild(svg("text", { x: x(i), y: y0 + 20, "text-anchor": "middle", class: "tick" }, p));
  });
}

export function balanceChart(data) {
  const rows = data.series || [];
  const W = 720, H = 310, L = 64, R = 36, T = 28, B = 48;
  const chart = frame(W, H, `Balance of ${data.pivot} between ${data.a} (+1) and ${data.b} (−1) by ${data.period}`);
  const n = Math.max(rows.length, 1);
  const x = (i) => L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const y = (v) => T + ((1 - v) / 2) * (H - T - B);
  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    chart.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 ? "axis" : "grid" }));
    chart.appendChild(svg("text", { x: L - 8, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v, 1, true)));
  }
  chart.appendChild(svg("text", { x: L, y: T - 12, class: "pole pole-a" }, `▲ +1: toward ${data.a}`));
  chart.appendChild(svg("text", { x: W - R, y: T - 12, "text-anchor": "end", class: "pole pole-b" }, `▼ −1: toward ${data.b}`));
  // The band, one polygon per run of periods with enough evidence.
  let run = [];
  const flush = () => {
    if (run.length) {
      const top = run.map((i) => `${x(i)},${y(rows[i].high)}`);
      const bottom = run.slice().reverse().map((i) => `${x(i)},${y(rows[i].low)}`);
      chart.appendChild(svg("polygon", { points: [...top, ...bottom].join(" "), class: "band" }));
      if (run.length > 1) {
        chart.appendChild(svg("polyline", { points: run.map((i) => `${x(i)},${y(rows[i].balance)}`).join(" "), class: "line" }));
      }
    }
    run = [];
  };
  rows.forEach((r, i) => (r.status === "ok" && r.balance !== null ? run.push(i) : flush()));
  flush();
  rows.forEach((r, i) => {
    if (r.status === "ok" && r.balance !== null) {
      chart.appendChild(svg("circle", { cx: x(i), cy: y(r.balance), r: 4, class: "point" },
        svg("title", {}, `${r.period}: ${fmt(r.balance, 2, true)} (${fmt(r.low, 2, true)} .. ${fmt(r.high, 2, true)}), ${r.events} events`)));
    } else {
      chart.appendChild(svg("text", { x: x(i), y: y(0) + 4, "text-anchor": "middle", class: "insufficient" }, "?",
        svg("title", {}, `${r.period}: too little evidence (${r.events} events)`)));
    }
  });
  xTicks(chart, rows.map((r) => r.period), x, H - B, Math.ceil(n / 8));
  return chart;
}

export function balanceTable(data) {
  return h("details", { class: "data" }, h("summary", {}, "Data table"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["period", "balance", "95% band", "events", `with ${data.a}`, `with ${data.b}`, `${data.a} courts`, `${data.b} courts`].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, (data.series || []).map((r) => h("tr", {},
        h("td", {}, r.period),
        h("td", {}, r.status === "ok" ? fmt(r.balance, 2, true) : "too little evidence"),
        h("td", {}, r.status === "ok" ? `${fmt(r.low, 2, true)} .. ${fmt(r.high, 2, true)}` : "–"),
        h("td", {}, r.events), h("td", {}, `${r.events_a}: ${fmt(r.coop_a, 1, true)}`),
        h("td", {}, `${r.events_b}: ${fmt(r.coop_b, 1, true)}`),
        h("td", {}, `${r.courting_a_events}: ${fmt(r.courting_a, 1, true)}`),
        h("td", {}, `${r.courting_b_events}: ${fmt(r.courting_b, 1, true)}`)))))));
}

export function dyadChart(data) {
  const rows = data.series || [];
  const W = 720, H = 240, L = 92, R = 36, T = 16, B = 34;
  const chart = frame(W, H, `Cooperation and conflict between ${data.a} and ${data.b} by ${data.period}`);
  const coop = rows.map((r) => (r.verbal_cooperation || 0) + (r.material_cooperation || 0));
  const conflict = rows.map((r) => (r.verbal_conflict || 0) + (r.material_conflict || 0));
  const top = Math.max(1, ...coop, ...conflict);
  const n = Math.max(rows.length, 1);
  const slot = (W - L - R) / n;
  const mid = T + (H - T - B) / 2;
  const scale = (H - T - B) / 2 / top;
  chart.appendChild(svg("line", { x1: L, x2: W - R, y1: mid, y2: mid, class: "axis" }));
  chart.appendChild(svg("text", { x: L - 6, y: T + 10, "text-anchor": "end", class: "tick" }, `${top} coop.`));
  chart.appendChild(svg("text", { x: L - 6, y: H - B, "text-anchor": "end", class: "tick" }, `${top} conflict`));
  rows.forEach((r, i) => {
    const x0 = L + i * slot + slot * 0.15;
    const w = slot * 0.7;
    if (coop[i]) chart.appendChild(svg("rect", { x: x0, y: mid - coop[i] * scale, width: w, height: coop[i] * scale, class: "bar coop" },
      svg("title", {}, `${r.period}: ${coop[i]} cooperative`)));
    if (conflict[i]) chart.appendChild(svg("rect", { x: x0, y: mid, width: w, height: conflict[i] * scale, class: "bar conflict" },
      svg("title", {}, `${r.period}: ${conflict[i]} conflictual`)));
  });
  xTicks(chart, rows.map((r) => r.period), (i) => L + i * slot + slot / 2, H - B, Math.ceil(n / 8));
  return chart;
}

// A small deterministic force layout: nodes start on a circle, edges pull, nodes push.
function layout(nodes, edges, W, H) {
  const pos = new Map();
  nodes.forEach((id, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    pos.set(id, { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a) });
  });
  const k = Math.sqrt((W * H) / Math.max(nodes.length, 1)) * 0.6;
  for (let step = 0; step < 200; step++) {
    const move = new Map(nodes.map((id) => [id, { x: 0, y: 0 }]));
    for (const a of nodes) for (const b of nodes) {
      if (a >= b) continue;
      const pa = pos.get(a), pb = pos.get(b);
      const dx = pa.x - pb.x, dy = pa.y - pb.y, d = Math.max(1, Math.hypot(dx, dy));
      const f = (k * k) / d;
      move.get(a).x += (dx / d) * f; move.get(a).y += (dy / d) * f;
      move.get(b).x -= (dx / d) * f; move.get(b).y -= (dy / d) * f;
    }
    for (const e of edges) {
      const pa = pos.get(e.a), pb = pos.get(e.b);
      const dx = pa.x - pb.x, dy = pa.y - pb.y, d = Math.max(1, Math.hypot(dx, dy));
      const f = (d * d) / k;
      move.get(e.a).x -= (dx / d) * f; move.get(e.a).y -= (dy / d) * f;
      move.get(e.b).x += (dx / d) * f; move.get(e.b).y += (dy / d) * f;
    }
    for (const id of nodes) {          // gravity: keeps separate groups on the canvas
      const p = pos.get(id);
      move.get(id).x += (W / 2 - p.x) * 0.05 * k / 50;
      move.get(id).y += (H / 2 - p.y) * 0.05 * k / 50;
    }
    const limit = 30 * (1 - step / 200) + 1;
    for (const id of nodes) {
      const m = move.get(id), p = pos.get(id), d = Math.max(1, Math.hypot(m.x, m.y));
      p.x = Math.min(W - 40, Math.max(40, p.x + (m.x / d) * Math.min(d, limit)));
      p.y = Math.min(H - 30, Math.max(30, p.y + (m.y / d) * Math.min(d, limit)));
    }
  }
  return pos;
}

export function network(dyads, selected) {
  const W = 720, H = 460;
  const chart = frame(W, H, "Network of relations: line colour is net cooperation, width is the number of events");
  const nodes = [...new Set(dyads.flatMap((d) => [d.a, d.b]))].sort();
  const pos = layout(nodes, dyads, W, H);
  const most = Math.max(1, ...dyads.map((d) => d.events));
  for (const d of dyads) {
    const pa = pos.get(d.a), pb = pos.get(d.b);
    const active = selected && selected.a === d.a && selected.b === d.b;
    chart.appendChild(svg("a", { href: route("relations", { a: d.a, b: d.b }), class: "edge" + (active ? " active" : "") },
      svg("title", {}, `${d.a}–${d.b}: ${d.events} events, net ${fmt(d.net_mean, 1, true)} (open the time series)`),
      svg("line", { x1: pa.x, y1: pa.y, x2: pb.x, y2: pb.y, class: "hit" }),
      svg("line", { x1: pa.x, y1: pa.y, x2: pb.x, y2: pb.y, stroke: netColour(d.net_mean), "stroke-width": 1.5 + (8 * d.events) / most })));
  }
  for (const id of nodes) {
    const p = pos.get(id);
    chart.appendChild(svg("g", { class: "node" },
      svg("circle", { cx: p.x, cy: p.y, r: 18 }),
      svg("text", { x: p.x, y: p.y + 4, "text-anchor": "middle" }, id)));
  }
  return chart;
}

export function netLegend() {
  return h("p", { class: "legend" }, "Line colour: ",
    h("span", { class: "key conflict" }, "conflict"), " — ",
    h("span", { class: "key neutral" }, "mixed"), " — ",
    h("span", { class: "key coop" }, "cooperation"), "; width: number of story events.");
}
