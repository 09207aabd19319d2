"""Event source mappings on DynamoDB table streams: a Node.js function consuming a table's
stream in order with DynamoDB's event document, filters on the record, the failure record
(DDBStreamBatchInfo), the API's errors, time-to-live deletions with the service's identity, and
delivery resumed after a SIGKILL."""
import json
import time

import boto3
import pytest
from botocore.config import Config

from freshet_server import FreshetServer, wait_for
from mappings_helpers import (batches, make_role, make_sink, make_stream,
                              read_stream, unique, zip_of)
from streams_helpers import expect_error

ROLE_ACTIONS = ("dynamodb:*", "kinesis:*", "logs:*")


@pytest.fixture(scope="module")
def lam(make_client):
    return make_client("lambda")


@pytest.fixture(scope="module")
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture(scope="module")
def role(make_client):
    return make_role(make_client("iam"), ROLE_ACTIONS)


def make_table(ddb, view="NEW_AND_OLD_IMAGES"):
    name = unique("tstream")
    t = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    return name, t["TableDescription"]["LatestStreamArn"]


def records(sink):
    return [r for event in batches(sink) for r in event["Records"]]


def wait_for_count(sink, n, timeout=30.0):
    wait_for(lambda: len(records(sink)) >= n, timeout=timeout)
    return records(sink)


def test_node_function_consumes_a_table_stream_in_order(lam, ddb, role, tmp_path):
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, runtime="nodejs20.x")
    table, stream_arn = make_table(ddb)
    m = lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=fn,
                                        StartingPosition="TRIM_HORIZON", BatchSize=7)
    assert m["EventSourceArn"] == stream_arn
    for i in range(20):
        ddb.put_item(TableName=table, Item={"id": {"S": "k%d" % (i % 5)}, "n": {"N": str(i)}})
    ddb.delete_item(TableName=table, Key={"id": {"S": "k0"}})
    got = wait_for_count(sink, 21)
    assert len(got) == 21
    assert all(len(e["Records"]) <= 7 for e in batches(sink))
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in got]
    assert seqs == sorted(seqs) and len(set(seqs)) == 21
    first = got[0]
    assert first["eventSource"] == "aws:dynamodb"
    assert first["eventVersion"] == "1.1"
    assert first["eventSourceARN"] == stream_arn
    assert first["awsRegion"] == "us-east-1"
    assert first["eventName"] == "INSERT"
    assert first["dynamodb"]["Keys"] == {"id": {"S": "k0"}}
    assert first["dynamodb"]["NewImage"] == {"id": {"S": "k0"}, "n": {"N": "0"}}
    assert "OldImage" not in first["dynamodb"]
    assert first["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(first["dynamodb"]["ApproximateCreationDateTime"], (int, float))
    assert first["dynamodb"]["SizeBytes"] > 0
    modify = got[5]
    assert modify["eventName"] == "MODIFY"
    assert modify["dynamodb"]["OldImage"]["n"] == {"N": "0"}
    assert modify["dynamodb"]["NewImage"]["n"] == {"N": "5"}
    remove = got[-1]
    assert remove["eventName"] == "REMOVE"
    assert remove["dynamodb"]["OldImage"] == {"id": {"S": "k0"}, "n": {"N": "15"}}
    assert "NewImage" not in remove["dynamodb"]
    state = lam.get_event_source_mapping(UUID=m["UUID"])
    assert state["State"] == "Enabled"
    assert state["LastProcessingResult"] == "OK"


def test_filters_match_the_stream_record(lam, ddb, role, tmp_path):
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, runtime="nodejs20.x")
    table, stream_arn = make_table(ddb)
    pattern = {"eventName": ["INSERT"], "dynamodb": {"NewImage": {"kind": {"S": ["keep"]}}}}
    lam.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
    for i, kind in enumerate(["keep", "drop", "keep", "drop"]):
        ddb.put_item(TableName=table, Item={"id": {"S": "f%d" % i}, "kind": {"S": kind}})
    ddb.put_item(TableName=table, Item={"id": {"S": "f0"}, "kind": {"S": "keep"}, "x": {"N": "1"}})
    ddb.put_item(TableName=table, Item={"id": {"S": "last"}, "kind": {"S": "keep"}})
    got = wait_for_count(sink, 3)
    time.sleep(0.5)
    got = records(sink)
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in got] == ["f0", "f2", "last"]


