// Kinesis streams: list, summary, shards, live charts and a record browser.
import { call } from "./api.js";
import { join, liveCharts } from "./charts.js";
import {
  b64ToText, badge, card, empty, enc, facts, fmtRate, fmtTime, h, link, prettyJson, replace, stat, table,
} from "./dom.js";
import * as m from "./metrics.js";
import { describeStreamSummary, listStreamNames, settleEach } from "./resources.js";
import { listPage } from "./listing.js";

export function render(root, ctx) {
  if (ctx.params.length) return renderStream(root, ctx, ctx.params[0]);
  return renderList(root, ctx);
}

async function renderList(root, ctx) {
  const list = await listPage(root, ctx, "Streams", "streams", () => listStreamNames());
  if (!list) return;
  const { body, items: names } = list;
  const res = await settleEach(names, describeStreamSummary);
  if (!ctx.alive()) return;
  if (!names.length) {
    replace(body, empty("No streams."));
    return;
  }
  const rateCells = new Map();
  replace(body, table(["Name", "Status", "Mode", "Open shards", "Retention (h)", "Records in/s"], names.map((n, i) => {
    const r = res[i];
    if (r.status === "rejected") ctx.error(r.reason);
    const s = r.value || {};
    const cell = h("span", { class: "num" }, "0");
    rateCells.set(n, cell);
    return [link("#/streams/" + enc(n), n), badge(s.StreamStatus), s.StreamModeDetails?.StreamMode || "—",
      String(s.OpenShardCount ?? "—"), String(s.RetentionPeriodHours ?? "—"), cell];
  }), { testid: "streams" }));
  const unsubscribe = m.subscribe((st) => {
    if (!st.ok) return;
    for (const [n, cell] of rateCells) cell.textContent = fmtRate(m.rate("freshet_stream_incoming_records_total", { stream: n }));
  });
  ctx.onCleanup(unsubscribe);
}

async function listShards(name) {
  const shards = [];
  let req = { StreamName: name };
  for (let i = 0; i < 50; i++) {
    const out = await call("kinesis", "ListShards", req);
    shards.push(...(out.Shards || []));
    if (!out.NextToken) break;
    req = { NextToken: out.NextToken };
  }
  return shards;
}

function renderStream(root, ctx, name) {
  const summaryBox = h("div", null, empty("Loading…"));
  const shardsBox = h("div", null, empty("Loading…"));
  const liveBox = h("div");
  const filter = { stream: name };
  root.append(
    h("p", { class: "crumbs" }, link("#/streams", "Streams"), " / ", name),
    h("h1", null, name),
    card("Summary", summaryBox),
    card("Throughput", liveBox),
    card("Shards", shardsBox));

  const statIn = stat("Records in", "stream-records-in", "/s");
  const statBytes = stat("Bytes in", "stream-bytes-in", "B/s");
  const statTotal = stat("Records put (total)", "stream-records-total");
  liveBox.append(h("div", { class: "stats" }, statIn.el, statBytes.el, statTotal.el));
  liveCharts(ctx, liveBox, [
    {
      title: "Records per second", testid: "stream-chart-records",
      series: [{ label: "incoming" }, { label: "read (GetRecords)" }],
      data: () => join(m.rateSeries("freshet_stream_incoming_records_total", filter),
        m.rateSeries("freshet_stream_outgoing_records_total", filter)),
    },
    {
      title: "Bytes per second", testid: "stream-chart-bytes", unit: "B",
      series: [{ label: "incoming" }, { label: "read (GetRecords)" }],
      data: () => join(m.rateSeries("freshet_stream_incoming_bytes_total", filter),
        m.rateSeries("freshet_stream_outgoing_bytes_total", filter)),
    },
  ], (st) => {
    if (!st.ok) return;
    statIn.set(fmtRate(m.rate("freshet_stream_incoming_records_total", filter)));
    statBytes.set(fmtRate(m.rate("freshet_stream_incoming_bytes_total", filter)));
    statTotal.set(String(Math.round(m.total("freshet_stream_incoming_records_total", filter))));
  });

  const browser = recordBrowser(ctx, name);
  root.append(card("Records", browser.el));

  describeStreamSummary(name).then((s) => {
    if (!ctx.alive()) return;
    replace(summaryBox, facts([
      ["Status", h("span", { testid: "stream-status" }, badge(s.StreamStatus))],
      ["ARN", h("code", null, s.StreamARN || "")],
      ["Capacity mode", s.StreamModeDetails?.StreamMode],
      ["Open shards", String(s.OpenShardCount ?? "—")],
      ["Retention", s.RetentionPeriodHours ? s.RetentionPeriodHours + " hours" : null],
      ["Encryption", s.EncryptionType],
      ["Consumers", s.ConsumerCount !== undefined ? String(s.ConsumerCount) : null],
      ["Created", fmtTime(s.StreamCreationTimestamp)],
    ]));
  }).catch((e) => {
    ctx.error(e);
    replace(summaryBox, empty("Could not describe the stream."));
  });

  listShards(name).then((shards) => {
    if (!ctx.alive()) return;
    browser.setShards(shards);
    replace(shardsBox, shards.length ? table(
      ["Shard", "State", "Parent", "Hash key start", "Hash key end", "Starting sequence", "Ending sequence"],
      shards.map((s) => {
        const end = s.SequenceNumberRange?.EndingSequenceNumber;
        return [s.ShardId, badge(end ? "Closed" : "Open"),
          [s.ParentShardId, s.AdjacentParentShardId].filter(Boolean).join(", ") || "—",
          h("code", null, s.HashKeyRange?.StartingHashKey ?? ""), h("code", null, s.HashKeyRange?.EndingHashKey ?? ""),
          h("code", null, s.SequenceNumberRange?.StartingSequenceNumber ?? ""), h("code", null, end || "—")];
      }), { testid: "shards" }) : empty("No shards."));
  }).catch((e) => {
    ctx.error(e);
    replace(shardsBox, empty("Could not list shards."));
  });
}

