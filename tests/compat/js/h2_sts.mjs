// A signed call over HTTP/2 (h2c with prior knowledge, as the SDK's Kinesis client does), by
// the AWS SDK for JavaScript v3 itself: STS GetCallerIdentity through NodeHttp2Handler, plus
// the unsigned health check and several concurrent streams on one session.
// Usage: node h2_sts.mjs ENDPOINT ACCESS_KEY SECRET
import http2 from "node:http2";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
const { NodeHttp2Handler } = require("@smithy/node-http-handler");

const [endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);

function get(session, path) {
    return new Promise((resolve, reject) => {
        const req = session.request({ ":method": "GET", ":path": path });
        let status = 0;
        let body = "";
        req.on("response", (h) => (status = h[":status"]));
        req.setEncoding("utf8");
        req.on("data", (d) => (body += d));
        req.on("end", () => resolve({ status, body }));
        req.on("error", reject);
        req.end();
    });
}

const session = http2.connect(endpoint);
const answers = await Promise.all([1, 2, 3, 4].map(() => get(session, "/_freshet/health")));
session.close();

const sts = new STSClient({
    endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey },
    requestHandler: new NodeHttp2Handler(),
});
const who = await sts.send(new GetCallerIdentityCommand({}));
sts.destroy();
let denied = "";
const bad = new STSClient({
    endpoint, region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey: "x".repeat(40) },
    requestHandler: new NodeHttp2Handler(), maxAttempts: 1,
});
try {
    await bad.send(new GetCallerIdentityCommand({}));
} catch (e) {
    denied = e.name;
}
bad.destroy();
console.log(JSON.stringify({
    health: answers.map((a) => [a.status, JSON.parse(a.body).status]),
    arn: who.Arn, account: who.Account, denied,
}));
