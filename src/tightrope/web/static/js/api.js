// Talking to the JSON API of the same origin. Errors come back as {error, detail}.

export class ApiError extends Error {
  constructor(status, message, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const text = body && typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, text, body && body.detail);
  }
  return body;
}

export async function get(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "" && v !== false) query.set(k, v);
  }
  const q = query.toString();
  return parse(await fetch(`/api/${path}${q ? "?" + q : ""}`, { headers: { Accept: "application/json" } }));
}

export async function post(path, body, contentType) {
  const headers = { Accept: "application/json" };
  if (contentType) headers["Content-Type"] = contentType;
  return parse(await fetch(`/api/${path}`, { method: "POST", headers, body }));
}
