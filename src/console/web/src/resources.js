// List calls shared by the overview and the resource pages (following every page).
import { call, listAll } from "./api.js";

export async function listStreamNames() {
  const names = [];
  let req = {};
  for (let i = 0; i < 50; i++) {
    const out = await call("kinesis", "ListStreams", req);
    const page = out.StreamNames || (out.StreamSummaries || []).map((s) => s.StreamName);
    names.push(...page);
    if (!out.HasMoreStreams || !page.length) break;
    req = out.NextToken ? { NextToken: out.NextToken } : { ExclusiveStartStreamName: page[page.length - 1] };
  }
  return names;
}

export function describeStreamSummary(name) {
  return call("kinesis", "DescribeStreamSummary", { StreamName: name }).then((o) => o.StreamDescriptionSummary || {});
}

export function listFunctions() {
  return listAll("lambda", "ListFunctions", {}, "Functions", "Marker", "NextMarker");
}

export function listMappings() {
  return listAll("lambda", "ListEventSourceMappings", {}, "EventSourceMappings", "Marker", "NextMarker");
}

export async function listTableNames() {
  const names = [];
  let start;
  for (let i = 0; i < 50; i++) {
    const out = await call("dynamodb", "ListTables", start ? { ExclusiveStartTableName: start } : {});
    names.push(...(out.TableNames || []));
    start = out.LastEvaluatedTableName;
    if (!start) break;
  }
  return names;
}

export function describeTable(name) {
  return call("dynamodb", "DescribeTable", { TableName: name }).then((o) => o.Table || {});
}

export function describeStacks() {
  return listAll("cloudformation", "DescribeStacks", {}, "Stacks", "NextToken", "NextToken");
}

// "arn:aws:kinesis:<region>:<account>:stream/<name>" -> name.
export function streamNameFromArn(arn) {
  const m = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(arn || "");
  return m ? m[1] : null;
}

// Runs fn on each item, at most `limit` at a time; resolves to allSettled-style results.
export async function settleEach(items, fn, limit = 6) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i]) };
      } catch (e) {
        results[i] = { status: "rejected", reason: e };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
