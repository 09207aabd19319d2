"""StreamARN wherever AWS accepts it instead of StreamName, and ListStreams' NextToken and
StreamSummaries. Sent raw, because older botocore models (Debian's boto3 1.26) lack them."""
import pytest

from streams_helpers import raw_kinesis, stream_name


@pytest.fixture
def call(server, root_keys):
    return lambda target, body: raw_kinesis(server, root_keys, target, body)


@pytest.fixture
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def test_stream_arn_in_place_of_the_name(call, account):
    name = stream_name("arn")
    arn = "arn:aws:kinesis:us-east-1:%s:stream/%s" % (account, name)
    assert call("CreateStream", {"StreamName": name, "ShardCount": 1})[0] == 200
    status, out = call("DescribeStreamSummary", {"StreamARN": arn})
    assert status == 200 and out["StreamDescriptionSummary"]["StreamName"] == name
    status, put = call("PutRecord", {"StreamARN": arn, "PartitionKey": "k", "Data": "aGk="})
    assert status == 200
    status, out = call("PutRecords", {"StreamARN": arn,
                                      "Records": [{"PartitionKey": "k", "Data": "aGkh"}]})
    assert status == 200 and out["FailedRecordCount"] == 0
    status, it = call("GetShardIterator", {"StreamARN": arn, "ShardId": put["ShardId"],
                                           "ShardIteratorType": "TRIM_HORIZON"})
    assert status == 200
    status, got = call("GetRecords", {"ShardIterator": it["ShardIterator"], "StreamARN": arn})
    assert status == 200 and [r["Data"] for r in got["Records"]] == ["aGk=", "aGkh"]
    for target, extra in [("AddTagsToStream", {"Tags": {"a": "1"}}),
                          ("IncreaseStreamRetentionPeriod", {"RetentionPeriodHours": 48}),
                          ("SplitShard", {"ShardToSplit": "shardId-000000000000",
                                          "NewStartingHashKey": str(2 ** 127)})]:
        status, out = call(target, dict({"StreamARN": arn}, **extra))
        assert status == 200, (target, out)
    status, tags = call("ListTagsForStream", {"StreamARN": arn})
    assert tags["Tags"] == [{"Key": "a", "Value": "1"}]
    status, shards = call("ListShards", {"StreamARN": arn})
    assert status == 200 and len(shards["Shards"]) == 3
    status, desc = call("DescribeStream", {"StreamARN": arn})
    assert desc["StreamDescription"]["RetentionPeriodHours"] == 48
    assert call("DeleteStream", {"StreamARN": arn})[0] == 200
    status, out = call("DescribeStream", {"StreamName": name})
    assert (status, out["__type"]) == (400, "ResourceNotFoundException")


def test_arn_of_another_account_is_not_found(call):
    status, out = call("DescribeStreamSummary",
                       {"StreamARN": "arn:aws:kinesis:us-east-1:111122223333:stream/theirs"})
    assert (status, out["__type"]) == (400, "ResourceNotFoundException")
    assert out["message"] == "Stream theirs under account 111122223333 not found."


def test_neither_name_nor_arn(call):
    status, out = call("DescribeStreamSummary", {})
    assert (status, out["__type"]) == (400, "InvalidArgumentException")


def test_list_streams_next_token_and_summaries(call, account):
    prefix = stream_name("page")
    names = [prefix + "-" + c for c in "abc"]
    for n in names:
        call("CreateStream", {"StreamName": n, "ShardCount": 1})
    status, first = call("ListStreams", {"ExclusiveStartStreamName": prefix, "Limit": 2})
    assert status == 200 and first["StreamNames"] == names[:2] and first["HasMoreStreams"]
    summary = first["StreamSummaries"][0]
    assert summary["StreamName"] == names[0]
    assert summary["StreamARN"] == "arn:aws:kinesis:us-east-1:%s:stream/%s" % (account, names[0])
    assert summary["StreamStatus"] == "ACTIVE"
    assert summary["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    status, second = call("ListStreams", {"NextToken": first["NextToken"], "Limit": 1})
    assert status == 200 and second["StreamNames"] == names[2:3]
    status, out = call("ListStreams", {"NextToken": "bogus-token"})
    assert (status, out["__type"]) == (400, "InvalidArgumentException")
