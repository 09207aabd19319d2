// Every resource with its health, live throughput counters and a chart.
import { call } from "./api.js";
import { join, liveCharts } from "./charts.js";
import { arnName, badge, card, empty, enc, fmtRate, h, link, replace, stat, table } from "./dom.js";
import * as m from "./metrics.js";
import {
  describeStacks, describeStreamSummary, describeTable, listFunctions, listMappings,
  listStreamNames, listTableNames, settleEach, streamNameFromArn,
} from "./resources.js";

const REFRESH_MS = 10000;

export function render(root, ctx) {
  root.append(h("h1", null, "Overview"));

  // live counters and chart
  const sIn = stat("Records in", "overview-records-in", "/s");
  const sOut = stat("Records delivered", "overview-records-out", "/s");
  const sInv = stat("Invocations", "overview-invocations", "/s");
  const sErr = stat("Errors", "overview-errors", "/s");
  const sTotal = stat("Records put (total)", "overview-records-total");
  const liveCard = card("Live", h("div", { class: "stats" }, sIn.el, sOut.el, sInv.el, sErr.el, sTotal.el));
  const grid = h("div", { class: "overview-grid" });
  root.append(liveCard, grid);

  const errCells = new Map(); // function name -> cell showing errors/s
  liveCharts(ctx, liveCard, [{
    title: "Records per second (last 5 minutes)",
    testid: "overview-chart",
    series: [{ label: "in/s" }, { label: "delivered/s" }],
    data: () => join(m.rateSeries("freshet_stream_incoming_records_total"),
      m.rateSeries("freshet_mapping_records_delivered_total")),
  }], (st) => {
    if (!st.ok) return;
    sIn.set(fmtRate(m.rate("freshet_stream_incoming_records_total")));
    sOut.set(fmtRate(m.rate("freshet_mapping_records_delivered_total")));
    sInv.set(fmtRate(m.rate("freshet_function_invocations_total")));
    sErr.set(fmtRate(m.rate("freshet_function_errors_total")));
    sTotal.set(String(Math.round(m.total("freshet_stream_incoming_records_total"))));
    for (const [fn, cell] of errCells) {
      const t = fmtRate(m.rate("freshet_function_errors_total", { function: fn }));
      if (cell.textContent !== t) cell.textContent = t;
    }
  });

  // resource sections, each loaded on its own so one refusal hides nothing else
  const section = (title, href, load) => {
    const body = h("div", null, empty("Loading…"));
    grid.append(card(null, h("h2", null, link(href, title)), body));
    let shown = null;
    let failed = false;
    ctx.every(async () => {
      let view;
      try {
        view = await load();
        failed = false;
      } catch (e) {
        ctx.error(e);
        if (!failed && shown === null) replace(body, empty(`Could not list ${title.toLowerCase()}.`));
        failed = true;
        return;
      }
      if (!ctx.alive()) return;
      const key = JSON.stringify(view.key);
      if (key === shown) return;
      shown = key;
      replace(body, view.node());
    }, REFRESH_MS);
  };

  section("Stacks", "#/stacks", async () => {
    const stacks = await describeStacks();
    const rows = stacks.map((s) => [s.StackName, s.StackStatus]);
    return {
      key: rows,
      node: () => (rows.length
        ? table(["Stack", "Status"], rows.map(([n, st]) => [link("#/stacks/" + enc(n), n), badge(st)]),
          { testid: "overview-stacks" })
        : empty("No stacks.")),
    };
  });

  section("Streams", "#/streams", async () => {
    const names = await listStreamNames();
    const res = await settleEach(names, describeStreamSummary);
    const rows = names.map((n, i) => {
      const r = res[i];
      if (r.status === "rejected") {
        ctx.error(r.reason);
        return [n, "?", ""];
      }
      return [n, r.value.StreamStatus, r.value.OpenShardCount];
    });
    return {
      key: rows,
      node: () => (rows.length
        ? table(["Stream", "Status", "Open shards"],
          rows.map(([n, st, shards]) => [link("#/streams/" + enc(n), n), badge(st), String(shards ?? "—")]),
          { testid: "overview-streams" })
        : empty("No streams.")),
    };
  });

  section("Functions", "#/functions", async () => {
    const fns = await listFunctions();
    // ListFunctions may leave out State; ask for the configuration then
    const res = await settleEach(fns, (f) => (f.State ? f
      : call("lambda", "GetFunctionConfiguration", { FunctionName: f.FunctionName }).catch(() => f)));
    const rows = fns.map((f, i) => {
      const c = res[i].value || f;
      return [f.FunctionName, c.State || "—", c.LastUpdateStatus || "—"];
    });
    return {
      key: rows,
      node: () => {
        errCells.clear();
        if (!rows.length) return empty("No functions.");
        return table(["Function", "State", "Last update", "Errors/s"], rows.map(([n, st, lu]) => {
          const cell = h("span", { class: "num" }, "0");
          errCells.set(n, cell);
          return [link("#/functions/" + enc(n), n), badge(st), badge(lu), cell];
        }), { testid: "overview-functions" });
      },
    };
  });

  section("Mappings", "#/mappings", async () => {
    const maps = await listMappings();
    const rows = maps.map((x) => [x.UUID, arnName(x.FunctionArn), x.EventSourceArn, x.State, x.LastProcessingResult]);
    return {
      key: rows,
      node: () => (rows.length
        ? table(["Mapping", "Source → function", "State", "Last result"], rows.map(([u, fn, src, st, last]) => {
          const stream = streamNameFromArn(src);
          return [link("#/mappings/" + enc(u), u), `${stream || arnName(src)} → ${fn}`, badge(st), last || "—"];
        }), { testid: "overview-mappings" })
        : empty("No event source mappings.")),
    };
  });

  section("Tables", "#/tables", async () => {
    const names = await listTableNames();
    const res = await settleEach(names, describeTable);
    const rows = names.map((n, i) => {
      const r = res[i];
      if (r.status === "rejected") {
        ctx.error(r.reason);
        return [n, "?", null];
      }
      return [n, r.value.TableStatus, r.value.ItemCount];
    });
    return {
      key: rows,
      node: () => (rows.length
        ? table(["Table", "Status", "Items"], rows.map(([n, st, count]) =>
          [link("#/tables/" + enc(n), n), badge(st), h("span", { class: "num" }, String(count ?? "—"))]),
        { testid: "overview-tables" })
        : empty("No tables.")),
    };
  });
}
