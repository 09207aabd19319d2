"""DynamoDB under bad input and crashes: malformed JSON, wrong JSON types, oversize items, deep
nesting, huge expressions and invalid UTF-8 get DynamoDB's errors and the server keeps
serving; items acknowledged before a SIGKILL are all there after a restart."""
import json
import threading
import urllib.request

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from freshet_server import FreshetServer, wait_for
from tables_helpers import create, expect_error, table_name

THREADS = 6


def raw_call(server, root_keys, action, body):
    """A signed DynamoDB call with an arbitrary body; returns (status, parsed JSON body)."""
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-amz-json-1.0",
                              "X-Amz-Target": "DynamoDB_20120810." + action})
    botocore.auth.SigV4Auth(Credentials(*root_keys), "dynamodb", "us-east-1").add_auth(req)
    r = urllib.request.Request(server.endpoint + "/", data=body if isinstance(body, bytes)
                               else body.encode(), headers=dict(req.headers.items()),
                               method="POST")
    try:
        with urllib.request.urlopen(r) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_malformed_bodies_get_coral_errors(server, root_keys, make_client):
    ddb = make_client("dynamodb")
    name = create(ddb)
    status, body = raw_call(server, root_keys, "GetItem", "{not json")
    assert status == 400
    assert body["__type"] == "com.amazon.coral.service#SerializationException"
    status, body = raw_call(server, root_keys, "DescribeTable",
                            json.dumps({"TableName": table_name()}))
    assert status == 400
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    status, body = raw_call(server, root_keys, "PutItem", json.dumps(
        {"TableName": name, "Item": {"pk": {"S": "a"}, "x": {"N": 5}}}))
    assert status == 400
    assert body == {"__type": "com.amazon.coral.service#SerializationException",
                    "Message": "class java.math.BigDecimal can not be converted to an String"}
    status, body = raw_call(server, root_keys, "PutItem", json.dumps(
        {"TableName": name, "Item": {"pk": {"S": "a"}, "x": {"Q": "1"}}}))
    assert status == 400 and body["__type"] == "com.amazon.coral.validate#ValidationException"
    status, body = raw_call(server, root_keys, "PutItem",
                            b'{"TableName":"' + name.encode() + b'","Item":{"pk":{"S":"\xff\xfe"}}}')
    assert status == 400
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


def test_oversize_and_deep_items(make_client):
    ddb = make_client("dynamodb")
    name = create(ddb)
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 ddb.put_item, TableName=name,
                 Item={"pk": {"S": "big"}, "a": {"S": "x" * 300000}, "b": {"B": b"y" * 120000}})
    deep = {"S": "leaf"}
    for _ in range(31):
        deep = {"M": {"d": deep}}
    ddb.put_item(TableName=name, Item={"pk": {"S": "deep"}, "v": deep})
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "deep"}})["Item"]["v"] == deep
    too_deep = {"M": {"d": deep}}  # 32 wrappers: one level too many
    expect_error("ValidationException",
                 "Nesting Levels have exceeded supported limits: Attributes in the item have "
                 "nested levels beyond supported limit",
                 ddb.put_item, TableName=name, Item={"pk": {"S": "deeper"}, "v": too_deep})
    path = "v" + ".d" * 31
    got = ddb.get_item(TableName=name, Key={"pk": {"S": "deep"}}, ProjectionExpression=path)
    assert got["Item"]["v"] is not None


def test_huge_expressions_are_refused_cleanly(make_client):
    ddb = make_client("dynamodb")
    name = create(ddb)
    values = {":v": {"N": "1"}}
    big = " OR ".join("attribute_not_exists(pk%d)" % i for i in range(200))
    expect_error("ValidationException",
                 "Invalid ConditionExpression: Expression size has exceeded the maximum allowed "
                 "size; expression size: %d" % len(big),
                 ddb.put_item, TableName=name, Item={"pk": {"S": "h"}}, ConditionExpression=big)
    many = " OR ".join(["a = :v"] * 151)  # 151 comparisons and 150 ORs: 301 operators
    expect_error("ValidationException",
                 "Invalid ConditionExpression: The expression contains too many operators; "
                 "operator count: 301",
                 ddb.put_item, TableName=name, Item={"pk": {"S": "h"}}, ConditionExpression=many,
                 ExpressionAttributeValues=values)
    nested = "(" * 200 + "attribute_exists(pk)" + ")" * 200
    expect_error("ValidationException", None, ddb.put_item, TableName=name,
                 Item={"pk": {"S": "n"}}, ConditionExpression=nested)
    ddb.put_item(TableName=name, Item={"pk": {"S": "still-serving"}})
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "still-serving"}})["Item"]


def client_for(server):
    key, secret = server.root_credentials()
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5))


def writer(server, table, thread, acked, stop):
    ddb = client_for(server)
    n = 0
    while not stop.is_set():
        batch = [{"PutRequest": {"Item": {"pk": {"S": "t%d" % thread}, "sk": {"N": str(n + i)}}}}
                 for i in range(5)]
        try:
            ddb.batch_write_item(RequestItems={table: batch})
        except Exception:  # the server died under us: this batch is not acknowledged
            return
        acked.extend(("t%d" % thread, n + i) for i in range(5))
        n += 5


def test_acknowledged_items_survive_sigkill():
    server = FreshetServer().start()
    try:
        table = create(client_for(server), range_key=("sk", "N"))
        acked, stop = [], threading.Event()
        threads = [threading.Thread(target=writer, args=(server, table, t, acked, stop))
                   for t in range(THREADS)]
        for t in threads:
            t.start()
        wait_for(lambda: len(acked) >= 1000, timeout=60)
        server.kill()
        stop.set()
        for t in threads:
            t.join(30)
        restarted = FreshetServer(data_dir=server.data_dir)
        restarted._tmp, server._tmp = server._tmp, None
        server = restarted.start()
        ddb = client_for(server)
        found = set()
        for page in ddb.get_paginator("scan").paginate(TableName=table):
            found |= {(i["pk"]["S"], int(i["sk"]["N"])) for i in page["Items"]}
        missing = [a for a in acked if a not in found]
        assert not missing, "acknowledged items lost: %r" % missing[:10]
        ddb.put_item(TableName=table, Item={"pk": {"S": "after"}, "sk": {"N": "0"}})
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0
