// Lambda's text log format for console output:
//   2015-08-30T12:36:00.000Z\t<request id>\tINFO\t<message>
// Newlines inside one message become carriage returns, so that one call stays one log event.
"use strict";

const util = require("node:util");

let requestId = "";

function setRequestId(id) {
    requestId = id;
}

function line(level, args) {
    const message = util.format(...args).replace(/\n/g, "\r");
    return `${new Date().toISOString()}\t${requestId}\t${level}\t${message}\n`;
}

function patch() {
    const out = (level) => (...args) => process.stdout.write(line(level, args));
    const err = (level) => (...args) => process.stderr.write(line(level, args));
    console.log = out("INFO");
    console.info = out("INFO");
    console.debug = out("DEBUG");
    console.trace = out("TRACE");
    console.warn = err("WARN");
    console.error = err("ERROR");
    console.fatal = err("FATAL");
}

module.exports = { patch, setRequestId, line };
