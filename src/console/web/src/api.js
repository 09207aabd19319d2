// The console's server API: session and /api/call.

const BASE = "/_console/api";
let csrf = "";
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

// Called when the server says the session is gone (401).
export function setSignedOutHandler(fn) {
  onSignedOut = fn;
}

async function toError(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  let code = (body && (body.__type || body.code || body.Code)) || "HttpError" + res.status;
  code = String(code);
  if (code.includes("#")) code = code.slice(code.lastIndexOf("#") + 1);
  if (code.includes(":")) code = code.slice(0, code.indexOf(":"));
  const message = (body && (body.message ?? body.Message)) || res.statusText || "";
  return new ApiError(code, String(message), res.status);
}

async function peekCode(res) {
  try {
    return (await res.clone().json()).__type;
  } catch {
    return null;
  }
}

async function send(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-Freshet-Csrf"] = csrf;
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (e) {
    throw new ApiError("NetworkError", "Could not reach Freshet: " + e.message, 0);
  }
  return res;
}

export async function getSession() {
  const res = await send("GET", "/session");
  if (res.status === 401) return null;
  if (!res.ok) throw await toError(res);
  const s = await res.json();
  csrf = s.csrfToken || "";
  return s;
}

// Asks whether the session still stands; sends the page to sign-in when it does not.
export async function checkSession() {
  const s = await getSession().catch(() => undefined);
  if (s === null) onSignedOut(new ApiError("NotSignedIn", "Your console session has ended.", 401));
  return s;
}

export async function signIn(accessKeyId, secretAccessKey, sessionToken) {
  const body = { accessKeyId, secretAccessKey };
  if (sessionToken) body.sessionToken = sessionToken;
  const res = await send("POST", "/session", body);
  if (!res.ok) throw await toError(res);
  const s = await res.json();
  csrf = s.csrfToken || "";
  return s;
}

export async function signOut() {
  const res = await send("DELETE", "/session");
  csrf = "";
  if (!res.ok && res.status !== 401) throw await toError(res);
}

// Runs an AWS action as the signed-in principal; resolves to its output structure.
export async function call(service, action, input = {}) {
  let res = await send("POST", "/call", { service, action, input });
  if (res.status === 403 && (await peekCode(res)) === "InvalidCsrfToken") {
    // another tab signed in again: take this session's token and retry once
    if (await getSession().catch(() => null)) res = await send("POST", "/call", { service, action, input });
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401) {
      csrf = "";
      onSignedOut(err);
    }
    throw err;
  }
  if (res.status === 204) return {};
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

// Follows a paginated list action, collecting `field` from each page.
export async function listAll(service, action, input, field, tokenIn, tokenOut, maxPages = 50) {
  const items = [];
  let token;
  for (let i = 0; i < maxPages; i++) {
    const req = { ...input };
    if (token) req[tokenIn] = token;
    const out = await call(service, action, req);
    items.push(...(out[field] || []));
    token = out[tokenOut];
    if (!token) break;
    if (out.IsTruncated === false) break;
  }
  return items;
}
