// IAM, read-only: users, roles, customer managed policies and their documents.
import { call, listAll } from "./api.js";
import { card, empty, fmtTime, h, replace, table } from "./dom.js";
import { settleEach } from "./resources.js";

// Policy documents come URL-encoded; show them pretty when they parse.
export function decodeDocument(doc) {
  if (doc && typeof doc === "object") return JSON.stringify(doc, null, 2);
  const text = String(doc ?? "");
  const tries = [() => text, () => decodeURIComponent(text), () => decodeURIComponent(text.replace(/\+/g, " "))];
  for (const t of tries) {
    try {
      return JSON.stringify(JSON.parse(t()), null, 2);
    } catch {
      // next
    }
  }
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const list = (action, input, field) => listAll("iam", action, input, field, "Marker", "Marker");

export function render(root, ctx) {
  const [kind, focus] = ctx.params;
  const usersBox = h("div", null, empty("Loading…"));
  const rolesBox = h("div", null, empty("Loading…"));
  const policiesBox = h("div", null, empty("Loading…"));
  const docTitle = h("h2", null, "Policy document");
  const docPre = h("pre", { class: "json", testid: "policy-document-text" });
  const docCard = h("section", { class: "card", testid: "policy-document", hidden: true, tabindex: "-1" },
    docTitle, docPre,
    h("button", { type: "button", class: "btn-quiet", onclick: () => { docCard.hidden = true; } }, "Close"));
  root.append(h("h1", null, "IAM"),
    h("p", { class: "muted" }, "Read-only view of the account's identities and policies."),
    docCard,
    card("Users", usersBox), card("Roles", rolesBox), card("Customer managed policies", policiesBox));

  async function showDoc(title, load) {
    docTitle.textContent = title;
    docPre.textContent = "Loading…";
    docCard.hidden = false;
    docCard.focus();
    docCard.scrollIntoView({ block: "nearest" });
    try {
      const doc = await load();
      if (ctx.alive()) docPre.textContent = decodeDocument(doc);
    } catch (e) {
      docPre.textContent = "";
      ctx.error(e);
    }
  }

  const managedDoc = (arn) => showDoc(arn, async () => {
    const p = (await call("iam", "GetPolicy", { PolicyArn: arn })).Policy || {};
    const v = await call("iam", "GetPolicyVersion", { PolicyArn: arn, VersionId: p.DefaultVersionId || "v1" });
    docTitle.textContent = `${p.PolicyName || arn} (${p.DefaultVersionId || "v1"})`;
    return v.PolicyVersion?.Document;
  });
  const docButton = (label, onclick) => h("button", { type: "button", class: "linkish", onclick }, label);
  const attachedList = (ps) => (ps.length
    ? h("ul", { class: "plain" }, ps.map((p) => h("li", null, docButton(p.PolicyName, () => managedDoc(p.PolicyArn)))))
    : "—");
  const inlineList = (names, get) => (names.length
    ? h("ul", { class: "plain" }, names.map((n) => h("li", null, docButton(n, () => showDoc(n + " (inline)", get(n))))))
    : "—");
  const settled = (r) => {
    if (r.status === "rejected") {
      ctx.error(r.reason);
      return null;
    }
    return r.value;
  };
  const highlight = (tbody, name) => {
    const row = tbody && [...tbody.querySelectorAll("tr")].find((tr) => tr.dataset.name === name);
    if (!row) return;
    row.classList.add("highlight");
    const d = row.querySelector("details");
    if (d) d.open = true;
    row.scrollIntoView({ block: "center" });
  };

  // users
  (async () => {
    const users = await list("ListUsers", {}, "Users");
    const extra = await settleEach(users, (u) => Promise.allSettled([
      list("ListAttachedUserPolicies", { UserName: u.UserName }, "AttachedPolicies"),
      list("ListUserPolicies", { UserName: u.UserName }, "PolicyNames"),
      list("ListAccessKeys", { UserName: u.UserName }, "AccessKeyMetadata"),
    ]), 4);
    if (!ctx.alive()) return;
    if (!users.length) return replace(usersBox, empty("No users."));
    const rows = users.map((u, i) => {
      const [att, inl, keys] = (extra[i].value || []).map(settled);
      const tr = h("tr", { dataset: { name: u.UserName } },
        [u.UserName, h("code", null, u.Arn), fmtTime(u.CreateDate),
          att ? attachedList(att) : "?",
          inl ? inlineList(inl, (n) => async () =>
            (await call("iam", "GetUserPolicy", { UserName: u.UserName, PolicyName: n })).PolicyDocument) : "?",
          keys ? (keys.length ? h("ul", { class: "plain" }, keys.map((k) => h("li", null, h("code", null, k.AccessKeyId), " ", k.Status))) : "—") : "?",
        ].map((c) => h("td", null, c)));
      return tr;
    });
    replace(usersBox, table(["Name", "ARN", "Created", "Managed policies", "Inline policies", "Access keys"], rows, { testid: "iam-users" }));
    if (kind === "users") highlight(usersBox.querySelector("tbody"), focus);
  })().catch((e) => {
    ctx.error(e);
    replace(usersBox, empty("Could not list users."));
  });

  // roles
  (async () => {
    const roles = await list("ListRoles", {}, "Roles");
    const extra = await settleEach(roles, (r) => Promise.allSettled([
      list("ListAttachedRolePolicies", { RoleName: r.RoleName }, "AttachedPolicies"),
      list("ListRolePolicies", { RoleName: r.RoleName }, "PolicyNames"),
    ]), 4);
    if (!ctx.alive()) return;
    if (!roles.length) return replace(rolesBox, empty("No roles."));
    const rows = roles.map((r, i) => {
      const [att, inl] = (extra[i].value || []).map(settled);
      return h("tr", { dataset: { name: r.RoleName } },
        [h("div", null, r.RoleName, r.Description ? h("div", { class: "muted small" }, r.Description) : null),
          h("code", null, r.Arn),
          h("details", null, h("summary", null, "Trust policy"),
            h("pre", { class: "json" }, decodeDocument(r.AssumeRolePolicyDocument))),
          att ? attachedList(att) : "?",
          inl ? inlineList(inl, (n) => async () =>
            (await call("iam", "GetRolePolicy", { RoleName: r.RoleName, PolicyName: n })).PolicyDocument) : "?",
        ].map((c) => h("td", null, c)));
    });
    replace(rolesBox, table(["Name", "ARN", "Trust policy", "Managed policies", "Inline policies"], rows, { testid: "iam-roles" }));
    if (kind === "roles") highlight(rolesBox.querySelector("tbody"), focus);
  })().catch((e) => {
    ctx.error(e);
    replace(rolesBox, empty("Could not list roles."));
  });

  // customer managed policies
  list("ListPolicies", { Scope: "Local" }, "Policies").then((ps) => {
    if (!ctx.alive()) return;
    replace(policiesBox, ps.length ? table(["Name", "ARN", "Default version", "Attachments", "Updated"], ps.map((p) => [
      docButton(p.PolicyName, () => managedDoc(p.Arn)), h("code", null, p.Arn), p.DefaultVersionId || "—",
      String(p.AttachmentCount ?? "—"), fmtTime(p.UpdateDate || p.CreateDate),
    ]), { testid: "iam-policies" }) : empty("No customer managed policies."));
  }).catch((e) => {
    ctx.error(e);
    replace(policiesBox, empty("Could not list policies."));
  });
}
