// Lambda functions: list, configuration, live charts, log tail and a test invoke.
import { call } from "./api.js";
import { join, liveCharts } from "./charts.js";
import {
  arnName, b64ToText, badge, card, empty, enc, facts, fmtBytes, fmtRate, fmtTime, h, link, prettyJson,
  replace, stat, table, textToB64,
} from "./dom.js";
import * as m from "./metrics.js";
import { listFunctions } from "./resources.js";
import { listPage } from "./listing.js";

const INV = "freshet_function_invocations_total";
const ERR = "freshet_function_errors_total";
const DUR = "freshet_function_duration_seconds";
const CONC = "freshet_function_concurrent_executions";

export function render(root, ctx) {
  if (ctx.params.length) return renderFunction(root, ctx, ctx.params[0]);
  return renderList(root, ctx);
}

async function renderList(root, ctx) {
  const list = await listPage(root, ctx, "Functions", "functions", () => listFunctions());
  if (!list) return;
  const { body, items: fns } = list;
  if (!fns.length) {
    replace(body, empty("No functions."));
    return;
  }
  const cells = [];
  replace(body, table(["Name", "Runtime", "Memory", "State", "Last modified", "Invocations/s", "Errors/s"],
    fns.map((f) => {
      const inv = h("span", { class: "num" }, "0");
      const err = h("span", { class: "num" }, "0");
      cells.push([f.FunctionName, inv, err]);
      return [link("#/functions/" + enc(f.FunctionName), f.FunctionName), f.Runtime || "—",
        f.MemorySize ? f.MemorySize + " MB" : "—", badge(f.State), f.LastModified || "—", inv, err];
    }), { testid: "functions" }));
  const unsubscribe = m.subscribe((st) => {
    if (!st.ok) return;
    for (const [n, inv, err] of cells) {
      inv.textContent = fmtRate(m.rate(INV, { function: n }));
      err.textContent = fmtRate(m.rate(ERR, { function: n }));
    }
  });
  ctx.onCleanup(unsubscribe);
}

function roleLink(arn) {
  if (!arn) return "—";
  const name = arnName(arn).split("/").pop();
  return link("#/iam/roles/" + enc(name), arn);
}

function renderFunction(root, ctx, name) {
  const configBox = h("div", null, empty("Loading…"));
  const envBox = h("div");
  const liveBox = h("div");
  root.append(
    h("p", { class: "crumbs" }, link("#/functions", "Functions"), " / ", name),
    h("h1", null, name),
    h("div", { class: "two-col" }, card("Configuration", configBox), card("Environment variables", envBox)),
    card("Live", liveBox));

  const filter = { function: name };
  const qs = [0.5, 0.9, 0.99];
  const sInv = stat("Invocations", "function-invocations", "/s");
  const sErr = stat("Errors", "function-errors", "/s");
  const sP50 = stat("Duration p50", "function-p50", "ms");
  const sP99 = stat("Duration p99", "function-p99", "ms");
  const sConc = stat("Concurrent executions", "function-concurrency");
  liveBox.append(h("div", { class: "stats" }, sInv.el, sErr.el, sP50.el, sP99.el, sConc.el));
  const ms = (v) => (v === null ? "—" : (v * 1000).toFixed(v * 1000 >= 100 ? 0 : 1));
  liveCharts(ctx, liveBox, [
    {
      title: "Invocations and errors per second", testid: "function-chart-invocations",
      series: [{ label: "invocations/s" }, { label: "errors/s" }],
      data: () => join(m.rateSeries(INV, filter), m.rateSeries(ERR, filter)),
    },
    {
      title: "Duration over the last minute (ms)", testid: "function-chart-duration", unit: "ms",
      series: [{ label: "p50" }, { label: "p90" }, { label: "p99" }],
      data: () => m.quantileSeries(DUR, filter, qs, 1000),
    },
    {
      title: "Concurrent executions", testid: "function-chart-concurrency",
      series: [{ label: "concurrency" }],
      data: () => m.gaugeSeries(CONC, filter),
    },
  ], (st) => {
    if (!st.ok) return;
    sInv.set(fmtRate(m.rate(INV, filter)));
    sErr.set(fmtRate(m.rate(ERR, filter)));
    const [p50, , p99] = m.quantiles(DUR, filter, qs);
    sP50.set(ms(p50));
    sP99.set(ms(p99));
    sConc.set(String(m.total(CONC, filter)));
  });

  root.append(card("Test invoke", invokeBox(ctx, name)), card("Log tail", logTail(ctx, name)));

  call("lambda", "GetFunction", { FunctionName: name }).then((out) => {
    if (!ctx.alive()) return;
    const c = out.Configuration || {};
    replace(configBox, facts([
      ["State", h("span", { testid: "function-state" }, badge(c.State), c.StateReason ? " " + c.StateReason : "")],
      ["Last update", c.LastUpdateStatus ? badge(c.LastUpdateStatus) : null],
      ["Runtime", c.Runtime || c.PackageType],
      ["Handler", c.Handler ? h("code", null, c.Handler) : null],
      ["Role", roleLink(c.Role)],
      ["Memory", c.MemorySize ? c.MemorySize + " MB" : null],
      ["Timeout", c.Timeout ? c.Timeout + " s" : null],
      ["Code size", c.CodeSize !== undefined ? fmtBytes(c.CodeSize) : null],
      ["Last modified", typeof c.LastModified === "number" ? fmtTime(c.LastModified) : c.LastModified],
      ["Description", c.Description],
      ["ARN", h("code", null, c.FunctionArn || "")],
    ]));
    const vars = Object.entries(c.Environment?.Variables || {});
    replace(envBox, vars.length
      ? table(["Name", "Value"], vars.map(([k, v]) => [h("code", null, k), h("code", null, v)]), { testid: "function-env" })
      : empty("No environment variables."));
  }).catch((e) => {
    ctx.error(e);
    replace(configBox, empty("Could not read the function."));
  });
}

