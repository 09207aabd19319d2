// Event source mappings: list, detail with live counters, enable/disable.
import { call } from "./api.js";
import { join, liveCharts } from "./charts.js";
import { arnName, badge, card, empty, enc, facts, fmtRate, fmtTime, h, link, replace, stat, table } from "./dom.js";
import * as m from "./metrics.js";
import { listMappings, streamNameFromArn } from "./resources.js";
import { listPage } from "./listing.js";

const SETTLED = new Set(["Enabled", "Disabled"]);

export function render(root, ctx) {
  if (ctx.params.length) return renderMapping(root, ctx, ctx.params[0]);
  return renderList(root, ctx);
}

function sourceLink(arn) {
  const stream = streamNameFromArn(arn);
  return stream ? link("#/streams/" + enc(stream), arn) : arn || "—";
}

function functionLink(arn) {
  const name = arnName(arn);
  return name ? link("#/functions/" + enc(name), name) : "—";
}

async function renderList(root, ctx) {
  const list = await listPage(root, ctx, "Event source mappings", "event source mappings", () => listMappings());
  if (!list) return;
  const { body, items: maps } = list;
  replace(body, maps.length ? table(["UUID", "Source", "Function", "State", "Batch size", "Last result"], maps.map((x) => [
    link("#/mappings/" + enc(x.UUID), x.UUID), sourceLink(x.EventSourceArn), functionLink(x.FunctionArn),
    badge(x.State), String(x.BatchSize ?? "—"), x.LastProcessingResult || "—",
  ]), { testid: "mappings" }) : empty("No event source mappings."));
}

function renderMapping(root, ctx, uuid) {
  const stateEl = h("span", { testid: "mapping-state", class: "state" }, "…");
  const toggle = h("button", { type: "button", testid: "mapping-toggle", disabled: true }, "…");
  const detailBox = h("div", null, empty("Loading…"));
  const liveBox = h("div");
  root.append(
    h("p", { class: "crumbs" }, link("#/mappings", "Mappings"), " / ", uuid),
    h("h1", null, "Mapping ", h("code", null, uuid)),
    card("State", h("div", { class: "title-row" }, h("p", { class: "big" }, "State: ", stateEl), toggle)),
    card("Configuration", detailBox),
    card("Live", liveBox));

  let current = null;
  let transitioning = false;

  function show(x) {
    current = x;
    if (stateEl.textContent !== x.State) stateEl.textContent = x.State || "—";
    stateEl.className = "state state-" + String(x.State || "").toLowerCase();
    const settled = SETTLED.has(x.State);
    toggle.textContent = x.State === "Disabled" ? "Enable" : x.State === "Enabled" ? "Disable" : x.State === "Enabling" || x.State === "Disabling" ? x.State + "…" : "Disable";
    toggle.disabled = !settled || transitioning;
    replace(detailBox, facts([
      ["Event source", sourceLink(x.EventSourceArn)],
      ["Function", functionLink(x.FunctionArn)],
      ["Batch size", String(x.BatchSize ?? "—")],
      ["Batching window", x.MaximumBatchingWindowInSeconds !== undefined ? x.MaximumBatchingWindowInSeconds + " s" : null],
      ["Starting position", x.StartingPosition + (x.StartingPositionTimestamp ? " " + fmtTime(x.StartingPositionTimestamp) : "")],
      ["Parallelization factor", x.ParallelizationFactor !== undefined ? String(x.ParallelizationFactor) : null],
      ["Retries", x.MaximumRetryAttempts !== undefined ? String(x.MaximumRetryAttempts) : null],
      ["Last processing result", h("span", { testid: "mapping-last-result" }, x.LastProcessingResult || "—")],
      ["State reason", x.StateTransitionReason],
      ["Last modified", fmtTime(x.LastModified)],
    ]));
  }

  async function read() {
    const x = await call("lambda", "GetEventSourceMapping", { UUID: uuid });
    if (ctx.alive()) show(x);
    return x;
  }

  // background refresh for the last processing result; fast polling after a toggle
  ctx.every(async () => {
    if (!transitioning) await read();
  }, 5000);

  toggle.addEventListener("click", async () => {
    if (!current || !SETTLED.has(current.State)) return;
    const enable = current.State === "Disabled";
    transitioning = true;
    toggle.disabled = true;
    try {
      const x = await call("lambda", "UpdateEventSourceMapping", { UUID: uuid, Enabled: enable });
      if (!ctx.alive()) return;
      show(x);
      for (let i = 0; i < 240 && ctx.alive(); i++) {
        const y = await read();
        if (SETTLED.has(y.State)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    } catch (e) {
      ctx.error(e);
    } finally {
      transitioning = false;
      if (current && ctx.alive()) show(current);
    }
  });

  const f = { uuid };
  const sAge = stat("Iterator age", "mapping-iterator-age", "s");
  const sInv = stat("Invocations", "mapping-invocations", "/s");
  const sDel = stat("Records delivered", "mapping-delivered", "/s");
  const sDelTotal = stat("Delivered (total)", "mapping-delivered-total");
  const sRetry = stat("Retries (total)", "mapping-retries-total");
  const sFail = stat("Failed (total)", "mapping-failed-total");
  const sFilt = stat("Filtered (total)", "mapping-filtered-total");
  liveBox.append(h("div", { class: "stats", testid: "mapping-counters" },
    sAge.el, sInv.el, sDel.el, sDelTotal.el, sRetry.el, sFail.el, sFilt.el));
  liveCharts(ctx, liveBox, [
    {
      title: "Iterator age (seconds)", testid: "mapping-chart-age", unit: "s",
      series: [{ label: "iterator age" }],
      data: () => m.gaugeSeries("freshet_mapping_iterator_age_seconds", f),
    },
    {
      title: "Records and invocations per second", testid: "mapping-chart-records",
      series: [{ label: "delivered/s" }, { label: "invocations/s" }, { label: "failed/s" }],
      data: () => join(m.rateSeries("freshet_mapping_records_delivered_total", f),
        m.rateSeries("freshet_mapping_invocations_total", f),
        m.rateSeries("freshet_mapping_records_failed_total", f)),
    },
  ], (st) => {
    if (!st.ok) return;
    const age = m.total("freshet_mapping_iterator_age_seconds", f);
    sAge.set(age >= 10 ? age.toFixed(0) : age.toFixed(2).replace(/\.?0+$/, "") || "0");
    sInv.set(fmtRate(m.rate("freshet_mapping_invocations_total", f)));
    sDel.set(fmtRate(m.rate("freshet_mapping_records_delivered_total", f)));
    sDelTotal.set(String(Math.round(m.total("freshet_mapping_records_delivered_total", f))));
    sRetry.set(String(Math.round(m.total("freshet_mapping_retries_total", f))));
    sFail.set(String(Math.round(m.total("freshet_mapping_records_failed_total", f))));
    sFilt.set(String(Math.round(m.total("freshet_mapping_records_filtered_total", f))));
  });
}
