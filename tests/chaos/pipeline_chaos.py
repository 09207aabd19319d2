#!/usr/bin/env python3
"""Crash consistency of the stream-to-table pipeline under SIGKILL.

Starts `freshet serve` on a temporary data directory and builds the reference pipeline: a
Kinesis stream, a DynamoDB table and a Python function behind an event source mapping that
writes every record to the table (idempotently: the item key is the record's id). A producer
puts records continuously while the server is killed with SIGKILL at random moments and
restarted, some kills landing right after a reshard, a code deployment or a CreateStack (in the
middle of the stack's creation), the first right after an UpdateTable that creates a secondary
index. Alongside, S3 multipart uploads (`s3_activity.py`), DynamoDB transactions on a table with
an index and a stream (`table_activity.py`), CloudFormation stacks being created, updated and
deleted (`stack_activity.py`) and IAM changes to users, their policies and keys
(`iam_activity.py`) run continuously, so kills land in the middle of them. At the end it checks:

  - every acknowledged record is in the stream exactly once, at the shard and sequence number
    its put returned, and sequence numbers increase within each shard;
  - every acknowledged record reached the table, and the table holds nothing else but records
    of the stream;
  - the mapping is Enabled;
  - what the four activities say they check (objects, uploads and parts; transactions, indexes
    and the table stream; stacks settled in the state their acknowledged calls imply, their
    resources present, none leaked; every acknowledged IAM change, keys usable or refused).

Prints a JSON summary (kills, records acknowledged, checked, lost) and exits non-zero when
anything was lost. Usage: pipeline_chaos.py [--kills N] [--seed S]
"""
import argparse
import io
import json
import os
import random
import sys
import threading
import time
import zipfile

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "compat"))
from freshet_server import FreshetServer  # noqa: E402
from iam_activity import IamActivity  # noqa: E402
from s3_activity import S3Activity  # noqa: E402
from stack_activity import StackActivity  # noqa: E402
from table_activity import TableActivity  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})

WRITER = """
import base64, os
import boto3

table = boto3.resource("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).Table("chaos")

def handler(event, context):
    with table.batch_writer(overwrite_by_pkeys=["id"]) as batch:
        for r in event["Records"]:
            k = r["kinesis"]
            batch.put_item(Item={"id": base64.b64decode(k["data"]).decode(),
                                 "shard": r["eventID"].split(":")[0],
                                 "seq": k["sequenceNumber"]})
    return {}
"""


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