function invokeBox(ctx, name) {
  const payload = h("textarea", { id: "invoke-payload", rows: "6", spellcheck: "false", class: "code" });
  payload.value = "{}";
  const btn = h("button", { type: "submit", class: "btn-primary", testid: "invoke" }, "Invoke");
  const result = h("div", { testid: "invoke-result", class: "invoke-result", "aria-live": "polite" });
  const form = h("form", null,
    h("div", { class: "field" }, h("label", { for: "invoke-payload" }, "Event (JSON)"), payload),
    h("div", { class: "actions" }, btn));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    btn.disabled = true;
    replace(result, empty("Invoking…"));
    try {
      const out = await call("lambda", "Invoke", {
        FunctionName: name, LogType: "Tail", Payload: textToB64(payload.value),
      });
      if (!ctx.alive()) return;
      const text = out.Payload ? b64ToText(out.Payload) : "";
      const log = out.LogResult ? b64ToText(out.LogResult) : "";
      replace(result,
        facts([
          ["Status code", h("span", { testid: "invoke-status" }, String(out.StatusCode ?? "—"))],
          ["Function error", h("span", { testid: "invoke-function-error" }, out.FunctionError || "none")],
          out.ExecutedVersion ? ["Version", out.ExecutedVersion] : null,
        ]),
        h("h3", null, "Response"),
        h("pre", { class: "json", testid: "invoke-payload-out" },
          text === null ? out.Payload : (prettyJson(text) ?? text) || "(empty)"),
        h("h3", null, "Log"),
        h("pre", { class: "log", testid: "invoke-log" }, log === null ? out.LogResult : log || "(none)"));
    } catch (e) {
      replace(result);
      ctx.error(e);
    } finally {
      btn.disabled = false;
    }
  });
  return h("div", null, form, result);
}

// FilterLogEvents every 2 s from the newest event seen, de-duplicated by eventId.
function logTail(ctx, name) {
  const group = "/aws/lambda/" + name;
  const box = h("div", {
    class: "log-tail", testid: "log-tail", role: "log", tabindex: "0", "aria-label": "Log events of " + group,
  }, h("p", { class: "muted log-empty" }, "Loading…"));
  const seen = new Map(); // eventId -> timestamp
  let start = Date.now() - 15 * 60 * 1000;
  let lines = 0;
  let sawAny = false;

  const setEmpty = (text) => {
    if (sawAny) return;
    replace(box, h("p", { class: "muted log-empty" }, text));
  };

  async function poll() {
    let token;
    const fresh = [];
    try {
      for (let i = 0; i < 10; i++) {
        const req = { logGroupName: group, startTime: start, interleaved: true };
        if (token) req.nextToken = token;
        const out = await call("logs", "FilterLogEvents", req);
        for (const e of out.events || []) {
          if (seen.has(e.eventId)) continue;
          seen.set(e.eventId, e.timestamp);
          fresh.push(e);
        }
        token = out.nextToken;
        if (!token) break;
      }
    } catch (e) {
      if (e.code === "ResourceNotFoundException") {
        setEmpty("No logs yet");
        return;
      }
      throw e;
    }
    if (!ctx.alive()) return;
    if (!fresh.length) {
      setEmpty("No logs yet");
      return;
    }
    fresh.sort((a, b) => a.timestamp - b.timestamp);
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
    if (!sawAny) replace(box);
    sawAny = true;
    for (const e of fresh) {
      box.appendChild(h("div", { class: "log-line" },
        h("span", { class: "log-time" }, fmtTime(e.timestamp / 1000)), " ",
        h("span", { class: "log-msg" }, String(e.message ?? "").replace(/\n$/, ""))));
      lines++;
      if (e.timestamp > start) start = e.timestamp;
    }
    while (lines > 2000) {
      box.removeChild(box.firstChild);
      lines--;
    }
    for (const [id, t] of seen) if (t < start) seen.delete(id);
    if (atBottom) box.scrollTop = box.scrollHeight;
  }

  ctx.every(poll, 2000);
  return h("div", null, h("p", { class: "muted" }, "Log group ", h("code", null, group), " · newest at the bottom"), box);
}
