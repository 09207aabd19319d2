// Element building without HTML strings: text always goes in as text nodes.

const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden", "htmlFor", "tabIndex"]);

// h("a", {href: "#/x", class: "link", onclick: fn}, "text", child, [more, children])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") {
        el.addEventListener(k.slice(2), v);
      } else if (k === "class") {
        el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
      } else if (k === "dataset") {
        Object.assign(el.dataset, v);
      } else if (k === "testid") {
        el.setAttribute("data-testid", v);
      } else if (PROPS.has(k)) {
        el[k] = v;
      } else {
        el.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

// A table inside a horizontally scrolling wrapper. rows: arrays of cells (nodes or text).
export function table(headers, rows, attrs = {}) {
  const t = h("table", attrs,
    h("thead", null, h("tr", null, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, rows.map((r) => (r instanceof Node ? r : h("tr", null, r.map((c) => h("td", null, c)))))));
  return h("div", { class: "table-wrap" }, t);
}

export function empty(text) {
  return h("p", { class: "muted" }, text);
}

export function link(href, text) {
  return h("a", { href }, text);
}

export function card(title, ...children) {
  return h("section", { class: "card" }, title ? h("h2", null, title) : null, ...children);
}

// Definition list from [label, value] pairs.
export function facts(pairs) {
  return h("dl", { class: "facts" },
    pairs.filter((p) => p).map(([k, v]) => [h("dt", null, k), h("dd", null, v === undefined || v === null || v === "" ? "—" : v)]));
}

export function badge(status) {
  const s = String(status || "—");
  let kind = "neutral";
  if (/FAILED|ROLLBACK|Failed|Inactive|PROBLEM|Error|DELETING|Disabled/.test(s)) kind = "bad";
  if (/IN_PROGRESS|UPDATING|CREATING|Pending|InProgress|ing$/.test(s)) kind = "warn";
  if (/COMPLETE$|^ACTIVE$|^Active$|^Successful$|^Enabled$|^OK$|^Open$/.test(s) && !/ROLLBACK|DELETE/.test(s)) kind = "good";
  return h("span", { class: ["badge", "badge-" + kind] }, s);
}

export function fmtTime(sec) {
  if (sec === undefined || sec === null || sec === "") return "—";
  if (typeof sec === "string") {
    const n = Number(sec);
    if (!Number.isFinite(n)) return sec;
    sec = n;
  }
  const d = new Date(sec * 1000);
  const p = (n, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function fmtBytes(n) {
  if (n === undefined || n === null) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i ? v.toFixed(1) : String(v)) + " " + units[i];
}

// Rates and other live numbers: short, stable text.
export function fmtRate(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "0";
  if (v === 0) return "0";
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function b64ToBytes(b64) {
  const bin = atob(b64 || "");
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Base64 to UTF-8 text; null when the bytes are not valid UTF-8.
export function b64ToText(b64) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b64ToBytes(b64));
  } catch {
    return null;
  }
}

export function textToB64(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

// JSON text pretty-printed, or null when it does not parse.
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

// Last part of an ARN resource ("arn:...:function:name" or ".../stream/name").
export function arnName(arn) {
  if (!arn) return "";
  const parts = String(arn).split(":");
  if (parts[2] === "lambda" && parts[5] === "function") return parts[6] || "";
  const res = parts.slice(5).join(":");
  const slash = res.indexOf("/");
  return slash >= 0 ? res.slice(slash + 1) : res;
}

export function enc(s) {
  return encodeURIComponent(s);
}

// A labelled live number; set(text) updates it.
export function stat(label, testid, unit = "") {
  const value = h("span", { class: "stat-value", testid }, "0");
  const el = h("div", { class: "stat" }, h("div", { class: "stat-label" }, label),
    h("div", null, value, unit ? h("span", { class: "stat-unit" }, " " + unit) : null));
  return { el, set: (t) => { if (value.textContent !== t) value.textContent = t; } };
}
