// Polls GET /metrics once a second while someone listens, keeps the last few minutes of
// samples, and derives rates (counter deltas) and percentiles (histogram bucket deltas).

const KEEP_SECONDS = 330;
const POLL_MS = 1000;
const MAX_GAP = 5; // seconds; a longer gap between samples breaks the chart line

const samples = []; // {t, fams: Map(metric -> Map(labelKey -> {labels, value}))}
const listeners = new Set();
let timer = null;
let inFlight = false;
let status = { ok: true, code: 0 };

// --- Prometheus text format ---------------------------------------------------------------

function parseValue(s) {
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return NaN;
  return Number(s);
}

function parseLabels(s) {
  const labels = {};
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === "," || s[i] === " ")) i++;
    const eq = s.indexOf("=", i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim();
    i = eq + 1;
    if (s[i] !== '"') break;
    i++;
    let v = "";
    while (i < s.length && s[i] !== '"') {
      if (s[i] === "\\" && i + 1 < s.length) {
        const n = s[i + 1];
        v += n === "n" ? "\n" : n;
        i += 2;
      } else {
        v += s[i++];
      }
    }
    i++;
    labels[name] = v;
  }
  return labels;
}

export function parsePrometheus(text) {
  const fams = new Map();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line[0] === "#") continue;
    let name;
    let labels = {};
    let rest;
    const brace = line.indexOf("{");
    const space = line.search(/\s/);
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.slice(0, brace);
      const close = line.lastIndexOf("}");
      if (close < brace) continue;
      labels = parseLabels(line.slice(brace + 1, close));
      rest = line.slice(close + 1).trim();
    } else {
      if (space < 0) continue;
      name = line.slice(0, space);
      rest = line.slice(space).trim();
    }
    const value = parseValue(rest.split(/\s+/)[0]);
    const key = Object.keys(labels).sort().map((k) => k + "=" + labels[k]).join(",");
    if (!fams.has(name)) fams.set(name, new Map());
    fams.get(name).set(key, { labels, value });
  }
  return fams;
}

// --- polling ------------------------------------------------------------------------------

function notify() {
  for (const fn of [...listeners]) {
    try {
      fn(status);
    } catch (e) {
      console.warn("metrics listener failed", e);
    }
  }
}

async function poll() {
  timer = null;
  if (!listeners.size) return;
  if (!document.hidden && !inFlight) {
    inFlight = true;
    try {
      const res = await fetch("/metrics", { credentials: "same-origin", cache: "no-store" });
      if (res.ok) {
        const text = await res.text();
        const t = Date.now() / 1000;
        samples.push({ t, fams: parsePrometheus(text) });
        while (samples.length && samples[0].t < t - KEEP_SECONDS) samples.shift();
        status = { ok: true, code: res.status };
      } else {
        status = { ok: false, code: res.status };
      }
    } catch {
      status = { ok: false, code: 0 };
    } finally {
      inFlight = false;
    }
    notify();
  }
  schedule();
}

function schedule() {
  if (timer || !listeners.size) return;
  timer = setTimeout(poll, POLL_MS);
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && listeners.size) {
    if (timer) clearTimeout(timer);
    timer = null;
    poll();
  }
});

