import { post } from "../api.js";
import { h, message } from "../dom.js";
import { legend, markedText, recordLists } from "../highlight.js";

export const title = "Analyze an article";

function results(data) {
  const doc = data.document || {};
  const counts = data.counts || {};
  const summary = ["event", "quote", "amount", "forecast", "flag"]
    .map((k) => `${counts[k] || 0} ${k}${counts[k] === 1 ? "" : "s"}`).join(", ");
  return h("section", { class: "result", "aria-labelledby": "result-h" },
    h("h2", { id: "result-h" }, doc.title || "Your article"),
    h("p", { class: "meta" }, `Found ${summary}. Nothing was stored.`),
    legend(),
    h("div", { class: "reader" }, markedText(doc.text || "", data.records || []),
      h("div", { class: "record-lists" }, recordLists(data.records || [], false))));
}

export async function render() {
  const out = h("div", { id: "analysis", "aria-live": "polite" });
  const form = h("form", { class: "analyze", "aria-label": "Article to analyze" },
    h("div", { class: "field wide" }, h("label", { for: "text" }, "Paste the article text"),
      h("textarea", { id: "text", name: "text", rows: 10 })),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "title" }, "Title (optional)"), h("input", { id: "title", name: "title" })),
      h("div", { class: "field" }, h("label", { for: "published" }, "Published (YYYY-MM-DD, optional)"),
        h("input", { id: "published", name: "published", pattern: "\\d{4}-\\d{2}-\\d{2}", placeholder: "2025-06-19" })),
      h("div", { class: "field" }, h("label", { for: "file" }, "…or upload a file (.txt, .html, .json)"),
        h("input", { id: "file", name: "file", type: "file", accept: ".txt,.html,.htm,.json,text/plain,text/html,application/json" }))),
    h("button", { type: "submit" }, "Analyze"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = form.querySelector("#file").files[0];
    const text = form.querySelector("#text").value;
    out.replaceChildren(message("Analyzing…"));
    try {
      let data;
      if (file) {
        const body = new FormData();
        body.append("file", file);
        data = await post("analyze", body);
      } else {
        if (!text.trim()) throw new Error("Paste some text or choose a file first.");
        const article = { text };
        const titleValue = form.querySelector("#title").value.trim();
        const published = form.querySelector("#published").value.trim();
        if (titleValue) article.title = titleValue;
        if (published) article.published = published;
        data = await post("analyze", JSON.stringify(article), "application/json");
      }
      out.replaceChildren(results(data));
      out.querySelector("h2").setAttribute("tabindex", "-1");
      out.querySelector("h2").focus();
    } catch (error) {
      out.replaceChildren(message(error.message, "error"));
    }
  });
  return h("div", {}, h("h1", {}, "Analyze an article"),
    h("p", { class: "lead" }, "The article is read by the same pipeline as the store, and its events, quotes, amounts, forecasts and flags are marked in the text. It is not stored."),
    form, out);
}
