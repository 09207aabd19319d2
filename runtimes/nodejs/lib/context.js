// The context object and callback of Lambda's Node.js runtimes up to Node 22 (the model the
// reference architecture's handler is written for):
//   - context.succeed(result), context.fail(error), context.done(error, result) answer at once;
//     fail() without an error reports the string "handled";
//   - callback(error, result) answers once the event loop is empty, unless
//     context.callbackWaitsForEmptyEventLoop was set to false;
//   - whichever of them (or the handler's promise) comes first wins; later calls do nothing;
//   - getRemainingTimeInMillis() counts down to the invocation's deadline.
"use strict";

let beforeExitAction = null;
process.on("beforeExit", () => {
    const action = beforeExitAction;
    beforeExitAction = null;
    if (action) action();
});

// Runs `fn` when the event loop has nothing left to do.
function whenEventLoopEmpty(fn) {
    beforeExitAction = () => setImmediate(fn);
}
function cancelEventLoopWait() {
    beforeExitAction = null;
}

// `report.success(result)` and `report.failure(error)` deliver the outcome (once).
function build(invocation, report) {
    let finished = false;
    let waitForEmptyEventLoop = true;
    const once = (fn) => (...args) => {
        if (finished) return;
        finished = true;
        fn(...args);
    };
    const settle = (err, result, wait) => {
        cancelEventLoopWait();
        if (err !== undefined && err !== null) return report.failure(err);
        if (wait) return whenEventLoopEmpty(() => report.success(result));
        report.success(result);
    };
    const callback = once((err, result) => settle(err, result, waitForEmptyEventLoop));
    const done = once((err, result) => settle(err, result, false));
    const env = process.env;
    const context = {
        get callbackWaitsForEmptyEventLoop() { return waitForEmptyEventLoop; },
        set callbackWaitsForEmptyEventLoop(v) { waitForEmptyEventLoop = v; },
        succeed: (result) => done(null, result),
        fail: (err) => done(err === undefined || err === null ? "handled" : err, null),
        done,
        functionName: env.AWS_LAMBDA_FUNCTION_NAME,
        functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
        memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
        invokedFunctionArn: invocation.functionArn,
        awsRequestId: invocation.requestId,
        clientContext: invocation.clientContext,
        identity: invocation.identity,
        getRemainingTimeInMillis: () => Math.max(invocation.deadline - Date.now(), 0),
    };
    // A handler that neither answers nor leaves work behind answers null, as on Lambda.
    whenEventLoopEmpty(once(() => report.success(null)));
    return { context, callback };
}

module.exports = { build };
