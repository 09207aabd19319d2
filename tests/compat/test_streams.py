"""Kinesis stream lifecycle as AWS clients see it: create (provisioned and on-demand),
describe (with shard pagination), summaries, listing, deletion, tags, retention and limits,
with AWS's exact error codes and messages (as recorded against AWS by kinesalite)."""
import json
import urllib.request

import pytest

from streams_helpers import expect_error, stream_name

FULL = 2 ** 128


@pytest.fixture
def kinesis(make_client):
    return make_client("kinesis")


@pytest.fixture
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def test_create_splits_the_hash_key_space_evenly(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=3)
    d = kinesis.describe_stream(StreamName=name)["StreamDescription"]
    assert d["StreamStatus"] == "ACTIVE"
    assert d["StreamARN"] == "arn:aws:kinesis:us-east-1:%s:stream/%s" % (account, name)
    assert d["RetentionPeriodHours"] == 24
    assert d["HasMoreShards"] is False
    assert d["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    assert [s["ShardId"] for s in d["Shards"]] == [
        "shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]
    # The ranges AWS gives a 3-shard stream.
    assert [(s["HashKeyRange"]["StartingHashKey"], s["HashKeyRange"]["EndingHashKey"])
            for s in d["Shards"]] == [
        ("0", "113427455640312821154458202477256070484"),
        ("113427455640312821154458202477256070485", "226854911280625642308916404954512140969"),
        ("226854911280625642308916404954512140970", str(FULL - 1))]
    for s in d["Shards"]:
        assert s["SequenceNumberRange"]["StartingSequenceNumber"].isdigit()
        assert "EndingSequenceNumber" not in s["SequenceNumberRange"]


def test_on_demand_stream_has_four_shards(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    s = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert s["OpenShardCount"] == 4
    assert s["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert s["StreamStatus"] == "ACTIVE"
    kinesis.delete_stream(StreamName=name)


def test_create_twice_is_resource_in_use(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    expect_error("ResourceInUseException",
                 "Stream %s under account %s already exists." % (name, account),
                 kinesis.create_stream, StreamName=name, ShardCount=1)


def test_shard_limit_is_limit_exceeded(kinesis, account):
    resp = expect_error("LimitExceededException", None, kinesis.create_stream,
                        StreamName=stream_name(), ShardCount=100000)
    msg = resp["Error"]["Message"]
    assert msg.startswith("This request would exceed the shard limit for the account %s in "
                          "us-east-1. Current shard count for the account: " % account)
    assert ("Limit: 500. Number of additional shards that would have resulted from this "
            "request: 100000.") in msg


def test_unknown_stream_is_not_found_everywhere(kinesis, account):
    name = stream_name("missing")
    msg = "Stream %s under account %s not found." % (name, account)
    for call, kwargs in [
            (kinesis.describe_stream, {}), (kinesis.describe_stream_summary, {}),
            (kinesis.delete_stream, {}), (kinesis.list_tags_for_stream, {}),
            (kinesis.add_tags_to_stream, {"Tags": {"a": "b"}}),
            (kinesis.list_shards, {}),
            (kinesis.increase_stream_retention_period, {"RetentionPeriodHours": 48}),
            (kinesis.put_record, {"Data": b"x", "PartitionKey": "k"}),
            (kinesis.put_records, {"Records": [{"Data": b"x", "PartitionKey": "k"}]})]:
        expect_error("ResourceNotFoundException", msg, call, StreamName=name, **kwargs)


def test_delete_then_recreate_starts_empty(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.put_record(StreamName=name, Data=b"old", PartitionKey="k")
    old_it = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    kinesis.delete_stream(StreamName=name)
    assert name not in kinesis.list_streams()["StreamNames"]
    kinesis.create_stream(StreamName=name, ShardCount=1)
    it = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=it)["Records"] == []
    # An iterator of the deleted stream does not read the new one.
    expect_error("ResourceNotFoundException",
                 "Shard shardId-000000000000 in stream %s under account %s does not exist"
                 % (name, account), kinesis.get_records, ShardIterator=old_it)


def test_describe_stream_pages_shards(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=5)
    d = kinesis.describe_stream(StreamName=name, Limit=2)["StreamDescription"]
    assert [s["ShardId"][-1] for s in d["Shards"]] == ["0", "1"]
    assert d["HasMoreShards"] is True
    d = kinesis.describe_stream(StreamName=name, Limit=2,
                                ExclusiveStartShardId="shardId-000000000003")["StreamDescription"]
    assert [s["ShardId"][-1] for s in d["Shards"]] == ["4"]
    assert d["HasMoreShards"] is False


def test_list_streams_pages_by_name(kinesis):
    prefix = stream_name("list")
    names = sorted(prefix + "-" + c for c in "abcd")
    for n in names:
        kinesis.create_stream(StreamName=n, ShardCount=1)
    out = kinesis.list_streams(ExclusiveStartStreamName=prefix, Limit=2)
    assert out["StreamNames"] == names[:2]
    assert out["HasMoreStreams"] is True
    out = kinesis.list_streams(ExclusiveStartStreamName=names[1], Limit=2)
    assert out["StreamNames"][:2] == names[2:]
    everything = kinesis.list_streams(Limit=100)["StreamNames"]
    assert everything == sorted(everything)


def test_list_shards_token_pagination_and_filters(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=3)
    first = kinesis.list_shards(StreamName=name, MaxResults=2)
    assert [s["ShardId"] for s in first["Shards"]] == [
        "shardId-000000000000", "shardId-000000000001"]
    rest = kinesis.list_shards(NextToken=first["NextToken"])
    assert [s["ShardId"] for s in rest["Shards"]] == ["shardId-000000000002"]
    assert "NextToken" not in rest
    after = kinesis.list_shards(StreamName=name, ExclusiveStartShardId="shardId-000000000000")
    assert len(after["Shards"]) == 2
    filtered = kinesis.list_shards(
        StreamName=name, ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": "shardId-000000000001"})
    assert [s["ShardId"] for s in filtered["Shards"]] == ["shardId-000000000002"]
    assert len(kinesis.list_shards(StreamName=name,
                                   ShardFilter={"Type": "AT_LATEST"})["Shards"]) == 3
    expect_error("InvalidArgumentException",
                 "NextToken and StreamName cannot be provided together.",
                 kinesis.list_shards, StreamName=name, NextToken=first["NextToken"])
    expect_error("InvalidArgumentException", "Either NextToken or StreamName should be provided.",
                 kinesis.list_shards)


def test_tags(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.add_tags_to_stream(StreamName=name, Tags={"b": "2", "a": "1", "c": ""})
    out = kinesis.list_tags_for_stream(StreamName=name)
    assert out["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"},
                           {"Key": "c", "Value": ""}]
    assert out["HasMoreTags"] is False
    page = kinesis.list_tags_for_stream(StreamName=name, ExclusiveStartTagKey="a", Limit=1)
    assert page["Tags"] == [{"Key": "b", "Value": "2"}] and page["HasMoreTags"] is True
    kinesis.remove_tags_from_stream(StreamName=name, TagKeys=["a", "nope"])
    assert [t["Key"] for t in kinesis.list_tags_for_stream(StreamName=name)["Tags"]] == ["b", "c"]
    expect_error("InvalidArgumentException",
                 "Some tags contain invalid characters. Valid characters: Unicode letters, "
                 "digits, white space, _ . / = + - % @.",
                 kinesis.add_tags_to_stream, StreamName=name, Tags={"bad*": "x"})
    many = {"k%02d" % i: "v" for i in range(49)}
    expect_error("InvalidArgumentException",
                 "Failed to add tags to stream %s under account %s because a given stream "
                 "cannot have more than 50 tags." % (name, account),
                 kinesis.add_tags_to_stream, StreamName=name, Tags=many)


def test_retention_period(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
    s = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert s["RetentionPeriodHours"] == 48
    expect_error("InvalidArgumentException",
                 "Requested retention period (30 hours) for stream %s can not be shorter than "
                 "existing retention period (48 hours). Use DecreaseRetentionPeriod API." % name,
                 kinesis.increase_stream_retention_period, StreamName=name,
                 RetentionPeriodHours=30)
    expect_error("InvalidArgumentException",
                 "Requested retention period (72 hours) for stream %s can not be longer than "
                 "existing retention period (48 hours). Use IncreaseRetentionPeriod API." % name,
                 kinesis.decrease_stream_retention_period, StreamName=name,
                 RetentionPeriodHours=72)
    expect_error("InvalidArgumentException",
                 "Minimum allowed retention period is 24 hours. Requested retention period "
                 "(20 hours) is too short.",
                 kinesis.decrease_stream_retention_period, StreamName=name,
                 RetentionPeriodHours=20)
    expect_error("InvalidArgumentException",
                 "Maximum allowed retention period is 8760 hours. Requested retention period "
                 "(8761 hours) is too long.",
                 kinesis.increase_stream_retention_period, StreamName=name,
                 RetentionPeriodHours=8761)
    kinesis.decrease_stream_retention_period(StreamName=name, RetentionPeriodHours=24)
    s = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert s["RetentionPeriodHours"] == 24


def test_describe_limits_counts_open_shards(kinesis):
    before = kinesis.describe_limits()
    assert before["ShardLimit"] == 500 and before["OnDemandStreamCountLimit"] == 50
    kinesis.create_stream(StreamName=stream_name(), ShardCount=2)
    after = kinesis.describe_limits()
    assert after["OpenShardCount"] == before["OpenShardCount"] + 2


def test_health_lists_kinesis(server):
    with urllib.request.urlopen(server.endpoint + "/_freshet/health") as r:
        assert json.loads(r.read())["services"]["kinesis"] == "running"
