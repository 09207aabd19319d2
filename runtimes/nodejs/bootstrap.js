// Freshet's Node.js runtime: runs a Lambda handler against the Runtime API, with the context
// and callback model of Lambda's Node.js runtimes (see lib/context.js). Started by the function
// supervisor as `node bootstrap.js` with Lambda's environment (_HANDLER, LAMBDA_TASK_ROOT,
// AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_FUNCTION_NAME, ...).
"use strict";

const api = require("./lib/runtime_api");
const { errorDocument } = require("./lib/errors");
const { loadHandler } = require("./lib/loader");
const logs = require("./lib/log_patch");
const { build } = require("./lib/context");
require("./lib/sdk_shim").install();

let current = null;  // the request id of the invocation in progress

function invocationOf(res) {
    const h = res.headers;
    const json = (v) => (v ? JSON.parse(v) : undefined);
    return {
        requestId: h["lambda-runtime-aws-request-id"],
        deadline: Number(h["lambda-runtime-deadline-ms"]),
        functionArn: h["lambda-runtime-invoked-function-arn"],
        traceId: h["lambda-runtime-trace-id"],
        clientContext: json(h["lambda-runtime-client-context"]),
        identity: json(h["lambda-runtime-cognito-identity"]),
        event: res.body,
    };
}

// An uncaught exception or rejection fails the invocation in progress and ends the process,
// as on Lambda (the supervisor starts a new one for the next invocation).
function fatal(exitCode) {
    return (error) => {
        const doc = errorDocument(error);
        process.stderr.write(logs.line("ERROR", [`Uncaught Exception \t${JSON.stringify(doc)}`]));
        const done = () => process.exit(exitCode);
        if (current) api.postError(current, doc, doc.errorType).then(done, done);
        else done();
    };
}

async function invoke(handler, inv) {
    current = inv.requestId;
    logs.setRequestId(inv.requestId);
    if (inv.traceId) process.env._X_AMZN_TRACE_ID = inv.traceId;
    await new Promise((resolve) => {
        const report = {
            success: (result) => api.postResponse(inv.requestId, result).then(resolve, resolve),
            failure: (error) => {
                const doc = errorDocument(error);
                process.stderr.write(logs.line("ERROR", [`Invoke Error \t${JSON.stringify(doc)}`]));
                api.postError(inv.requestId, doc, doc.errorType).then(resolve, resolve);
            },
        };
        const { context, callback } = build(inv, report);
        try {
            const result = handler(JSON.parse(inv.event), context, callback);
            if (result && typeof result.then === "function") {
                result.then(context.succeed, context.fail);
            }
        } catch (error) {
            callback(error);
        }
    });
    current = null;
}

async function main() {
    logs.patch();
    process.on("uncaughtException", fatal(129));
    process.on("unhandledRejection", fatal(128));
    let handler;
    try {
        handler = await loadHandler(process.env.LAMBDA_TASK_ROOT || process.cwd(),
                                    process.env._HANDLER || "");
    } catch (error) {
        const doc = errorDocument(error);
        process.stderr.write(logs.line("ERROR", [`Init Error \t${JSON.stringify(doc)}`]));
        await api.postInitError(doc, doc.errorType).catch(() => {});
        process.exit(1);
    }
    for (;;) await invoke(handler, invocationOf(await api.nextInvocation()));
}

main();
