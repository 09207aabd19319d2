// The AWS SDK for JavaScript v3 with @aws-sdk/lib-dynamodb's DynamoDBDocumentClient, over
// HTTP/1.1: create, put, get, update, batch write, query and a conditional failure. Prints one
// JSON line.
// Usage: node dynamodb_v3_lib.mjs ENDPOINT ACCESS_KEY SECRET TABLE
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { DynamoDBClient, CreateTableCommand, DescribeTableCommand } = require("@aws-sdk/client-dynamodb");
const {
    DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, BatchWriteCommand, QueryCommand,
} = require("@aws-sdk/lib-dynamodb");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

const [endpoint, accessKeyId, secretAccessKey, table] = process.argv.slice(2);
const client = new DynamoDBClient({
    endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1, requestHandler: new NodeHttpHandler(),
});
const doc = DynamoDBDocumentClient.from(client);

await client.send(new CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
}));
const status = (await client.send(new DescribeTableCommand({ TableName: table }))).Table.TableStatus;
await doc.send(new PutCommand({ TableName: table, Item: { pk: "u", sk: "profile", name: "Ada", n: 3 } }));
const got = (await doc.send(new GetCommand({ TableName: table, Key: { pk: "u", sk: "profile" } }))).Item;
const updated = (await doc.send(new UpdateCommand({
    TableName: table, Key: { pk: "u", sk: "profile" }, UpdateExpression: "ADD n :one REMOVE #name",
    ExpressionAttributeNames: { "#name": "name" }, ExpressionAttributeValues: { ":one": 1 },
    ReturnValues: "UPDATED_NEW",
}))).Attributes;
await doc.send(new BatchWriteCommand({ RequestItems: { [table]: ["a", "b", "c"].map((s) => ({ PutRequest: { Item: { pk: "u", sk: "order#" + s } } })) } }));
const q = await doc.send(new QueryCommand({
    TableName: table, KeyConditionExpression: "pk = :p AND begins_with(sk, :o)",
    ExpressionAttributeValues: { ":p": "u", ":o": "order#" }, ScanIndexForward: false,
}));
let conditional = null;
try {
    await doc.send(new PutCommand({ TableName: table, Item: { pk: "u", sk: "profile" }, ConditionExpression: "attribute_not_exists(pk)" }));
} catch (e) {
    conditional = e.name;
}
console.log(JSON.stringify({ status, got, updated, orders: q.Items.map((i) => i.sk), conditional }));
