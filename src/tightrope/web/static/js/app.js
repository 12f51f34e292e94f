// The dashboard: a few pages over the JSON API, chosen by the #/route in the address bar.

import { clear, h, message } from "./dom.js";
import * as overview from "./pages/overview.js";
import * as analyze from "./pages/analyze.js";
import * as events from "./pages/events.js";
import * as event from "./pages/event.js";
import * as doc from "./pages/doc.js";
import * as relations from "./pages/relations.js";
import * as people from "./pages/people.js";
import * as ledger from "./pages/ledger.js";

const PAGES = { overview, analyze, events, event, doc, relations, people, ledger };
// Pages reached from another (provenance, a document) keep their parent's tab marked.
const PARENT = { event: "events", doc: "events" };

let rendering = 0;

async function render(initial = false) {
  let hash = window.location.hash || "#/overview";
  if (!hash.startsWith("#/")) {
    if (!initial) return;                      // an in-page jump (#view, #rec-...), not a route
    hash = "#/overview";
  }
  const [path, query] = hash.slice(2).split("?");
  const name = PAGES[path] ? path : "overview";
  const params = new URLSearchParams(query || "");
  const view = document.getElementById("view");
  const ticket = ++rendering;
  for (const link of document.querySelectorAll("nav a[data-page]")) {
    if (link.dataset.page === (PARENT[name] || name)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  clear(view);
  view.setAttribute("aria-busy", "true");
  try {
    const content = await PAGES[name].render(params);
    if (ticket !== rendering) return;          // a newer navigation won
    view.appendChild(content);
    document.title = `${PAGES[name].title} · tightrope`;
  } catch (error) {
    if (ticket !== rendering) return;
    view.appendChild(h("h1", {}, "Something went wrong"));
    view.appendChild(message(error && error.message ? error.message : String(error), "error"));
  } finally {
    view.removeAttribute("aria-busy");
  }
  const heading = view.querySelector("h1");
  if (heading && document.activeElement && document.activeElement.closest("nav, #view")) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener("hashchange", () => render());
render(true);
