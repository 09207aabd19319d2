#!/usr/bin/env python3
"""P6: the reference architecture end to end. Starts `freshet serve` on a temporary data
directory, deploys examples/refarch/template.yaml (the Node.js consumer, batch 25, one shard)
through CloudFormation, then measures with the stack's client keys:
  - latency: tweets put one at a time, each after the previous one is in the table; from the
    moment boto3 hands the signed PutRecord to the socket to the moment GetItem first sees the
    item (polled back to back);
  - throughput: N tweets put by parallel producers (PutRecords of 500), timed from the first
    put until the table holds all N (tweets/s sustained).
Prints one JSON object: {"p6": {"count", "p50_ms", "p99_ms", "mean_ms", "tweets", "seconds",
"tweets_per_s"}}.

With --samples FILE, also appends the round's sorted latencies to FILE (for the plots).

Usage: refarch_latency.py [--records N] [--tweets N] [--binary build/freshet] [--samples FILE]
"""
import argparse
import configparser
import json
import os
import sys
import tempfile
import threading
import time

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "refarch")
sys.path.insert(0, os.path.join(EXAMPLE, "producer"))
sys.path.insert(0, EXAMPLE)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tweets  # noqa: E402
from demo import consumer_zip, table_count  # noqa: E402  (the demo's own helpers)
from pipeline_latency import percentile, start_server, write_samples  # noqa: E402



def deploy(client):
    s3, cfn = client("s3"), client("cloudformation")
    s3.create_bucket(Bucket="p6-code")
    s3.put_object(Bucket="p6-code", Key="consumer.zip", Body=consumer_zip())
    with open(os.path.join(EXAMPLE, "template.yaml")) as f:
        body = f.read()
    cfn.create_stack(StackName="p6", TemplateBody=body,
                     Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
                     Parameters=[{"ParameterKey": "CodeBucket", "ParameterValue": "p6-code"},
                                 {"ParameterKey": "CodeKey", "ParameterValue": "consumer.zip"}])
    while True:
        stack = cfn.describe_stacks(StackName="p6")["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            break
        time.sleep(0.05)
    if stack["StackStatus"] != "CREATE_COMPLETE":
        sys.exit("the stack did not deploy: %s" % stack.get("StackStatusReason"))
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def item_key(tweet):
    return {"Username": {"S": tweet["user"]["name"]}, "Id": {"S": tweet["id_str"]}}


def latency(kinesis, ddb, stream, generated):
    current = {}
    kinesis.meta.events.register("before-send.kinesis.PutRecord",
                                 lambda **kw: current.__setitem__("t", time.time()))
    out = []
    for tweet in generated:
        kinesis.put_record(StreamName=stream, PartitionKey=tweet["user"]["screen_name"],
                           Data=json.dumps(tweet))
        sent = current["t"]
        deadline = time.monotonic() + 10
        while "Item" not in ddb.get_item(TableName="p6-EventData", Key=item_key(tweet)):
            if time.monotonic() > deadline:
                sys.exit("tweet %s did not reach the table within 10 s" % tweet["id_str"])
        out.append((time.time() - sent) * 1000.0)
    return out


def throughput(make_kinesis, ddb, stream, generated, workers=4):
    batches = [generated[i:i + 500] for i in range(0, len(generated), 500)]

    def produce(mine):
        kinesis = make_kinesis()
        for batch in mine:
            records = [{"Data": json.dumps(t), "PartitionKey": t["user"]["screen_name"]}
                       for t in batch]
            while records:
                out = kinesis.put_records(StreamName=stream, Records=records)
                records = [r for r, res in zip(records, out["Records"]) if "ErrorCode" in res]
    start = time.monotonic()
    threads = [threading.Thread(target=produce, args=(batches[w::workers],))
               for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    target = len(generated)
    while table_count(ddb, "p6-EventData") < target:
        if time.monotonic() - start > 300:
            sys.exit("the table did not reach %d items within 300 s" % target)
        time.sleep(0.05)
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=500)
    ap.add_argument("--tweets", type=int, default=20000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    ap.add_argument("--samples", help="append the round's latencies (ms) to this file")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="freshet-p6-")
    proc, endpoint = start_server(a.binary, tmp)
    try:
        cp = configparser.ConfigParser()
        cp.read(os.path.join(tmp, "credentials"))
        root = dict(aws_access_key_id=cp["freshet"]["aws_access_key_id"],
                    aws_secret_access_key=cp["freshet"]["aws_secret_access_key"])

        def client(service, **creds):
            return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                                config=Config(retries={"max_attempts": 0}),
                                **(creds or root))
        out = deploy(client)
        keys = dict(aws_access_key_id=out["AccessKeyId"],
                    aws_secret_access_key=out["SecretAccessKey"])
        ddb = client("dynamodb")
        generated = list(tweets.generate(a.records + 20 + a.tweets, seed=6))
        lat = sorted(latency(client("kinesis", **keys), ddb, out["KinesisStream"],
                             generated[:a.records + 20])[20:])
        write_samples(a.samples, lat)
        seconds = throughput(lambda: client("kinesis", **keys), ddb, out["KinesisStream"],
                             generated[a.records + 20:])
        print(json.dumps({"p6": {
            "count": len(lat),
            "p50_ms": round(percentile(lat, 50), 3),
            "p99_ms": round(percentile(lat, 99), 3),
            "mean_ms": round(sum(lat) / len(lat), 3),
            "tweets": a.tweets,
            "seconds": round(seconds, 3),
            "tweets_per_s": round(a.tweets / seconds, 1)}}))
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except Exception:
            proc.kill()
        os.system("rm -rf '%s'" % tmp)


if __name__ == "__main__":
    main()
