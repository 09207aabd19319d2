// The stream processor of the reference architecture: receives batches of Kinesis records,
// each a tweet (Twitter v1.1 status JSON), and writes one item per tweet into the table
// <stack>-EventData, keyed by the author's screen name and the tweet id, that expires a day later.
//
// Written like the AWS sample's handler, for the same runtime model: the JavaScript SDK v2's
// DocumentClient with no endpoint or credentials in the code (the runtime supplies both), a
// two-argument handler that answers with context.succeed / context.fail, and the table name
// derived from the function's own physical name, which CloudFormation makes
// "<stack>-DDBEventProcessor-<suffix>".
'use strict';

const AWS = require('aws-sdk');

const doc = new AWS.DynamoDB.DocumentClient();

const MAX_BATCH_WRITE = 25;  // BatchWriteItem takes at most 25 requests
const FIRST_DELAY_MS = 50;   // backoff before retrying unprocessed items, doubled each time
const MAX_DELAY_MS = 2000;
const SAFETY_MARGIN_MS = 200;  // stop retrying when less than this would be left
const KEEP_SECONDS = 24 * 60 * 60;  // the table's time to live deletes an item a day later

function tableName(context) {
  return context.functionName.split('-').slice(0, -2).join('-') + '-EventData';
}

// The item for one record, or null when the record is not a tweet. A record that can never
// be written is skipped (and logged) rather than failing the batch: a failed batch is retried
// until the record expires, and would hold back every record behind it on the shard.
function itemOf(record) {
  let tweet;
  try {
    tweet = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
  } catch (err) {
    console.log('Skipping record %s: not JSON (%s)', record.kinesis.sequenceNumber, err.message);
    return null;
  }
  if (!tweet || !tweet.user || !tweet.user.name || !tweet.id_str || !tweet.created_at) {
    console.log('Skipping record %s: not a tweet', record.kinesis.sequenceNumber);
    return null;
  }
  return {
    Username: tweet.user.name,
    Id: tweet.id_str,
    // created_at is "Wed Oct 10 20:19:24 +0000 2018"; stored as ISO 8601 in UTC.
    Timestamp: new Date(tweet.created_at).toISOString(),
    Message: tweet.text,
    // Epoch seconds, the form time to live reads.
    ExpirationTime: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
  };
}

// The items of a batch, one per key. A producer that retries a put can leave a tweet twice
// on the stream, and BatchWriteItem refuses a request that names the same key twice.
function itemsOf(records) {
  const byKey = new Map();
  for (const record of records) {
    const item = itemOf(record);
    if (item) byKey.set(item.Username + '\u0000' + item.Id, item);
  }
  return Array.from(byKey.values());
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Writes up to 25 put requests, retrying what DynamoDB leaves unprocessed with exponential
// backoff for as long as the invocation has time; fails when time runs out.
async function writeBatch(table, requests, context) {
  let pending = requests;
  for (let attempt = 0; ; attempt++) {
    const out = await doc.batchWrite({ RequestItems: { [table]: pending } }).promise();
    pending = (out.UnprocessedItems && out.UnprocessedItems[table]) || [];
    if (pending.length === 0) return;
    const delay = Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS) * (0.5 + Math.random() / 2);
    if (context.getRemainingTimeInMillis() - delay < SAFETY_MARGIN_MS) {
      throw new Error(pending.length + ' items still unprocessed in ' + table +
                      ' after ' + (attempt + 1) + ' attempts, and the invocation is out of time');
    }
    await sleep(delay);
  }
}

async function processRecords(event, context) {
  const table = tableName(context);
  const items = itemsOf(event.Records);
  for (let i = 0; i < items.length; i += MAX_BATCH_WRITE) {
    const requests = items.slice(i, i + MAX_BATCH_WRITE).map((Item) => ({ PutRequest: { Item } }));
    await writeBatch(table, requests, context);
  }
  return 'Wrote ' + items.length + ' items to ' + table + ' from ' + event.Records.length +
         ' records';
}

exports.handler = function (event, context) {
  processRecords(event, context).then(
    (message) => {
      console.log(message);
      context.succeed(message);
    },
    (err) => {
      console.log('Failed: %s', err.stack || err);
      context.fail(err);
    });
};
