"""DynamoDB transactions, a secondary index backfill and a table stream under SIGKILL.

For pipeline_chaos.py. A table `chaos-tx` (hash key `pk`) has a global secondary index `by-grp`
from its creation and a NEW_AND_OLD_IMAGES stream; 1,200 items are loaded before the kills
(more than two backfill chunks). A background thread runs TransactWriteItems one after the
other, transaction i putting `tx<i>-a` and `tx<i>-b` (both only if absent) and adding 1 to the
item `counter` (setting its `last` to i), with a ClientRequestToken of its own. When a call
fails (the server was killed) the same request, token included, is sent again once the server
is back: it must either succeed (the first attempt was not applied, or the token made the
repeat a no-op) or be refused, never applied twice. `start_index()` issues UpdateTable creating
a second index `by-grp2` (backfilled online) right before a kill.

check() then verifies, on the restarted server:
  - every acknowledged transaction's items are present; every transaction's two items are both
    present or both absent, and the counter counts exactly the transactions present, its `last`
    the highest of them;
  - each index holds exactly the table's items that have its key attribute (Scan of the index
    against Scan of the table), and `by-grp2` ends ACTIVE;
  - the table stream has exactly one record per change: one INSERT for each item (loaded or
    written by a transaction present), one record of the counter per transaction present, in
    the order of the transactions, and increasing sequence numbers.
"""
import threading
import time

TABLE = "chaos-tx"
PRELOAD = 1200


def item_grp(name, i):
    return {"pk": {"S": name}, "grp": {"S": "g%d" % (i % 17)}, "grp2": {"S": "h%d" % (i % 11)},
            "i": {"N": str(i)}}


