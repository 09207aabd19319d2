// A Kinesis round trip by the AWS SDK for JavaScript v3: create a stream, put records
// (PutRecord and PutRecords), read them back with GetShardIterator/GetRecords, describe and
// delete. Prints one JSON line with what it saw.
// Usage: node kinesis_roundtrip.mjs ENDPOINT ACCESS_KEY SECRET STREAM h1|h2
//   h2: the client's default transport (HTTP/2 cleartext); exits 3 if the server does not
//       speak it. h1: NodeHttpHandler (HTTP/1.1), what applications configure behind proxies.
import http2 from "node:http2";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const {
    KinesisClient, CreateStreamCommand, PutRecordCommand, PutRecordsCommand,
    DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand, DeleteStreamCommand,
} = require("@aws-sdk/client-kinesis");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

const [endpoint, accessKeyId, secretAccessKey, stream, transport] = process.argv.slice(2);

async function speaksH2c() {
    return new Promise((resolve) => {
        const session = http2.connect(endpoint);
        session.on("error", () => resolve(false));
        const req = session.request({ ":method": "GET", ":path": "/_freshet/health" });
        req.on("response", () => { session.close(); resolve(true); });
        req.on("error", () => { session.destroy(); resolve(false); });
        req.end();
    });
}

if (transport === "h2" && !(await speaksH2c())) process.exit(3);

const config = { endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } };
if (transport === "h1") config.requestHandler = new NodeHttpHandler();
const kinesis = new KinesisClient(config);
const enc = new TextEncoder();
const dec = new TextDecoder();

await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
const first = await kinesis.send(new PutRecordCommand({
    StreamName: stream, PartitionKey: "k", Data: enc.encode("hello from js"),
}));
const batch = await kinesis.send(new PutRecordsCommand({
    StreamName: stream,
    Records: [1, 2, 3].map((i) => ({ PartitionKey: "k" + i, Data: enc.encode("r" + i) })),
}));
const desc = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({
    StreamName: stream, ShardId: first.ShardId, ShardIteratorType: "TRIM_HORIZON",
}));
const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
kinesis.destroy();

console.log(JSON.stringify({
    shard: first.ShardId,
    sequence: first.SequenceNumber,
    failed: batch.FailedRecordCount,
    status: desc.StreamDescription.StreamStatus,
    records: got.Records.map((r) => [r.SequenceNumber, r.PartitionKey, dec.decode(r.Data)]),
    arrival: got.Records[0].ApproximateArrivalTimestamp instanceof Date,
    next: typeof got.NextShardIterator,
}));