// fn(status) after every poll; status.ok false with code 401/403 when metrics are refused.
export function subscribe(fn) {
  listeners.add(fn);
  if (listeners.size === 1 && !timer) poll();
  else if (samples.length) setTimeout(() => listeners.has(fn) && fn(status), 0);
  return () => {
    listeners.delete(fn);
    if (!listeners.size && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

// --- queries ------------------------------------------------------------------------------

function matches(labels, filter) {
  if (!filter) return true;
  for (const k in filter) if (labels[k] !== filter[k]) return false;
  return true;
}

function seriesOf(sample, name, filter) {
  const fam = sample && sample.fams.get(name);
  if (!fam) return [];
  const out = [];
  for (const [key, s] of fam) if (matches(s.labels, filter)) out.push([key, s]);
  return out;
}

// Sum of the current values (gauges, or counter totals); 0 when the family is missing.
export function total(name, filter) {
  const s = samples[samples.length - 1];
  let sum = 0;
  for (const [, v] of seriesOf(s, name, filter)) if (Number.isFinite(v.value)) sum += v.value;
  return sum;
}

// Increase of a counter sum between two samples, per series, tolerating resets.
function increase(a, b, name, filter) {
  const prev = a.fams.get(name);
  let inc = 0;
  for (const [key, s] of seriesOf(b, name, filter)) {
    const p = prev && prev.get(key);
    const before = p ? p.value : 0;
    inc += s.value >= before ? s.value - before : s.value;
  }
  return inc;
}

// Per-second rate over about the last `window` seconds.
export function rate(name, filter, window = 5) {
  const n = samples.length;
  if (n < 2) return 0;
  const b = samples[n - 1];
  let i = n - 2;
  while (i > 0 && samples[i - 1].t >= b.t - window) i--;
  const a = samples[i];
  const dt = b.t - a.t;
  return dt > 0 ? increase(a, b, name, filter) / dt : 0;
}

// Chart data: [times, values] with a point for each sample in the last `seconds`.
export function rateSeries(name, filter, seconds = 300) {
  const xs = [];
  const ys = [];
  const from = Date.now() / 1000 - seconds;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (b.t < from) continue;
    const dt = b.t - a.t;
    xs.push(b.t);
    ys.push(dt > 0 && dt <= MAX_GAP ? increase(a, b, name, filter) / dt : null);
  }
  return [xs, ys];
}

export function gaugeSeries(name, filter, seconds = 300) {
  const xs = [];
  const ys = [];
  const from = Date.now() / 1000 - seconds;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    if (s.t < from) continue;
    if (i > 0 && s.t - samples[i - 1].t > MAX_GAP) {
      xs.push(s.t - 0.001);
      ys.push(null);
    }
    let sum = 0;
    for (const [, v] of seriesOf(s, name, filter)) if (Number.isFinite(v.value)) sum += v.value;
    xs.push(s.t);
    ys.push(sum);
  }
  return [xs, ys];
}

// Cumulative bucket counts by upper bound, summed over the matching series.
function buckets(sample, name, filter) {
  const byLe = new Map();
  for (const [, s] of seriesOf(sample, name + "_bucket", filter)) {
    const le = s.labels.le;
    byLe.set(le, (byLe.get(le) || 0) + s.value);
  }
  return byLe;
}

function quantile(q, byLe) {
  const bs = [...byLe].map(([le, c]) => [parseValue(le), c]).sort((x, y) => x[0] - y[0]);
  if (!bs.length) return null;
  const count = bs[bs.length - 1][1];
  if (!(count > 0)) return null;
  const rank = q * count;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, c] of bs) {
    if (c >= rank) {
      if (le === Infinity) return prevLe;
      if (c === prevCount) return le;
      return prevLe + (le - prevLe) * ((rank - prevCount) / (c - prevCount));
    }
    prevLe = le;
    prevCount = c;
  }
  return prevLe;
}

function windowQuantiles(qs, i, name, filter, window) {
  const b = samples[i];
  let j = i;
  while (j > 0 && samples[j - 1].t >= b.t - window) j--;
  if (j === i) return qs.map(() => null);
  const now = buckets(b, name, filter);
  const then = buckets(samples[j], name, filter);
  const delta = new Map();
  for (const [le, c] of now) {
    const d = c - (then.get(le) || 0);
    delta.set(le, d >= 0 ? d : c);
  }
  return qs.map((q) => quantile(q, delta));
}

// Current quantiles (same unit as the histogram) over the last `window` seconds.
export function quantiles(name, filter, qs, window = 60) {
  if (samples.length < 2) return qs.map(() => null);
  return windowQuantiles(qs, samples.length - 1, name, filter, window);
}

// Chart data: [times, q1 values, q2 values, ...], each scaled by `scale`.
export function quantileSeries(name, filter, qs, scale = 1, seconds = 300, window = 60) {
  const out = [[], ...qs.map(() => [])];
  const from = Date.now() / 1000 - seconds;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].t < from) continue;
    const vals = windowQuantiles(qs, i, name, filter, window);
    out[0].push(samples[i].t);
    vals.forEach((v, k) => out[k + 1].push(v === null ? null : v * scale));
  }
  return out;
}
