// The Lambda Runtime API (2018-06-01) as a function process sees it: long-poll the next
// invocation, post its response or error, or report an initialisation error.
//
// One kept-alive connection carries the requests (a new connection per request cost about a
// third of a warm invocation). Node's agent unreferences a socket while it is idle in the
// pool, so between requests it keeps nothing alive in the event loop: the callback model's
// "wait for an empty event loop" still sees only the handler's own work.
"use strict";

const http = require("node:http");

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const [HOST, PORT] = (API || "127.0.0.1:9001").split(":");
const BASE = "/2018-06-01/runtime";
const agent = new http.Agent({ keepAlive: true });

function request(method, path, body, headers) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(body);
        const req = http.request(
            {
                host: HOST, port: Number(PORT), method, path: BASE + path, agent,
                headers: Object.assign(
                    payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {},
                    headers || {}),
            },
            (res) => {
                const chunks = [];
                res.on("data", (c) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode, headers: res.headers,
                                              body: Buffer.concat(chunks).toString("utf8") }));
                res.on("error", reject);
            });
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
    });
}

async function nextInvocation() {
    const res = await request("GET", "/invocation/next");
    if (res.status !== 200) throw new Error(`Runtime API /invocation/next answered ${res.status}`);
    return res;
}

function postResponse(id, result) {
    // A handler's result is serialised as JSON; undefined becomes null, as Lambda returns.
    const body = JSON.stringify(result === undefined ? null : result);
    return request("POST", `/invocation/${id}/response`, body === undefined ? "null" : body);
}

function postError(id, errorDocument, errorType) {
    return request("POST", `/invocation/${id}/error`, JSON.stringify(errorDocument),
                   { "Lambda-Runtime-Function-Error-Type": errorType });
}

function postInitError(errorDocument, errorType) {
    return request("POST", "/init/error", JSON.stringify(errorDocument),
                   { "Lambda-Runtime-Function-Error-Type": errorType });
}

module.exports = { nextInvocation, postResponse, postError, postInitError };
