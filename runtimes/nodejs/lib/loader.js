// Loads the handler named by _HANDLER ("path/module.export.nested") from LAMBDA_TASK_ROOT, as
// Lambda's Node.js runtime does: CommonJS, or ES modules (.mjs, or .js under "type": "module"),
// with AWS's error types when it cannot.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { ImportModuleError, HandlerNotFound, MalformedHandlerName,
        UserCodeSyntaxError } = require("./errors");

function isModuleType(folder) {
    for (let dir = folder; ; dir = path.dirname(dir)) {
        if (dir.endsWith("/node_modules")) return false;
        const pj = path.join(dir, "package.json");
        if (fs.existsSync(pj)) {
            try {
                return JSON.parse(fs.readFileSync(pj, "utf8")).type === "module";
            } catch (_) {
                return false;
            }
        }
        if (dir === path.dirname(dir)) return false;
    }
}

async function importFile(file) {
    return fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined;
}

function requireFile(file) {
    return fs.existsSync(file) ? require(file) : undefined;
}

async function loadModule(root, moduleRoot, name) {
    const base = path.resolve(root, moduleRoot, name);
    const esm = isModuleType(path.dirname(base));
    const found = requireFile(base) || (!esm && requireFile(base + ".js")) ||
        (esm && (await importFile(base + ".js"))) || (await importFile(base + ".mjs")) ||
        requireFile(base + ".cjs");
    if (found) return found;
    // Node's own resolution, from the task root: packages in node_modules.
    return require(require.resolve(name, { paths: [root, path.resolve(root, moduleRoot)] }));
}

async function loadHandler(root, handlerString) {
    if (handlerString.includes("..")) {
        throw new MalformedHandlerName(`'${handlerString}' is not a valid handler name. Use ` +
            "absolute paths when specifying root directories in handler names.");
    }
    const handlerPart = path.basename(handlerString);
    const moduleRoot = handlerString.substring(0, handlerString.indexOf(handlerPart));
    const match = handlerPart.match(/^([^.]*)\.(.*)$/);
    if (!match) throw new MalformedHandlerName("Bad handler");
    let mod;
    try {
        mod = await loadModule(root, moduleRoot, match[1]);
    } catch (e) {
        if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
        if (e && e.code === "MODULE_NOT_FOUND") throw new ImportModuleError(e);
        throw e;
    }
    const fn = match[2].split(".").reduce((o, key) => o && o[key], mod);
    if (!fn) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
    if (typeof fn !== "function") throw new HandlerNotFound(`${handlerString} is not a function`);
    return fn;
}

module.exports = { loadHandler };
