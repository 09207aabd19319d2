// DynamoDB tables: list, description and an item browser (Scan/Query, paging, edit, delete).
import { call } from "./api.js";
import { badge, card, empty, enc, facts, fmtBytes, fmtTime, h, link, replace, table } from "./dom.js";
import { describeTable, listTableNames, settleEach } from "./resources.js";
import { listPage } from "./listing.js";

const PAGE = 25;

export function render(root, ctx) {
  if (ctx.params.length) return renderTable(root, ctx, ctx.params[0]);
  return renderList(root, ctx);
}

async function renderList(root, ctx) {
  const list = await listPage(root, ctx, "Tables", "tables", () => listTableNames());
  if (!list) return;
  const { body, items: names } = list;
  const res = await settleEach(names, describeTable);
  if (!ctx.alive()) return;
  replace(body, names.length ? table(["Name", "Status", "Items", "Size", "Key"], names.map((n, i) => {
    const t = res[i].value || {};
    if (res[i].status === "rejected") ctx.error(res[i].reason);
    return [link("#/tables/" + enc(n), n), badge(t.TableStatus), h("span", { class: "num" }, String(t.ItemCount ?? "—")),
      t.TableSizeBytes !== undefined ? fmtBytes(t.TableSizeBytes) : "—",
      (t.KeySchema || []).map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ")];
  }), { testid: "tables" }) : empty("No tables."));
}

// --- DynamoDB JSON -> plain values ---

// A number when it survives the trip through a double, else its text.
function num(n) {
  const x = Number(n);
  if (!Number.isFinite(x)) return n;
  const digits = n.replace(/[eE].*$/, "").replace(/[^0-9]/g, "").replace(/^0+/, "").length;
  return digits <= 15 ? x : n;
}

export function plain(v) {
  if (!v || typeof v !== "object") return v;
  if ("S" in v) return v.S;
  if ("N" in v) return num(v.N);
  if ("BOOL" in v) return v.BOOL;
  if ("NULL" in v) return null;
  if ("B" in v) return v.B;
  if ("L" in v) return v.L.map(plain);
  if ("M" in v) return plainItem(v.M);
  if ("SS" in v) return [...v.SS];
  if ("NS" in v) return v.NS.map(num);
  if ("BS" in v) return [...v.BS];
  return v;
}

function plainItem(item) {
  const out = {};
  for (const [k, v] of Object.entries(item || {})) out[k] = plain(v);
  return out;
}

function cellText(v) {
  if (!v || typeof v !== "object") return "";
  if ("S" in v) return v.S;
  if ("N" in v) return v.N;
  if ("BOOL" in v) return String(v.BOOL);
  if ("NULL" in v) return "null";
  if ("B" in v) return v.B;
  return JSON.stringify(plain(v));
}

function renderTable(root, ctx, name) {
  const descBox = h("div", null, empty("Loading…"));
  const itemsCard = card("Items");
  root.append(
    h("p", { class: "crumbs" }, link("#/tables", "Tables"), " / ", name),
    h("h1", null, name),
    card("Description", descBox),
    itemsCard);

  describeTable(name).then((t) => {
    if (!ctx.alive()) return;
    const keys = t.KeySchema || [];
    const types = Object.fromEntries((t.AttributeDefinitions || []).map((a) => [a.AttributeName, a.AttributeType]));
    const indexes = [...(t.GlobalSecondaryIndexes || []), ...(t.LocalSecondaryIndexes || [])];
    replace(descBox, facts([
      ["Status", h("span", { testid: "table-status" }, badge(t.TableStatus))],
      ["Key schema", keys.map((k) => `${k.AttributeName} (${k.KeyType === "HASH" ? "partition" : "sort"})`).join(", ")],
      ["Attribute definitions", (t.AttributeDefinitions || []).map((a) => `${a.AttributeName}: ${a.AttributeType}`).join(", ")],
      ["Item count", h("span", { testid: "table-item-count" }, String(t.ItemCount ?? "—"))],
      ["Size", t.TableSizeBytes !== undefined ? fmtBytes(t.TableSizeBytes) : null],
      ["Billing mode", t.BillingModeSummary?.BillingMode || "PROVISIONED"],
      ["Indexes", indexes.length ? indexes.map((i) => i.IndexName).join(", ") : null],
      ["Stream", t.StreamSpecification?.StreamEnabled ? t.StreamSpecification.StreamViewType : null],
      ["Created", fmtTime(t.CreationDateTime)],
      ["ARN", h("code", null, t.TableArn || "")],
    ]));
    browser(ctx, itemsCard, name, keys, types);
  }).catch((e) => {
    ctx.error(e);
    replace(descBox, empty("Could not describe the table."));
    browser(ctx, itemsCard, name, [], {});
  });
}

function browser(ctx, holder, tableName, keySchema, types) {
  const hashKey = keySchema.find((k) => k.KeyType === "HASH")?.AttributeName;
  const rangeKey = keySchema.find((k) => k.KeyType === "RANGE")?.AttributeName;
  const keyNames = [hashKey, rangeKey].filter(Boolean);
  const typed = (attr, value) => ({ [types[attr] || "S"]: value });

  // query form
  const pk = h("input", { id: "query-pk", type: "text", spellcheck: "false" });
  const skOp = h("select", { id: "query-sk-op" }, [["", "(no condition)"], ["=", "="], ["<", "<"], ["<=", "<="],
    [">", ">"], [">=", ">="], ["begins_with", "begins with"], ["between", "between"]].map(([v, t]) =>
    h("option", { value: v, disabled: v === "begins_with" && types[rangeKey] === "N" }, t)));
  const sk = h("input", { id: "query-sk", type: "text", spellcheck: "false" });
  const sk2 = h("input", { id: "query-sk2", type: "text", spellcheck: "false" });
  const sk2Field = h("div", { class: "field", hidden: true }, h("label", { for: "query-sk2" }, "and"), sk2);
  skOp.addEventListener("change", () => { sk2Field.hidden = skOp.value !== "between"; });
  const queryBtn = h("button", { type: "submit", class: "btn-primary", testid: "query" }, "Query");
  const scanBtn = h("button", { type: "button", testid: "scan" }, "Scan");
  const typeOf = (k) => (types[k] ? ` (${types[k]})` : "");
  const queryForm = h("form", { class: "toolbar" },
    h("div", { class: "field" }, h("label", { for: "query-pk" }, `${hashKey || "Partition key"}${typeOf(hashKey)} =`), pk),
    rangeKey ? [
      h("div", { class: "field" }, h("label", { for: "query-sk-op" }, `${rangeKey}${typeOf(rangeKey)}`), skOp),
      h("div", { class: "field" }, h("label", { for: "query-sk" }, "Sort key value"), sk),
      sk2Field,
    ] : null,
    h("div", { class: "field buttons" }, queryBtn, h("span", { class: "muted" }, "or"), scanBtn));

  const modeEl = h("span", { testid: "items-mode" }, "Scan");
  const pageEl = h("span", { testid: "items-page" }, "Page 1");
  const prevBtn = h("button", { type: "button", testid: "items-prev", disabled: true }, "Previous page");
  const nextBtn = h("button", { type: "button", testid: "items-next", disabled: true }, "Next page");
  const results = h("div", null, empty("Loading…"));
  const itemView = h("div", { class: "item-view", testid: "item-view", hidden: true });
  holder.append(queryForm,
    h("div", { class: "pager" }, h("span", { class: "muted" }, modeEl, " · ", pageEl), prevBtn, nextBtn),
    results, itemView);

  let request = { action: "Scan", input: { TableName: tableName } };
  let startKeys = [undefined];
  let pageIdx = 0;
  let lastKey = null;
  let busy = false;

  async function run(idx) {
    if (busy) return;
    busy = true;
    prevBtn.disabled = nextBtn.disabled = true;
    const input = { ...request.input, Limit: PAGE };
    if (startKeys[idx]) input.ExclusiveStartKey = startKeys[idx];
    try {
      const out = await call("dynamodb", request.action, input);
      if (!ctx.alive()) return;
      pageIdx = idx;
      lastKey = out.LastEvaluatedKey && Object.keys(out.LastEvaluatedKey).length ? out.LastEvaluatedKey : null;
      modeEl.textContent = request.action;
      pageEl.textContent = `Page ${idx + 1} · ${(out.Items || []).length} items`;
      showItems(out.Items || []);
    } catch (e) {
      ctx.error(e);
    } finally {
      busy = false;
      prevBtn.disabled = pageIdx === 0;
      nextBtn.disabled = !lastKey;
    }
  }

  function start(action, input) {
    request = { action, input: { TableName: tableName, ...input } };
    startKeys = [undefined];
    lastKey = null;
    itemView.hidden = true;
    run(0);
  }

  nextBtn.addEventListener("click", () => {
    if (!lastKey) return;
    startKeys = startKeys.slice(0, pageIdx + 1);
    startKeys.push(lastKey);
    run(pageIdx + 1);
  });
  prevBtn.addEventListener("click", () => pageIdx > 0 && run(pageIdx - 1));
  scanBtn.addEventListener("click", () => start("Scan", {}));
  queryForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!hashKey) return;
    const names = { "#pk": hashKey };
    const values = { ":pk": typed(hashKey, pk.value) };
    let cond = "#pk = :pk";
    const op = rangeKey ? skOp.value : "";
    if (op) {
      names["#sk"] = rangeKey;
      values[":sk"] = typed(rangeKey, sk.value);
      if (op === "begins_with") cond += " AND begins_with(#sk, :sk)";
      else if (op === "between") {
        values[":sk2"] = typed(rangeKey, sk2.value);
        cond += " AND #sk BETWEEN :sk AND :sk2";
      } else cond += ` AND #sk ${op} :sk`;
    }
    start("Query", { KeyConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values });
  });

  function showItems(items) {
    if (!items.length) {
      replace(results, empty("No items."));
      return;
    }
    const others = new Set();
    for (const it of items) for (const k of Object.keys(it)) if (!keyNames.includes(k)) others.add(k);
    const cols = [...keyNames, ...[...others].sort()];
    const rows = items.map((it) => {
      const tr = h("tr", { tabindex: "0", class: "clickable", title: "Open item" },
        cols.map((c) => {
          const text = it[c] ? cellText(it[c]) : "";
          return h("td", { title: text.length > 40 ? text : null }, text);
        }));
      const open = () => {
        for (const r of tr.parentNode.children) r.removeAttribute("aria-selected");
        tr.setAttribute("aria-selected", "true");
        openItem(it);
      };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          open();
        }
      });
      return tr;
    });
    replace(results, table(cols, rows, { testid: "items", class: "items" }));
  }

  function openItem(item) {
    let tab = "json";
    const pre = h("pre", { class: "json", testid: "item-json" });
    const tJson = h("button", { type: "button", role: "tab", testid: "item-tab-json" }, "JSON");
    const tDdb = h("button", { type: "button", role: "tab", testid: "item-tab-ddb" }, "DynamoDB JSON");
    const showTab = (t) => {
      tab = t;
      tJson.setAttribute("aria-selected", String(t === "json"));
      tDdb.setAttribute("aria-selected", String(t === "ddb"));
      pre.textContent = JSON.stringify(t === "json" ? plainItem(item) : item, null, 2);
    };
    tJson.addEventListener("click", () => showTab("json"));
    tDdb.addEventListener("click", () => showTab("ddb"));
    const editBtn = h("button", { type: "button", testid: "item-edit" }, "Edit");
    const delBtn = h("button", { type: "button", class: "btn-danger", testid: "item-delete" }, "Delete");
    const closeBtn = h("button", { type: "button", class: "btn-quiet" }, "Close");
    const body = h("div", null, pre);
    closeBtn.addEventListener("click", () => { itemView.hidden = true; });
    editBtn.addEventListener("click", () => edit());
    delBtn.addEventListener("click", async () => {
      const key = Object.fromEntries(keyNames.map((k) => [k, item[k]]));
      if (!confirm("Delete this item?\n" + JSON.stringify(plainItem(key)))) return;
      try {
        await call("dynamodb", "DeleteItem", { TableName: tableName, Key: key });
        itemView.hidden = true;
        run(pageIdx);
      } catch (e) {
        ctx.error(e);
      }
    });

    function edit() {
      const area = h("textarea", { id: "item-editor", rows: "14", spellcheck: "false", class: "code" });
      area.value = JSON.stringify(item, null, 2);
      const save = h("button", { type: "button", class: "btn-primary", testid: "item-save" }, "Save");
      const cancel = h("button", { type: "button" }, "Cancel");
      cancel.addEventListener("click", () => replace(body, pre));
      save.addEventListener("click", async () => {
        let next;
        try {
          next = JSON.parse(area.value);
        } catch (e) {
          ctx.error({ code: "InvalidJSON", message: e.message });
          return;
        }
        if (!confirm("Replace the item with this one (PutItem)?")) return;
        try {
          await call("dynamodb", "PutItem", { TableName: tableName, Item: next });
          item = next;
          replace(body, pre);
          showTab(tab);
          run(pageIdx);
        } catch (e) {
          ctx.error(e);
        }
      });
      replace(body, h("label", { for: "item-editor" }, "Item (DynamoDB JSON)"), area, h("div", { class: "actions" }, save, cancel));
      area.focus();
    }

    showTab("json");
    replace(itemView,
      h("div", { class: "title-row" }, h("h3", null, "Item"),
        h("div", { class: "buttons" }, editBtn, delBtn, closeBtn)),
      h("div", { role: "tablist", class: "tabs", "aria-label": "Item format" }, tJson, tDdb),
      body);
    itemView.hidden = false;
    itemView.scrollIntoView({ block: "nearest" });
  }

  start("Scan", {});
}
