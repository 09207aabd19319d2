// Sign in with an access key (and a session token for temporary credentials).
import * as api from "./api.js";
import { h } from "./dom.js";

export function renderSignin(root, ctx, onSignedIn) {
  const expired = new URLSearchParams(location.search).get("signin") === "expired";
  const field = (id, label, attrs = {}) =>
    h("div", { class: "field" },
      h("label", { for: id }, label),
      h("input", { id, name: id, autocomplete: "off", spellcheck: "false", ...attrs }));

  const submit = h("button", { type: "submit", class: "btn-primary" }, "Sign in");
  const form = h("form", { class: "signin-form", "aria-labelledby": "signin-title" },
    field("access-key-id", "Access key ID", { required: true, autocomplete: "username" }),
    field("secret-access-key", "Secret access key", {
      type: "password", required: true, autocomplete: "current-password",
    }),
    field("session-token", "Session token (optional, for temporary credentials)"),
    h("div", { class: "actions" }, submit));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector("#" + id).value.trim();
    submit.disabled = true;
    try {
      const s = await api.signIn(v("access-key-id"), v("secret-access-key"), v("session-token"));
      if (ctx.alive()) onSignedIn(s);
    } catch (e) {
      ctx.error(e);
    } finally {
      submit.disabled = false;
    }
  });

  root.append(h("section", { class: "card signin" },
    h("h1", { id: "signin-title" }, "Sign in to Freshet"),
    expired
      ? h("p", { class: "note", testid: "signin-expired", role: "status" },
        "That sign-in link has been used or has expired.")
      : null,
    h("p", { class: "muted" },
      "Use an access key of the account's root or of an IAM user. The root link printed by ",
      h("code", null, "freshet serve"), " signs you in without one."),
    form));
  form.querySelector("#access-key-id").focus();
}