class Pipeline:
    def __init__(self, server):
        self.server = server
        self.lock = threading.Lock()
        self.acked = {}  # id -> (shard, sequence number)
        self.stop = threading.Event()
        self.up = threading.Event()
        self.up.set()
        self.next_id = 0

    def client(self, service):
        key, secret = self.server.root_credentials()
        return boto3.session.Session().client(
            service, endpoint_url=self.server.endpoint, region_name="us-east-1",
            aws_access_key_id=key, aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 0}, connect_timeout=2, read_timeout=10))

    def setup(self):
        iam, lam = self.client("iam"), self.client("lambda")
        kinesis, ddb = self.client("kinesis"), self.client("dynamodb")
        role = iam.create_role(RoleName="chaos", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="chaos", PolicyName="pipeline", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": ["kinesis:*", "dynamodb:*", "logs:*"],
                "Resource": "*"}]}))
        ddb.create_table(TableName="chaos", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        kinesis.create_stream(StreamName="chaos", ShardCount=2)
        arn = kinesis.describe_stream_summary(StreamName="chaos")["StreamDescriptionSummary"][
            "StreamARN"]
        lam.create_function(FunctionName="writer", Runtime="python3.11", Role=role,
                            Handler="writer.handler", Timeout=30,
                            Code={"ZipFile": zip_of({"writer.py": WRITER})})
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="writer",
                                        StartingPosition="TRIM_HORIZON", BatchSize=50)

    def produce(self):
        kinesis = None
        endpoint = None
        while not self.stop.is_set():
            self.up.wait()
            if endpoint != self.server.endpoint:
                kinesis, endpoint = self.client("kinesis"), self.server.endpoint
            ids = ["r%06d" % (self.next_id + i) for i in range(10)]
            self.next_id += 10  # ids are never reused, so an unacknowledged put cannot alias
            try:
                r = kinesis.put_records(StreamName="chaos", Records=[
                    {"PartitionKey": "k%d" % (int(i[1:]) % 13), "Data": i.encode()}
                    for i in ids])
            except Exception:
                time.sleep(0.05)
                continue
            with self.lock:
                for i, res in zip(ids, r["Records"]):
                    if "SequenceNumber" in res:
                        self.acked[i] = (res["ShardId"], res["SequenceNumber"])
            time.sleep(0.01)

    def disturb(self, what, kinesis, lam):
        """Something to be in the middle of when the kill comes (clients made beforehand)."""
        try:
            if what == "reshard":
                shards = [s for s in kinesis.list_shards(StreamName="chaos")["Shards"]
                          if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
                target = 4 if len(shards) <= 2 else 2
                kinesis.update_shard_count(StreamName="chaos", TargetShardCount=target,
                                           ScalingType="UNIFORM_SCALING")
            elif what == "deploy":
                lam.update_function_code(
                    FunctionName="writer",
                    ZipFile=zip_of({"writer.py": WRITER + "\n# %f\n" % time.time()}))
        except Exception as e:  # the point is the kill, not the call
            print("disturb %s: %s" % (what, e), file=sys.stderr)

    def read_stream(self):
        kinesis = self.client("kinesis")
        seen = {}
        duplicates = []
        for shard in kinesis.list_shards(StreamName="chaos")["Shards"]:
            it = kinesis.get_shard_iterator(StreamName="chaos", ShardId=shard["ShardId"],
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            last = -1
            while it:
                r = kinesis.get_records(ShardIterator=it, Limit=10000)
                for rec in r["Records"]:
                    i = rec["Data"].decode()
                    seq = int(rec["SequenceNumber"])
                    assert seq > last, "sequence numbers go backwards in %s" % shard["ShardId"]
                    last = seq
                    if i in seen:
                        duplicates.append(i)
                    seen[i] = (shard["ShardId"], rec["SequenceNumber"])
                if not r["Records"] and r.get("MillisBehindLatest", 0) == 0:
                    break
                it = r.get("NextShardIterator")
        return seen, duplicates

    def read_table(self):
        ddb = self.client("dynamodb")
        items = {}
        kwargs = {"TableName": "chaos"}
        while True:
            page = ddb.scan(**kwargs)
            for it in page["Items"]:
                items[it["id"]["S"]] = (it["shard"]["S"], it["seq"]["S"])
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    server = FreshetServer().start()
    p = Pipeline(server)
    s3, tables = S3Activity(p, a.seed), TableActivity(p)
    stacks, iam = StackActivity(p, a.seed), IamActivity(p, a.seed)
    activities = (s3, tables, stacks, iam)
    started = time.monotonic()
    try:
        p.setup()
        for activity in activities:
            activity.setup()
        workers = [threading.Thread(target=f, daemon=True)
                   for f in [p.produce] + [activity.run for activity in activities]]
        for w in workers:
            w.start()
        for k in range(a.kills):
            time.sleep(rnd.uniform(0.3, 1.5))
            what = ["", "stack", "reshard", "deploy"][k % 4]
            if k == 0:
                tables.start_index(p.client("dynamodb"))  # acknowledged, then killed mid-backfill
            elif what == "stack":
                stacks.create_before_kill(p.client("cloudformation"))  # its custom resource
                time.sleep(rnd.uniform(0.0, 0.8))  # waits 1 s: the kill lands mid-create
            elif what:
                clients = (p.client("kinesis"), p.client("lambda"))
                threading.Thread(target=p.disturb, args=(what,) + clients, daemon=True).start()
                time.sleep(rnd.uniform(0.0, 0.02))
            p.up.clear()
            for activity in activities:
                activity.note_kill()
            server.kill()
            server.start()
            p.up.set()
        time.sleep(1.0)
        # On a slow machine every upload may have been cut by a kill: let one complete after
        # the last restart (a liveness bound, not a timing check).
        done_before = s3.completed()
        stacks_before = stacks.completed()
        deadline = time.monotonic() + 60
        while s3.completed() == done_before and time.monotonic() < deadline:
            time.sleep(0.1)
        # Likewise a stack created and one deleted after the last restart.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and any(
                after <= before for after, before in zip(stacks.completed(), stacks_before)):
            time.sleep(0.1)
        stacks_after = stacks.completed()
        p.stop.set()
        for w in workers:
            w.join(30)
        with p.lock:
            acked = dict(p.acked)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            table = p.read_table()
            if all(i in table for i in acked):
                break
            time.sleep(1.0)
        stream, duplicates = p.read_stream()
        table = p.read_table()
        lost_stream = [i for i in acked if i not in stream]
        misplaced = [i for i, at in acked.items() if i in stream and stream[i] != at]
        lost_table = [i for i in acked if i not in table]
        foreign = [i for i in table if i not in stream]
        state = p.client("lambda").list_event_source_mappings(FunctionName="writer")[
            "EventSourceMappings"][0]["State"]
        summary = {"seed": a.seed, "kills": a.kills, "acknowledged": len(acked),
                   "in_stream": len(stream), "in_table": len(table),
                   "lost_from_stream": len(lost_stream), "duplicated_in_stream": len(duplicates),
                   "misplaced": len(misplaced), "lost_from_table": len(lost_table),
                   "foreign_in_table": len(foreign), "mapping_state": state,
                   "seconds": round(time.monotonic() - started, 1)}
        s3_figures, s3_problems = s3.check()
        tx_figures, tx_problems = tables.check()
        stack_figures, stack_problems = stacks.check()
        iam_figures, iam_problems = iam.check()
        if any(after <= before for after, before in zip(stacks_after, stacks_before)):
            stack_problems.append("no stack completed and deleted within 120 s of the last "
                                  "restart (completed, deleted: %s then %s)" % (
                                      stacks_before, stacks_after))
        summary.update(s3=s3_figures, transactions=tx_figures, stacks=stack_figures,
                       iam=iam_figures, seconds=round(time.monotonic() - started, 1))
        print(json.dumps(summary))
        problems = s3_problems + tx_problems + stack_problems + iam_problems
        ok = (not lost_stream and not duplicates and not misplaced and not lost_table
              and not foreign and state == "Enabled" and acked and not problems
              and s3_figures["completed_acknowledged"]
              and tx_figures["transactions_acknowledged"]
              and stack_figures["creates_acknowledged"]
              and iam_figures["changes_acknowledged"])
        if not ok:
            print("examples: lost %s dup %s misplaced %s not in table %s foreign %s" % (
                lost_stream[:5], duplicates[:5], misplaced[:5], lost_table[:5], foreign[:5]),
                file=sys.stderr)
            for problem in problems[:30]:
                print("problem: %s" % problem, file=sys.stderr)
        return 0 if ok else 1
    finally:
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
