// Points the AWS SDKs a function loads at this Freshet, with no change to the function's code.
//
// The function's environment carries its role's temporary credentials (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), its region, and AWS_ENDPOINT_URL. The SDK v3
// reads AWS_ENDPOINT_URL itself; the SDK v2 (aws-sdk, which Lambda's runtimes up to
// nodejs16.x shipped and the reference architecture's handler uses) does not, so its global
// configuration gets the endpoint when it is first required.
"use strict";

const Module = require("node:module");

function install() {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    if (!endpoint) return;
    const load = Module._load;
    const patched = new WeakSet();
    Module._load = function (request, parent, isMain) {
        const exported = load.apply(this, arguments);
        if (request === "aws-sdk" && exported && exported.config && !patched.has(exported)) {
            patched.add(exported);
            // One endpoint serves every service; S3 then needs path-style addressing.
            exported.config.update({ endpoint, s3ForcePathStyle: true });
        }
        return exported;
    };
}

module.exports = { install };