// Shard iterator, GetRecords 25 at a time, Text/JSON view of the data.
function recordBrowser(ctx, stream) {
  const shardSel = h("select", { id: "shard-select" }, h("option", { value: "shardId-000000000000" }, "shardId-000000000000"));
  const posSel = h("select", { id: "position-select" },
    ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "AT_TIMESTAMP"]
      .map((p) => h("option", { value: p }, p)));
  const seqIn = h("input", { id: "position-seq", type: "text", spellcheck: "false", placeholder: "sequence number" });
  const tsIn = h("input", { id: "position-ts", type: "datetime-local", step: "1" });
  const seqField = h("div", { class: "field", hidden: true }, h("label", { for: "position-seq" }, "Sequence number"), seqIn);
  const tsField = h("div", { class: "field", hidden: true }, h("label", { for: "position-ts" }, "Timestamp"), tsIn);
  const readBtn = h("button", { type: "submit", class: "btn-primary", testid: "records-read" }, "Read");
  const nextBtn = h("button", { type: "button", testid: "records-next", disabled: true }, "Next");
  const textBtn = h("button", { type: "button", "aria-pressed": "true", testid: "records-view-text" }, "Text");
  const jsonBtn = h("button", { type: "button", "aria-pressed": "false", testid: "records-view-json" }, "JSON");
  const status = h("p", { class: "muted", testid: "records-status", "aria-live": "polite" });
  const out = h("div");
  let iterator = null;
  let records = [];
  let asJson = false;

  posSel.addEventListener("change", () => {
    seqField.hidden = !posSel.value.includes("SEQUENCE");
    tsField.hidden = posSel.value !== "AT_TIMESTAMP";
  });
  const setView = (json) => {
    asJson = json;
    textBtn.setAttribute("aria-pressed", String(!json));
    jsonBtn.setAttribute("aria-pressed", String(json));
    show();
  };
  textBtn.addEventListener("click", () => setView(false));
  jsonBtn.addEventListener("click", () => setView(true));

  function dataCell(b64) {
    const text = b64ToText(b64);
    if (text === null) return h("span", null, h("span", { class: "tag" }, "binary, base64"), " ", h("code", null, b64));
    if (asJson) {
      const pretty = prettyJson(text);
      if (pretty !== null) return h("pre", { class: "json" }, pretty);
    }
    return h("span", { class: "record-text" }, text);
  }

  function show() {
    replace(out, records.length ? table(["Sequence number", "Partition key", "Arrival", "Data"], records.map((r) => [
      h("code", null, r.SequenceNumber), r.PartitionKey, fmtTime(r.ApproximateArrivalTimestamp), dataCell(r.Data),
    ]), { testid: "records", class: "records" }) : empty(iterator === null ? "Choose a shard and a position, then Read." : "No records in this batch."));
  }

  async function fetchBatch() {
    nextBtn.disabled = true;
    try {
      const res = await call("kinesis", "GetRecords", { ShardIterator: iterator, Limit: 25 });
      if (!ctx.alive()) return;
      records = res.Records || [];
      iterator = res.NextShardIterator || null;
      const behind = res.MillisBehindLatest;
      status.textContent = `${records.length} record${records.length === 1 ? "" : "s"}` +
        (behind !== undefined ? ` · ${behind} ms behind the latest` : "") +
        (iterator ? "" : " · the shard is closed and fully read");
      show();
    } catch (e) {
      ctx.error(e);
    } finally {
      nextBtn.disabled = !iterator;
    }
  }

  const form = h("form", { class: "toolbar" },
    h("div", { class: "field" }, h("label", { for: "shard-select" }, "Shard"), shardSel),
    h("div", { class: "field" }, h("label", { for: "position-select" }, "Position"), posSel),
    seqField, tsField,
    h("div", { class: "field buttons" }, readBtn, nextBtn),
    h("div", { class: "field buttons segmented", role: "group", "aria-label": "Show data as" }, textBtn, jsonBtn));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const req = { StreamName: stream, ShardId: shardSel.value, ShardIteratorType: posSel.value };
    if (posSel.value.includes("SEQUENCE")) req.StartingSequenceNumber = seqIn.value.trim();
    if (posSel.value === "AT_TIMESTAMP") {
      const t = new Date(tsIn.value).getTime();
      req.Timestamp = Number.isFinite(t) ? t / 1000 : Date.now() / 1000;
    }
    readBtn.disabled = true;
    try {
      const it = await call("kinesis", "GetShardIterator", req);
      iterator = it.ShardIterator;
      await fetchBatch();
    } catch (e) {
      ctx.error(e);
    } finally {
      readBtn.disabled = false;
    }
  });
  nextBtn.addEventListener("click", fetchBatch);
  show();

  return {
    el: h("div", null, form, status, out),
    setShards(shards) {
      replace(shardSel, shards.map((s) => h("option", { value: s.ShardId },
        s.ShardId + (s.SequenceNumberRange?.EndingSequenceNumber ? " (closed)" : ""))));
    },
  };
}