def test_a_failing_batch_goes_to_the_failure_destination(lam, ddb, make_client, role, tmp_path):
    kinesis = make_client("kinesis")
    dest_name, dest_arn = make_stream(kinesis)
    fn = unique("fails")
    lam.create_function(FunctionName=fn, Runtime="python3.11", Role=role, Handler="f.handler",
                        Code={"ZipFile": zip_of({"f.py": "def handler(e, c):\n    raise "
                                                 "RuntimeError('no')\n"})}, Timeout=10)
    table, stream_arn = make_table(ddb, view="KEYS_ONLY")
    lam.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    ddb.put_item(TableName=table, Item={"id": {"S": "a"}})
    wait_for(lambda: read_stream(kinesis, dest_name), timeout=30, interval=0.2)
    [failure] = read_stream(kinesis, dest_name)
    info = failure["DDBStreamBatchInfo"]
    assert info["streamArn"] == stream_arn
    assert info["batchSize"] == 1
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
    assert "KinesisBatchInfo" not in failure
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"


def test_errors(lam, ddb, make_client, role, tmp_path):
    fn = make_sink(lam, role, str(tmp_path / "sink"))
    table, stream_arn = make_table(ddb)
    missing = stream_arn.replace(table, table + "-missing")
    expect_error("InvalidParameterValueException", "Stream not found: " + missing,
                 lam.create_event_source_mapping, EventSourceArn=missing, FunctionName=fn,
                 StartingPosition="LATEST")
    expect_error("InvalidParameterValueException", None,
                 lam.create_event_source_mapping, EventSourceArn=stream_arn, FunctionName=fn,
                 StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=time.time())
    no_streams = make_role(make_client("iam"), ("kinesis:*", "logs:*"))
    other = make_sink(lam, no_streams, str(tmp_path / "sink2"))
    expect_error("InvalidParameterValueException",
                 "Cannot access stream %s. Please ensure the role can perform the GetRecords, "
                 "GetShardIterator, DescribeStream, and ListStreams Actions on your stream in "
                 "IAM." % stream_arn,
                 lam.create_event_source_mapping, EventSourceArn=stream_arn, FunctionName=other,
                 StartingPosition="LATEST")


def own_clients(srv):
    key, secret = srv.root_credentials()
    make = lambda s: boto3.session.Session().client(  # noqa: E731
        s, endpoint_url=srv.endpoint, region_name="us-east-1", aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 0}))
    return make("lambda"), make("dynamodb"), make("iam")


def test_time_to_live_deletions_reach_the_function(tmp_path):
    srv = FreshetServer(env={"FRESHET_TTL_SWEEP_MS": "100"}).start()
    try:
        lam, ddb, iam = own_clients(srv)
        sink = str(tmp_path / "sink")
        fn = make_sink(lam, make_role(iam, ROLE_ACTIONS), sink, runtime="nodejs20.x")
        table, stream_arn = make_table(ddb)
        ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "ExpirationTime"})
        lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=fn,
                                        StartingPosition="TRIM_HORIZON")
        ddb.put_item(TableName=table, Item={"id": {"S": "old"},
                                            "ExpirationTime": {"N": str(int(time.time()) - 60)}})
        ddb.put_item(TableName=table, Item={"id": {"S": "new"},
                                            "ExpirationTime": {"N": str(int(time.time()) + 3600)}})
        got = wait_for_count(sink, 3)
        removed = [r for r in got if r["eventName"] == "REMOVE"]
        assert len(removed) == 1
        assert removed[0]["dynamodb"]["Keys"] == {"id": {"S": "old"}}
        assert removed[0]["userIdentity"] == {"type": "Service",
                                              "principalId": "dynamodb.amazonaws.com"}
        assert all("userIdentity" not in r for r in got if r["eventName"] == "INSERT")
    finally:
        srv.cleanup()


def test_sigkill_resumes_from_the_checkpoint(tmp_path):
    srv = FreshetServer().start()
    try:
        lam, ddb, iam = own_clients(srv)
        sink = str(tmp_path / "sink")
        fn = make_sink(lam, make_role(iam, ROLE_ACTIONS), sink, runtime="nodejs20.x")
        table, stream_arn = make_table(ddb)
        lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=fn,
                                        StartingPosition="TRIM_HORIZON", BatchSize=5)
        for i in range(30):
            ddb.put_item(TableName=table, Item={"id": {"S": "r%d" % i}})
        wait_for(lambda: len(records(sink)) >= 10, timeout=30)
        srv.kill()
        srv.start()
        lam, ddb, iam = own_clients(srv)
        for i in range(30, 40):
            ddb.put_item(TableName=table, Item={"id": {"S": "r%d" % i}})
        want = {"r%d" % i for i in range(40)}
        wait_for(lambda: want <= {r["dynamodb"]["Keys"]["id"]["S"] for r in records(sink)},
                 timeout=60)
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records(sink)]
        firsts = []
        for s in seqs:
            if s not in firsts:
                firsts.append(s)
        assert firsts == sorted(firsts)
    finally:
        srv.cleanup()
