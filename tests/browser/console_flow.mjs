// The console in a real browser (Debian's chromium driven by playwright-core), against a
// server running the reference architecture; started by test_console_browser.py, which
// passes everything through the environment and checks the exit code. Each step throws with
// a reason on failure; screenshots of every page go to SCREENSHOT_DIR.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

import { endpoint, env, shots } from "./flow_env.mjs";

const timeout = 30_000;

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
});
const problems = [];

async function newPage(name, { expectRefusals = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on("pageerror", (e) => problems.push(`${name}: page error: ${e.message}`));
    page.on("console", (m) => {
        if (m.type() !== "error") return;
        // The browser reports every 4xx answer of fetch() as an error; a signed-out start
        // (401) and, for a restricted user, IAM refusals (400/403) are expected.
        const t = m.text();
        if (/Failed to load resource: the server responded with a status of 401/.test(t)) return;
        if (expectRefusals && /Failed to load resource: the server responded with a status of 40[03]/.test(t)) return;
        problems.push(`${name}: console error: ${t}`);
    });
    return page;
}

async function shot(page, name) {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// With `keyboard`, the form is filled and sent from the keyboard alone.
async function signIn(page, key, secret, { keyboard = false } = {}) {
    await page.goto(`${endpoint}/_console/`);
    await page.locator("#access-key-id").fill(key);
    await page.locator("#secret-access-key").fill(secret);
    await shot(page, key === process.env.ROOT_KEY ? "signin" : "signin-restricted");
    if (keyboard) {
        await page.keyboard.press("Enter");
    } else {
        await page.getByRole("button", { name: "Sign in" }).click();
    }
    await page.locator("#access-key-id").waitFor({ state: "detached" });
}

async function number(locator) {
    const text = (await locator.textContent()) || "";
    const n = Number(text.replace(/[^0-9.]/g, ""));
    if (!Number.isFinite(n)) throw new Error(`not a number: ${text}`);
    return n;
}

async function step(name, fn) {
    const started = Date.now();
    try {
        await fn();
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
        problems.push(`${name}: ${e.message}`);
        console.log(`FAIL ${name}: ${e.message}`);
    }
}

// Root: the pipeline as it runs.
const page = await newPage("root");
await step("sign in with the root keys", async () => {
    await signIn(page, env("ROOT_KEY"), env("ROOT_SECRET"));
    await page.locator("[data-testid=overview-records-total]").waitFor();
});

await step("overview: throughput rises while the producer runs", async () => {
    const total = page.locator("[data-testid=overview-records-total]");
    const first = await number(total);
    const deadline = Date.now() + timeout;
    let rate = 0, now = first;
    while (Date.now() < deadline) {
        await page.waitForTimeout(500);
        now = await number(total);
        rate = await number(page.locator("[data-testid=overview-records-in]"));
        if (now > first && rate > 0) break;
    }
    if (!(now > first && rate > 0)) throw new Error(`records put ${first} -> ${now}, rate ${rate}/s`);
    await page.locator("[data-testid=overview-chart] canvas").first().waitFor();
    for (const name of [env("TABLE"), env("FUNCTION"), env("STREAM")]) {
        await page.getByText(name, { exact: false }).first().waitFor();
    }
    await shot(page, "overview");
});

await step("stack page: resources and outputs", async () => {
    await page.goto(`${endpoint}/_console/#/stacks/${env("STACK")}`);
    await page.getByText("CREATE_COMPLETE").first().waitFor();
    await page.getByText(env("TABLE")).first().waitFor();
    await shot(page, "stack");
});

await step("stream page: shards and the record browser", async () => {
    await page.goto(`${endpoint}/_console/#/streams/${env("STREAM")}`);
    await page.getByText("shardId-000000000000").first().waitFor();
    await page.getByRole("button", { name: "Read" }).click();
    await page.getByText(env("KNOWN_USER")).first().waitFor();
    await shot(page, "stream");
});

await step("table page: a known tweet found by Query on Username", async () => {
    await page.goto(`${endpoint}/_console/#/tables/${env("TABLE")}`);
    await page.locator("#query-pk").fill(env("KNOWN_USER"));
    await page.getByRole("button", { name: "Query", exact: true }).click();
    const items = page.locator("table[data-testid=items]");
    await items.getByText(env("KNOWN_ID")).first().waitFor();
    await shot(page, "table");
    // The item opens from the keyboard too, as JSON and as DynamoDB JSON.
    await items.locator("tbody tr", { hasText: env("KNOWN_ID") }).first().focus();
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=item-json]").getByText(env("KNOWN_ID")).first().waitFor();
    await page.locator("[data-testid=item-tab-ddb]").click();
    await page.locator("[data-testid=item-json]").getByText(`"S": "${env("KNOWN_ID")}"`).first().waitFor();
    await shot(page, "table-item");
});

await step("function page: REPORT lines in the log tail", async () => {
    await page.goto(`${endpoint}/_console/#/functions/${env("FUNCTION")}`);
    await page.locator("[data-testid=log-tail]").getByText(/REPORT RequestId/).first().waitFor();
    await shot(page, "function");
});

await step("mapping page: disable, then enable", async () => {
    await page.goto(`${endpoint}/_console/#/mappings/${env("MAPPING")}`);
    const state = page.locator("[data-testid=mapping-state]");
    const toggle = page.locator("[data-testid=mapping-toggle]");
    await state.getByText("Enabled", { exact: true }).waitFor();
    await toggle.getByText("Disable", { exact: true }).waitFor();
    await toggle.click();
    await state.getByText("Disabled", { exact: true }).waitFor();
    await shot(page, "mapping-disabled");
    fs.writeFileSync(path.join(shots, "mapping-was-disabled"), "yes\n");
    await toggle.getByText("Enable", { exact: true }).waitFor();
    await toggle.click();
    await state.getByText("Enabled", { exact: true }).waitFor();
    await shot(page, "mapping");
});

await step("IAM page", async () => {
    await page.goto(`${endpoint}/_console/#/iam`);
    await page.getByText(env("CLIENT_USER")).first().waitFor();
    await shot(page, "iam");
});

await step("narrow window", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${endpoint}/_console/#/overview`);
    await page.locator("[data-testid=overview-records-total]").waitFor();
    await shot(page, "overview-narrow");
});

await step("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("#access-key-id").waitFor();
});

// A user allowed only dynamodb:Scan on the table.
const limited = await newPage("restricted", { expectRefusals: true });
await step("restricted user: sees the table's items", async () => {
    await signIn(limited, env("SCAN_KEY"), env("SCAN_SECRET"), { keyboard: true });
    await limited.goto(`${endpoint}/_console/#/tables/${env("TABLE")}`);
    const scan = limited.getByRole("button", { name: "Scan", exact: true });
    await scan.click();
    // Some tweet's id: the producer keeps writing, so which tweets are on Scan's first page (in
    // key order) depends on how far it got; the known tweet is found by Query above.
    await limited.locator("table[data-testid=items]").getByText(/^\d{15,20}$/).first().waitFor();
    await shot(limited, "restricted-table");
});

await step("restricted user: refused elsewhere with AWS's message", async () => {
    await limited.goto(`${endpoint}/_console/#/streams`);
    const banner = limited.locator("[data-testid=error]");
    await banner.getByText(
        `User: ${env("SCAN_ARN")} is not authorized to perform: kinesis:ListStreams`,
        { exact: false }).first().waitFor();
    await shot(limited, "restricted-refused");
});

await browser.close();
if (problems.length) {
    console.log("\n" + problems.join("\n"));
    process.exit(1);
}
console.log("all console steps passed; screenshots in " + shots);