class TableActivity:
    def __init__(self, pipeline):
        self.p = pipeline
        self.acked = set()  # transaction numbers acknowledged
        self.sent = 0  # transactions sent (0 .. sent-1)
        self.repeats = 0  # requests sent again after a failed call
        self.in_flight = threading.Event()
        self.kills_in_flight = 0
        self.index_requested = False
        self.index_status_at_kill = None  # by-grp2's status just before the kill
        self.repeats_of_applied = 0  # of which the first attempt had been applied
        self.refused = []  # (transaction, error): TransactionCanceledException answers

    def setup(self):
        ddb = self.p.client("dynamodb")
        ddb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"}
                                  for n in ("pk", "grp")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by-grp", "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for start in range(0, PRELOAD, 25):
            ddb.batch_write_item(RequestItems={TABLE: [
                {"PutRequest": {"Item": item_grp("pre%05d" % i, i)}}
                for i in range(start, min(start + 25, PRELOAD))]})

    def note_kill(self):
        if self.in_flight.is_set():
            self.kills_in_flight += 1

    def start_index(self, ddb):
        """Creates `by-grp2`; the caller kills the server right after."""
        try:
            ddb.update_table(
                TableName=TABLE,
                AttributeDefinitions=[{"AttributeName": "grp2", "AttributeType": "S"}],
                GlobalSecondaryIndexUpdates=[{"Create": {
                    "IndexName": "by-grp2",
                    "KeySchema": [{"AttributeName": "grp2", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["i"]}}}])
            self.index_requested = True
            desc = ddb.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"]
            self.index_status_at_kill = [i for i in desc if i["IndexName"] == "by-grp2"][0][
                "IndexStatus"]
        except Exception as e:
            print("update_table: %s" % e)

    def request(self, i):
        def put(suffix):
            return {"Put": {"TableName": TABLE, "Item": item_grp("tx%05d-%s" % (i, suffix), i),
                            "ConditionExpression": "attribute_not_exists(pk)"}}
        return {"ClientRequestToken": "chaos-tx-%05d" % i, "TransactItems": [
            put("a"), put("b"),
            {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "counter"}},
                        "UpdateExpression": "ADD n :one SET #last = :i",
                        "ExpressionAttributeNames": {"#last": "last"},
                        "ExpressionAttributeValues": {":one": {"N": "1"},
                                                      ":i": {"N": str(i)}}}}]}

    def run(self):
        ddb, endpoint = None, None
        pending = None  # a transaction whose outcome is unknown, to send again
        while not self.p.stop.is_set():
            self.p.up.wait()
            if endpoint != self.p.server.endpoint:
                ddb, endpoint = self.p.client("dynamodb"), self.p.server.endpoint
            self.in_flight.set()
            try:
                if pending is None:
                    pending = self.sent
                    self.sent += 1
                else:
                    self.repeats += 1
                    if "Item" in ddb.get_item(TableName=TABLE,
                                              Key={"pk": {"S": "tx%05d-a" % pending}}):
                        self.repeats_of_applied += 1  # only its token keeps it from applying twice
                ddb.transact_write_items(**self.request(pending))
                self.acked.add(pending)
                pending = None
            except ddb.exceptions.TransactionCanceledException as e:
                # Nothing else writes these keys: a refusal means a repeat was applied again
                # (its token forgotten) or the first attempt failed a condition it cannot fail.
                self.refused.append((pending, str(e)))
                pending = None
            except Exception:
                time.sleep(0.05)
            finally:
                self.in_flight.clear()
            time.sleep(0.005)

    def scan(self, ddb, index=None):
        items = {}
        kwargs = {"TableName": TABLE}
        if index:
            kwargs["IndexName"] = index
        while True:
            page = ddb.scan(**kwargs)
            for it in page["Items"]:
                items[it["pk"]["S"]] = it
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def wait_index(self, ddb, deadline):
        while time.monotonic() < deadline:
            idx = {i["IndexName"]: i for i in ddb.describe_table(TableName=TABLE)["Table"].get(
                "GlobalSecondaryIndexes", [])}
            if "by-grp2" in idx and idx["by-grp2"]["IndexStatus"] == "ACTIVE":
                return "ACTIVE"
            time.sleep(0.2)
        return idx.get("by-grp2", {}).get("IndexStatus", "absent")

    def read_stream(self):
        ddb = self.p.client("dynamodb")
        streams = self.p.client("dynamodbstreams")
        arn = ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        records = []
        for shard in shards:
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while it:
                r = streams.get_records(ShardIterator=it, Limit=1000)
                records += r["Records"]
                if not r["Records"]:
                    break
                it = r.get("NextShardIterator")
        return records

    def check(self):
        """Returns (summary figures, list of problems)."""
        ddb = self.p.client("dynamodb")
        problems = ["transaction %d refused: %s" % r for r in self.refused]
        status = self.wait_index(ddb, time.monotonic() + 120) if self.index_requested else None
        table = self.scan(ddb)
        present = set()
        for i in range(self.sent):
            a, b = ("tx%05d-a" % i) in table, ("tx%05d-b" % i) in table
            if a != b:
                problems.append("transaction %d applied in part" % i)
            if a:
                present.add(i)
            elif i in self.acked:
                problems.append("acknowledged transaction %d lost" % i)
        counter = table.get("counter")
        n = int(counter["n"]["N"]) if counter else 0
        if n != len(present):
            problems.append("counter %d but %d transactions present" % (n, len(present)))
        if present and int(counter["last"]["N"]) != max(present):
            problems.append("counter's last %s, not %d" % (counter["last"]["N"], max(present)))
        problems += self.check_index(ddb, table, "by-grp", "grp", None)
        if self.index_requested:
            if status != "ACTIVE":
                problems.append("index by-grp2 is %s" % status)
            else:
                problems += self.check_index(ddb, table, "by-grp2", "grp2", ["i"])
        records = self.read_stream()
        problems += self.check_stream(records, present)
        figures = {"transactions_sent": self.sent, "transactions_acknowledged": len(self.acked),
                   "transactions_present": len(present), "transactions_resent": self.repeats,
                   "resent_already_applied": self.repeats_of_applied,
                   "kills_during_transaction": self.kills_in_flight, "table_items": len(table),
                   "stream_records": len(records), "index_status_at_kill": self.index_status_at_kill,
                   "index_status_at_end": status}
        return figures, problems

    def check_index(self, ddb, table, index, attribute, non_key):
        expected = {}
        for pk, it in table.items():
            if attribute in it:
                keep = {"pk", attribute} | set(non_key if non_key is not None else it)
                expected[pk] = {k: v for k, v in it.items() if k in keep}
        got = self.scan(ddb, index)
        if got != expected:
            missing = sorted(set(expected) - set(got))[:3]
            extra = sorted(set(got) - set(expected))[:3]
            wrong = [k for k in expected if k in got and got[k] != expected[k]][:3]
            return ["index %s: %d entries for %d items (missing %s, extra %s, differ %s)" % (
                index, len(got), len(expected), missing, extra, wrong)]
        return []

    def check_stream(self, records, present):
        problems = []
        last_seq = 0
        inserts = {}
        counter_lasts = []
        for r in records:
            seq = int(r["dynamodb"]["SequenceNumber"])
            if seq <= last_seq:
                problems.append("stream sequence numbers go backwards at %d" % seq)
            last_seq = seq
            pk = r["dynamodb"]["Keys"]["pk"]["S"]
            if pk == "counter":
                new, old = r["dynamodb"]["NewImage"], r["dynamodb"].get("OldImage")
                before = int(old["n"]["N"]) if old else 0
                if int(new["n"]["N"]) != before + 1:
                    problems.append("counter record %s -> %s" % (before, new["n"]["N"]))
                counter_lasts.append(int(new["last"]["N"]))
            elif r["eventName"] == "INSERT":
                inserts[pk] = inserts.get(pk, 0) + 1
            else:
                problems.append("unexpected %s of %s" % (r["eventName"], pk))
        expected = {"pre%05d" % i for i in range(PRELOAD)}
        expected |= {"tx%05d-%s" % (i, s) for i in present for s in "ab"}
        if set(inserts) != expected or any(c != 1 for c in inserts.values()):
            problems.append("stream INSERTs: %d keys, %d expected, %d repeated" % (
                len(inserts), len(expected), sum(1 for c in inserts.values() if c != 1)))
        if counter_lasts != sorted(present):
            problems.append("counter records for transactions %s..., expected %s..." % (
                counter_lasts[:5], sorted(present)[:5]))
        return problems
