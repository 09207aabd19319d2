// Errors as Lambda's Node.js runtime reports them: the error document
// {errorType, errorMessage, trace} and the runtime's own error types.
"use strict";

const util = require("node:util");

function looksLikeError(e) {
    return e && typeof e.name === "string" && typeof e.message === "string" &&
        typeof e.stack === "string";
}

// The document posted to the Runtime API and returned to the caller of Invoke.
function errorDocument(error) {
    try {
        if (util.types.isNativeError(error) || looksLikeError(error)) {
            return { errorType: error.name, errorMessage: error.message,
                     trace: error.stack.split("\n") };
        }
        return { errorType: typeof error, errorMessage: String(error), trace: [] };
    } catch (_) {
        return {
            errorType: "handled",
            errorMessage: "callback called with Error argument, but there was a problem while " +
                "retrieving one or more of its message, name, and stack",
        };
    }
}

// The runtime's errors are named "Runtime.<Class>", as AWS names them.
function runtimeError(name) {
    const cls = class extends Error {};
    cls.prototype.name = `Runtime.${name}`;
    return cls;
}

module.exports = {
    errorDocument,
    ImportModuleError: runtimeError("ImportModuleError"),
    HandlerNotFound: runtimeError("HandlerNotFound"),
    MalformedHandlerName: runtimeError("MalformedHandlerName"),
    UserCodeSyntaxError: runtimeError("UserCodeSyntaxError"),
};
