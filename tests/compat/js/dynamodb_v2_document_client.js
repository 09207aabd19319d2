// The reference architecture's writer: the AWS SDK for JavaScript v2 DocumentClient (what
// Node.js Lambda functions of the nodejs16.x era bundle). Creates a table with the low-level
// client, then put, get, update, batchWrite (more than 25 items, in chunks of 25 as handlers
// do), query with pagination, and a failing conditional put. Prints one JSON line.
// Usage: node dynamodb_v2_document_client.js ENDPOINT ACCESS_KEY SECRET TABLE
"use strict";
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const AWS = require("aws-sdk");

const [endpoint, accessKeyId, secretAccessKey, table] = process.argv.slice(2);
const config = { endpoint, accessKeyId, secretAccessKey, region: "us-east-1", maxRetries: 0 };
const ddb = new AWS.DynamoDB(config);
const doc = new AWS.DynamoDB.DocumentClient(config);

async function main() {
    await ddb.createTable({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
            { AttributeName: "device", AttributeType: "S" },
            { AttributeName: "ts", AttributeType: "N" },
        ],
        KeySchema: [
            { AttributeName: "device", KeyType: "HASH" },
            { AttributeName: "ts", KeyType: "RANGE" },
        ],
    }).promise();
    await ddb.waitFor("tableExists", { TableName: table, $waiter: { delay: 1 } }).promise();

    await doc.put({ TableName: table, Item: { device: "d1", ts: 0, reading: 1.25, tags: doc.createSet(["a", "b"]), meta: { ok: true, list: [1, "x", null] } } }).promise();
    const got = (await doc.get({ TableName: table, Key: { device: "d1", ts: 0 } }).promise()).Item;

    const updated = (await doc.update({
        TableName: table, Key: { device: "d1", ts: 0 },
        UpdateExpression: "SET reading = reading + :d, #c = if_not_exists(#c, :zero) + :one",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":d": 0.5, ":zero": 0, ":one": 1 },
        ReturnValues: "ALL_NEW",
    }).promise()).Attributes;

    const items = [];
    for (let i = 1; i <= 60; i++) items.push({ device: "d2", ts: i, reading: i * 10 });
    let unprocessed = 0;
    for (let i = 0; i < items.length; i += 25) {
        const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        const out = await doc.batchWrite({ RequestItems: { [table]: chunk } }).promise();
        unprocessed += Object.keys(out.UnprocessedItems || {}).length;
    }

    const seen = [];
    let ExclusiveStartKey;
    let pages = 0;
    do {
        const page = await doc.query({
            TableName: table, KeyConditionExpression: "device = :d AND ts > :t",
            ExpressionAttributeValues: { ":d": "d2", ":t": 10 }, Limit: 20, ExclusiveStartKey,
        }).promise();
        pages++;
        for (const item of page.Items) seen.push(item.ts);
        ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);

    let conditional = null;
    try {
        await doc.put({ TableName: table, Item: { device: "d1", ts: 0 }, ConditionExpression: "attribute_not_exists(device)" }).promise();
    } catch (e) {
        conditional = e.code;
    }
    console.log(JSON.stringify({
        got, updated, tags: got.tags.values.sort(), unprocessed, seen, pages, conditional,
    }));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
