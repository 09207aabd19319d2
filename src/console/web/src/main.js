// Entry: the page shell (nav, principal, error banner) and the routes.
import * as api from "./api.js";
import { h, replace } from "./dom.js";
import { Router } from "./router.js";
import { renderSignin } from "./signin.js";
import * as overview from "./overview.js";
import * as stacks from "./stacks.js";
import * as streams from "./streams.js";
import * as functions from "./functions.js";
import * as mappings from "./mappings.js";
import * as tables from "./tables.js";
import * as iam from "./iam.js";

const NAV = [
  ["overview", "Overview"],
  ["stacks", "Stacks"],
  ["streams", "Streams"],
  ["functions", "Functions"],
  ["mappings", "Mappings"],
  ["tables", "Tables"],
  ["iam", "IAM"],
];

let session = null;
let wanted = "#/overview";

// --- error banner: one per page, one line per distinct failure ---
const bannerList = h("div", { class: "banner-lines", testid: "error", role: "alert" });
const bannerBox = h("div", { class: "banner", hidden: true },
  bannerList,
  h("button", { type: "button", class: "banner-close", "aria-label": "Dismiss errors", onclick: clearBanner }, "×"));

function errorText(e) {
  if (e && e.code) return `${e.code}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function showError(e) {
  const text = errorText(e);
  if (!(e && e.code)) console.warn(e);
  for (const line of bannerList.children) if (line.textContent === text) return;
  bannerList.appendChild(h("div", { class: "banner-line" }, text));
  bannerBox.hidden = false;
}

function clearBanner() {
  replace(bannerList);
  bannerBox.hidden = true;
}

// --- shell ---
const navLinks = NAV.map(([id, label]) => h("a", { href: "#/" + id, dataset: { page: id } }, label));
const principalEl = h("span", { class: "principal", testid: "principal" });
const signOutBtn = h("button", { type: "button", class: "btn-quiet", onclick: signOut }, "Sign out");
const navEl = h("nav", { class: "nav", "aria-label": "Main" },
  h("ul", null, navLinks.map((a) => h("li", null, a))));
const whoEl = h("div", { class: "who" }, principalEl, signOutBtn);
const outlet = h("main", { id: "main", class: "page", tabindex: "-1" });

document.body.append(
  h("a", { class: "skip", href: "#main", onclick: (ev) => { ev.preventDefault(); outlet.focus(); } }, "Skip to content"),
  h("header", { class: "topbar" },
    h("a", { class: "brand", href: "#/overview" }, "Freshet"), navEl, whoEl),
  bannerBox,
  outlet);

function updateShell() {
  navEl.hidden = !session;
  whoEl.hidden = !session;
  if (session) {
    const p = session.principal || {};
    principalEl.textContent = p.arn || "";
    principalEl.title = `${p.type || ""} in account ${p.accountId || ""}`;
  }
}

async function signOut() {
  try {
    await api.signOut();
  } catch (e) {
    showError(e);
    return;
  }
  session = null;
  wanted = "#/overview";
  updateShell();
  router.go("#/signin");
}

function onSignedIn(s) {
  session = s;
  updateShell();
  const target = wanted && !wanted.startsWith("#/signin") ? wanted : "#/overview";
  history.replaceState(null, "", location.pathname + target);
  router.go(target, { replace: true });
}

const pages = {
  signin: { render: (root, ctx) => renderSignin(root, ctx, onSignedIn) },
  overview,
  stacks,
  streams,
  functions,
  mappings,
  tables,
  iam,
};

const router = new Router({
  outlet,
  pages,
  fallback: "#/overview",
  guard(route) {
    if (!session && route.page !== "signin") {
      if (route.page) wanted = location.hash;
      return "#/signin";
    }
    if (session && route.page === "signin") return "#/overview";
    return null;
  },
  onEnter(route) {
    clearBanner();
    for (const a of navLinks) {
      if (a.dataset.page === route.page) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  },
  onError: showError,
});

api.setSignedOutHandler(() => {
  if (!session) return;
  session = null;
  wanted = location.hash || "#/overview";
  updateShell();
  router.go("#/signin", { replace: true });
});

async function start() {
  try {
    session = await api.getSession();
  } catch (e) {
    session = null;
    updateShell();
    router.render();
    showError(e);
    return;
  }
  updateShell();
  router.render();
}

start();
