import { get } from "../api.js";
import { h, message, safeUrl } from "../dom.js";
import { legend, markedText, recordLists } from "../highlight.js";

export const title = "Document";

export async function render(params) {
  const id = params.get("id");
  if (!id) return h("div", {}, h("h1", {}, "Document"), message("No document chosen.", "error"));
  const data = await get(`documents/${encodeURIComponent(id)}`);
  const d = data.document;
  const records = Object.values(data.records || {}).flat();
  const url = safeUrl(d.url);
  return h("div", {},
    h("h1", {}, d.title || d.doc_id),
    h("p", { class: "meta" }, `${d.outlet || "unknown outlet"} · ${d.published || "undated"} · id ${d.doc_id}`,
      url ? [" · ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original ↗")] : null),
    legend(),
    h("div", { class: "reader" }, markedText(d.text || "", records),
      h("div", { class: "record-lists" }, recordLists(records, true))));
}
