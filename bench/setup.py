#!/usr/bin/env python3
"""Creates the streams and tables the bench workloads use (bench/workload.cc), on Freshet or a
peer, and waits until they are ACTIVE. Peers accept any signature; Freshet needs the root
credentials from its data directory. Usage:

  setup.py --endpoint URL [--credentials-file F] --kinesis --dynamodb [--items N]
"""
import argparse
import configparser
import sys
import time

import boto3
from botocore.config import Config

ITEM_DATA = "".join(chr(ord("a") + (i * 7) % 26) for i in range(1024))  # as workload.cc
QUERY_ITEMS = 100  # P9: one partition of 100 items


def client(service, a):
    key, secret = "bench", "bench"
    if a.credentials_file:
        cp = configparser.ConfigParser()
        cp.read(a.credentials_file)
        key = cp["freshet"]["aws_access_key_id"]
        secret = cp["freshet"]["aws_secret_access_key"]
    return boto3.client(service, endpoint_url=a.endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 2}))


def wait_until(what, check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    sys.exit(f"setup: {what} not ready after {timeout} s")


def kinesis(a):
    k = client("kinesis", a)
    for name in ("bench", "bench-visibility"):
        k.create_stream(StreamName=name, ShardCount=1)
        wait_until(f"stream {name}", lambda: k.describe_stream(StreamName=name)
                   ["StreamDescription"]["StreamStatus"] == "ACTIVE")


def dynamodb(a):
    d = client("dynamodb", a)
    throughput = {"ReadCapacityUnits": 1000, "WriteCapacityUnits": 1000}
    d.create_table(TableName="bench", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                   ProvisionedThroughput=throughput)
    d.create_table(TableName="bench-query",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "sk", "AttributeType": "S"}],
                   ProvisionedThroughput=throughput)
    for name in ("bench", "bench-query"):
        wait_until(f"table {name}", lambda: d.describe_table(TableName=name)
                   ["Table"]["TableStatus"] == "ACTIVE")
    # GetItem reads the items PutItem writes (one per connection); write them first so that
    # GetItem finds its item even when run on its own.
    for i in range(a.items):
        d.put_item(TableName="bench", Item={"pk": {"S": f"item-{i}"}, "data": {"S": ITEM_DATA}})
    for i in range(QUERY_ITEMS):
        d.put_item(TableName="bench-query", Item={
            "pk": {"S": "p"}, "sk": {"S": f"{i:03d}"}, "data": {"S": ITEM_DATA}})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--credentials-file")
    ap.add_argument("--kinesis", action="store_true")
    ap.add_argument("--dynamodb", action="store_true")
    ap.add_argument("--items", type=int, default=64)
    a = ap.parse_args()
    if a.kinesis:
        kinesis(a)
    if a.dynamodb:
        dynamodb(a)


if __name__ == "__main__":
    main()
