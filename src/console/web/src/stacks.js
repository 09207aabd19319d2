// CloudFormation stacks: list and detail (parameters, outputs, resources, events, delete).
import { listPage } from "./listing.js";
import { call, listAll } from "./api.js";
import { badge, card, empty, enc, facts, fmtTime, h, link, replace, table } from "./dom.js";

export function render(root, ctx) {
  if (ctx.params.length) return renderStack(root, ctx, ctx.params[0]);
  return renderList(root, ctx);
}

async function renderList(root, ctx) {
  const list = await listPage(root, ctx, "Stacks", "stacks", () => listAll("cloudformation", "ListStacks", {}, "StackSummaries", "NextToken", "NextToken"));
  if (!list) return;
  const { body, items: summaries } = list;
  const live = summaries.filter((s) => s.StackStatus !== "DELETE_COMPLETE")
    .sort((a, b) => a.StackName.localeCompare(b.StackName));
  if (!live.length) {
    replace(body, empty("No stacks."));
    return;
  }
  replace(body, table(["Name", "Status", "Created", "Reason"], live.map((s) => [
    link("#/stacks/" + enc(s.StackName), s.StackName),
    badge(s.StackStatus),
    fmtTime(s.CreationTime),
    s.StackStatusReason || "",
  ]), { testid: "stacks" }));
}

// Console page of a physical resource, by CloudFormation type.
function resourceHref(type, physical) {
  if (!physical) return null;
  switch (type) {
    case "AWS::Kinesis::Stream":
      return "#/streams/" + enc(physical);
    case "AWS::Lambda::Function":
      return "#/functions/" + enc(physical);
    case "AWS::DynamoDB::Table":
      return "#/tables/" + enc(physical);
    case "AWS::Lambda::EventSourceMapping":
      return "#/mappings/" + enc(physical);
    case "AWS::IAM::Role":
      return "#/iam/roles/" + enc(physical);
    case "AWS::IAM::User":
      return "#/iam/users/" + enc(physical);
    default:
      return null;
  }
}

function isBusy(status) {
  return /_IN_PROGRESS$/.test(status || "");
}

function isGone(e) {
  return e && e.code === "ValidationError" && /does not exist/.test(e.message);
}

function renderStack(root, ctx, name) {
  const statusBox = h("div", null, empty("Loading…"));
  const paramsBox = h("div");
  const outputsBox = h("div");
  const resourcesBox = h("div");
  const eventsBox = h("div");
  const deleteBtn = h("button", { type: "button", class: "btn-danger", testid: "stack-delete" }, "Delete stack");
  let deleting = false;
  let gone = false;

  root.append(
    h("p", { class: "crumbs" }, link("#/stacks", "Stacks"), " / ", name),
    h("div", { class: "title-row" }, h("h1", null, name), deleteBtn),
    card("Status", statusBox),
    h("div", { class: "two-col" }, card("Parameters", paramsBox), card("Outputs", outputsBox)),
    card("Resources", resourcesBox),
    card("Events", eventsBox));

  let lastKey = "";
  const load = async () => {
    if (gone) return false;
    let stack;
    try {
      const out = await call("cloudformation", "DescribeStacks", { StackName: name });
      stack = (out.Stacks || [])[0];
    } catch (e) {
      if (isGone(e) && deleting) {
        markGone();
        return false;
      }
      ctx.error(e);
      replace(statusBox, empty("Could not describe the stack."));
      return false;
    }
    if (!ctx.alive() || !stack) return false;
    if (stack.StackStatus === "DELETE_COMPLETE") {
      markGone();
      return false;
    }
    const [res, ev] = await Promise.all([
      listAll("cloudformation", "ListStackResources", { StackName: name }, "StackResourceSummaries", "NextToken", "NextToken")
        .catch((e) => (ctx.error(e), null)),
      call("cloudformation", "DescribeStackEvents", { StackName: name })
        .then((o) => o.StackEvents || []).catch((e) => (ctx.error(e), null)),
    ]);
    if (!ctx.alive() || gone) return false;
    const key = JSON.stringify([stack, res, ev]);
    if (key !== lastKey) {
      lastKey = key;
      show(stack, res, ev);
    }
    return isBusy(stack.StackStatus);
  };

  function markGone() {
    gone = true;
    deleteBtn.disabled = true;
    replace(statusBox, h("p", { testid: "stack-status" }, badge("DELETE_COMPLETE"), " The stack is gone. ",
      link("#/stacks", "Back to stacks")));
  }

  function show(s, res, ev) {
    replace(statusBox, facts([
      ["Status", h("span", { testid: "stack-status" }, badge(s.StackStatus))],
      ["Reason", s.StackStatusReason],
      ["Description", s.Description],
      ["Created", fmtTime(s.CreationTime)],
      ["Updated", s.LastUpdatedTime ? fmtTime(s.LastUpdatedTime) : null],
      ["Stack ID", h("code", null, s.StackId || "")],
    ]));
    const params = s.Parameters || [];
    replace(paramsBox, params.length
      ? table(["Key", "Value"], params.map((p) => [p.ParameterKey, p.ParameterValue ?? p.ResolvedValue ?? ""]))
      : empty("No parameters."));
    const outs = s.Outputs || [];
    replace(outputsBox, outs.length
      ? table(["Key", "Value", "Description"], outs.map((o) => [o.OutputKey, h("code", null, o.OutputValue || ""), o.Description || ""]),
        { testid: "stack-outputs" })
      : empty("No outputs."));
    if (res) {
      replace(resourcesBox, res.length
        ? table(["Logical ID", "Physical ID", "Type", "Status", "Reason"], res.map((r) => {
          const href = resourceHref(r.ResourceType, r.PhysicalResourceId);
          return [r.LogicalResourceId,
            href ? link(href, r.PhysicalResourceId) : r.PhysicalResourceId || "—",
            r.ResourceType, badge(r.ResourceStatus), r.ResourceStatusReason || ""];
        }), { testid: "stack-resources" })
        : empty("No resources."));
    }
    if (ev) {
      const events = [...ev].sort((a, b) => (b.Timestamp || 0) - (a.Timestamp || 0));
      replace(eventsBox, events.length
        ? table(["Time", "Logical ID", "Type", "Status", "Reason"], events.map((e) => [
          fmtTime(e.Timestamp), e.LogicalResourceId, e.ResourceType, badge(e.ResourceStatus), e.ResourceStatusReason || "",
        ]), { testid: "stack-events" })
        : empty("No events."));
    }
  }

  // refresh quickly while something is in progress, slowly otherwise
  let stopped = false;
  const loop = async () => {
    if (stopped || !ctx.alive()) return;
    let busy = false;
    if (!document.hidden) busy = await load();
    if (!stopped && ctx.alive() && !gone) ctx.timeout(loop, busy || deleting ? 1000 : 5000);
  };
  ctx.onCleanup(() => { stopped = true; });
  loop();

  deleteBtn.addEventListener("click", async () => {
    if (!confirm(`Delete the stack "${name}" and every resource it created?`)) return;
    deleteBtn.disabled = true;
    try {
      await call("cloudformation", "DeleteStack", { StackName: name });
      deleting = true;
    } catch (e) {
      ctx.error(e);
      deleteBtn.disabled = false;
      return;
    }
    await load();
  });
}
