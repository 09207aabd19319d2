// The console in Firefox (Debian's firefox-esr), through WebDriver BiDi, which Firefox speaks
// natively: sign in, the overview's live counters, a Query on the table page, and no errors
// in the browser console. Started by test_console_browser.py with the same environment as
// console_flow.mjs; exits non-zero with the reason when a step fails.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";

import { endpoint, env, shots } from "./flow_env.mjs";

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "freshet-firefox-"));
const firefox = spawn(process.env.FIREFOX || "/usr/bin/firefox-esr",
    ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0",
     "--width", "1280", "--height", "800"], { stdio: ["ignore", "ignore", "pipe"] });

function finish(code, message) {
    if (message) console.log(message);
    firefox.kill("SIGKILL");
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(code);
}
setTimeout(() => finish(1, "FAIL: the Firefox run took over 120 s"), 120_000).unref();

const wsUrl = await new Promise((resolve, reject) => {
    let err = "";
    firefox.stderr.on("data", (d) => {
        err += d;
        const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(err);
        if (m) resolve(m[1]);
    });
    firefox.on("exit", (c) => reject(new Error(`firefox exited (${c}): ${err}`)));
});

const ws = new WebSocket(wsUrl + "/session");
await new Promise((resolve, reject) => { ws.on("open", resolve); ws.on("error", reject); });
let nextId = 1;
const pending = new Map();
const errors = [];
ws.on("message", (data) => {
    const msg = JSON.parse(data);
    if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.type === "error") reject(new Error(`${msg.error}: ${msg.message}`));
        else resolve(msg.result);
    } else if (msg.method === "log.entryAdded" && msg.params.level === "error") {
        errors.push(msg.params.text);
    }
});
const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
});

await send("session.new", { capabilities: {} });
await send("session.subscribe", { events: ["log.entryAdded"] });
const context = (await send("browsingContext.getTree")).contexts[0].context;

async function evaluate(expression) {
    const r = await send("script.evaluate",
        { expression, target: { context }, awaitPromise: true });
    if (r.type === "exception") throw new Error(r.exceptionDetails.text);
    return r.result.value;
}
// Waits until `expression` (evaluated in the page) is truthy.
async function until(what, expression, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
        if (await evaluate(`Boolean(${expression})`)) return;
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
}
async function shot(name) {
    const r = await send("browsingContext.captureScreenshot", { context });
    fs.writeFileSync(path.join(shots, `${name}.png`), Buffer.from(r.data, "base64"));
}
const text = (selector) => `document.querySelector(${JSON.stringify(selector)})?.textContent || ""`;
// Sets an input's value as typing would, so the page's listeners see it.
const fill = (selector, value) => evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("input", { bubbles: true }));
    return true; })()`);
const click = (selector, label) => evaluate(`(() => {
    const el = [...document.querySelectorAll(${JSON.stringify(selector)})]
        .find((b) => b.textContent.trim() === ${JSON.stringify(label)});
    el.click();
    return true; })()`);

try {
    await send("browsingContext.navigate", { context, url: `${endpoint}/_console/`, wait: "complete" });
    await until("the sign-in form", `document.querySelector("#access-key-id")`);
    await fill("#access-key-id", env("ROOT_KEY"));
    await fill("#secret-access-key", env("ROOT_SECRET"));
    await click("button", "Sign in");
    await until("the overview", `document.querySelector("[data-testid=overview-records-total]")`);
    const first = Number(await evaluate(text("[data-testid=overview-records-total]")));
    await until("records put rising",
        `Number(${text("[data-testid=overview-records-total]")}) > ${first}`);
    await until("the chart", `document.querySelector("[data-testid=overview-chart] canvas")`);
    await shot("firefox-overview");
    console.log("ok   Firefox: sign in, overview rising");

    await send("browsingContext.navigate",
        { context, url: `${endpoint}/_console/#/tables/${env("TABLE")}`, wait: "complete" });
    await until("the query form", `document.querySelector("#query-pk")`);
    await fill("#query-pk", env("KNOWN_USER"));
    await click("button", "Query");
    await until("the known tweet", `(${text("table[data-testid=items]")}).includes(${JSON.stringify(env("KNOWN_ID"))})`);
    await shot("firefox-table");
    console.log("ok   Firefox: Query on Username finds the known tweet");
} catch (e) {
    finish(1, `FAIL Firefox: ${e.message}`);
}
if (errors.length) finish(1, "FAIL Firefox console errors:\n" + errors.join("\n"));
finish(0, "Firefox steps passed");
