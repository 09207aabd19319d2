"""Bad input to Kinesis: malformed JSON, empty bodies, wrong types, invalid base64, oversize
records and unknown fields get AWS's errors (as kinesalite recorded them), and the server keeps
serving."""
import base64
import json

import pytest

from streams_helpers import expect_error, raw_kinesis, stream_name


@pytest.fixture
def kinesis(make_client):
    return make_client("kinesis")


@pytest.fixture
def raw(server, root_keys):
    return lambda target, body: raw_kinesis(server, root_keys, target, body)


def still_serving(kinesis):
    assert "StreamNames" in kinesis.list_streams()


def test_malformed_json_and_empty_body_are_serialization_errors(raw, kinesis):
    for body in ("{", "hello", "[1,2]", ""):
        status, out = raw("ListStreams", body)
        assert status == 400, body
        assert out["__type"] == "SerializationException", (body, out)
    still_serving(kinesis)


def test_wrong_types_are_serialization_errors(raw, kinesis):
    for body in ({"StreamName": 5, "ShardCount": 1}, {"StreamName": "x", "ShardCount": "one"},
                 {"StreamName": ["x"], "ShardCount": 1}):
        status, out = raw("CreateStream", json.dumps(body))
        assert (status, out["__type"]) == (400, "SerializationException"), (body, out)
    still_serving(kinesis)


def test_invalid_base64_data_is_a_serialization_error(raw, kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    status, out = raw("PutRecord", json.dumps(
        {"StreamName": name, "PartitionKey": "k", "Data": "not base64!!"}))
    assert (status, out["__type"]) == (400, "SerializationException"), out
    status, out = raw("PutRecord", json.dumps(
        {"StreamName": name, "PartitionKey": "k", "Data": base64.b64encode(b"ok").decode()}))
    assert status == 200 and out["ShardId"] == "shardId-000000000000"


def test_unknown_fields_are_ignored(raw, kinesis):
    status, out = raw("ListStreams", json.dumps({"NoSuchField": 1, "Limit": 1}))
    assert status == 200 and "StreamNames" in out


def test_validation_errors_use_aws_wording(kinesis):
    expect_error("ValidationException",
                 "1 validation error detected: Value '%s' at 'streamName' failed to satisfy "
                 "constraint: Member must have length less than or equal to 128" % ("a" * 129),
                 kinesis.create_stream, StreamName="a" * 129, ShardCount=1)


def test_validation_errors_the_sdk_would_catch(raw):
    # boto3 checks minimums itself, so this one goes in raw.
    status, out = raw("CreateStream", json.dumps({"StreamName": stream_name(), "ShardCount": 0}))
    assert (status, out["__type"]) == (400, "ValidationException")
    assert out["message"] == ("1 validation error detected: Value '0' at 'shardCount' failed to "
                              "satisfy constraint: Member must have value greater than or equal "
                              "to 1")


def test_oversize_record_is_rejected(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    resp = expect_error("ValidationException", None, kinesis.put_record, StreamName=name,
                        Data=b"x" * (1024 * 1024 + 1), PartitionKey="k")
    assert "at 'data' failed to satisfy constraint: Member must have length less than or equal " \
           "to 1048576" in resp["Error"]["Message"]
    # Exactly 1 MiB is fine.
    kinesis.put_record(StreamName=name, Data=b"x" * (1024 * 1024), PartitionKey="k")
    too_many = [{"Data": b"x", "PartitionKey": "k"}] * 501
    resp = expect_error("ValidationException", None, kinesis.put_records, StreamName=name,
                        Records=too_many)
    assert "at 'records' failed to satisfy constraint: Member must have length less than or " \
           "equal to 500" in resp["Error"]["Message"]
    six_mib = [{"Data": b"x" * (1024 * 1024), "PartitionKey": "k"}] * 6
    expect_error("InvalidArgumentException", None, kinesis.put_records, StreamName=name,
                 Records=six_mib)
    still_serving(kinesis)


def test_get_records_limit_above_ten_thousand(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    it = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                    ShardIteratorType="LATEST")["ShardIterator"]
    expect_error("ValidationException",
                 "1 validation error detected: Value '10001' at 'limit' failed to satisfy "
                 "constraint: Member must have value less than or equal to 10000",
                 kinesis.get_records, ShardIterator=it, Limit=10001)


def test_unimplemented_actions_are_unknown_operations(raw, kinesis):
    for action in ("RegisterStreamConsumer", "SubscribeToShard", "StartStreamEncryption",
                   "NoSuchAction"):
        status, out = raw(action, "{}")
        assert (status, out["__type"]) == (400, "UnknownOperationException"), (action, out)
    still_serving(kinesis)
