"""Kinesis resharding: SplitShard, MergeShards and UpdateShardCount close their parents
(EndingSequenceNumber), open children that name them, keep the parents' records readable, and
end a reader of a closed shard with ChildShards and no NextShardIterator."""
import pytest

from streams_helpers import expect_error, read_shard, stream_name

MAX = 2 ** 128 - 1
MID = 2 ** 127


@pytest.fixture
def kinesis(make_client):
    return make_client("kinesis")


@pytest.fixture
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def shards_of(kinesis, name):
    return {s["ShardId"]: s for s in
            kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"]}


def test_split_shard(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    before = kinesis.put_record(StreamName=name, Data=b"before", PartitionKey="k")
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(MID))
    shards = shards_of(kinesis, name)
    parent = shards["shardId-000000000000"]
    assert parent["SequenceNumberRange"]["EndingSequenceNumber"] == before["SequenceNumber"]
    left, right = shards["shardId-000000000001"], shards["shardId-000000000002"]
    assert left["ParentShardId"] == right["ParentShardId"] == "shardId-000000000000"
    assert left["HashKeyRange"] == {"StartingHashKey": "0", "EndingHashKey": str(MID - 1)}
    assert right["HashKeyRange"] == {"StartingHashKey": str(MID), "EndingHashKey": str(MAX)}
    low = kinesis.put_record(StreamName=name, Data=b"low", PartitionKey="k", ExplicitHashKey="5")
    high = kinesis.put_record(StreamName=name, Data=b"high", PartitionKey="k",
                              ExplicitHashKey=str(MAX))
    assert (low["ShardId"], high["ShardId"]) == ("shardId-000000000001", "shardId-000000000002")
    # The parent stays readable, and its reader ends with the children.
    records, last = read_shard(kinesis, name, "shardId-000000000000")
    assert [r["Data"] for r in records] == [b"before"]
    assert "NextShardIterator" not in last
    assert sorted(c["ShardId"] for c in last["ChildShards"]) == [
        "shardId-000000000001", "shardId-000000000002"]
    assert all(c["ParentShards"] == ["shardId-000000000000"] for c in last["ChildShards"])
    assert [r["Data"] for r in read_shard(kinesis, name, "shardId-000000000002")[0]] == [b"high"]
    open_only = kinesis.list_shards(StreamName=name, ShardFilter={"Type": "AT_LATEST"})
    assert [s["ShardId"] for s in open_only["Shards"]] == [
        "shardId-000000000001", "shardId-000000000002"]
    assert kinesis.describe_stream_summary(
        StreamName=name)["StreamDescriptionSummary"]["OpenShardCount"] == 2


def test_split_errors(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    expect_error("ResourceNotFoundException",
                 "Could not find shard shardId-000000000009 in stream %s under account %s."
                 % (name, account), kinesis.split_shard, StreamName=name,
                 ShardToSplit="shardId-000000000009", NewStartingHashKey="5")
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(MID))
    expect_error("InvalidArgumentException",
                 "Shard shardId-000000000000 in stream %s under account %s has already been "
                 "merged or split, and thus is not eligible for merging or splitting."
                 % (name, account), kinesis.split_shard, StreamName=name,
                 ShardToSplit="shardId-000000000000", NewStartingHashKey="5")
    resp = expect_error("InvalidArgumentException", None, kinesis.split_shard, StreamName=name,
                        ShardToSplit="shardId-000000000001", NewStartingHashKey="0")
    assert resp["Error"]["Message"].startswith(
        "NewStartingHashKey 0 used in SplitShard() on shard shardId-000000000001 in stream %s "
        "under account %s is not both greater than one plus the shard's StartingHashKey"
        % (name, account))


def test_merge_shards(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=3)
    kinesis.put_record(StreamName=name, Data=b"a", PartitionKey="k", ExplicitHashKey="0")
    expect_error("InvalidArgumentException",
                 "Shards shardId-000000000000 and shardId-000000000002 in stream %s under "
                 "account %s are not an adjacent pair of shards eligible for merging"
                 % (name, account), kinesis.merge_shards, StreamName=name,
                 ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000002")
    kinesis.merge_shards(StreamName=name, ShardToMerge="shardId-000000000000",
                         AdjacentShardToMerge="shardId-000000000001")
    shards = shards_of(kinesis, name)
    child = shards["shardId-000000000003"]
    assert child["ParentShardId"] == "shardId-000000000000"
    assert child["AdjacentParentShardId"] == "shardId-000000000001"
    assert child["HashKeyRange"]["StartingHashKey"] == "0"
    assert child["HashKeyRange"]["EndingHashKey"] == shards["shardId-000000000001"][
        "HashKeyRange"]["EndingHashKey"]
    for parent in ("shardId-000000000000", "shardId-000000000001"):
        assert "EndingSequenceNumber" in shards[parent]["SequenceNumberRange"]
        _, last = read_shard(kinesis, name, parent)
        assert [c["ShardId"] for c in last["ChildShards"]] == ["shardId-000000000003"]
        assert last["ChildShards"][0]["ParentShards"] == [
            "shardId-000000000000", "shardId-000000000001"]
    out = kinesis.put_record(StreamName=name, Data=b"b", PartitionKey="k", ExplicitHashKey="0")
    assert out["ShardId"] == "shardId-000000000003"
    assert [r["Data"] for r in read_shard(kinesis, name, "shardId-000000000000")[0]] == [b"a"]


def test_update_shard_count(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=2)
    keys = ["k%d" % i for i in range(10)]
    for k in keys:
        kinesis.put_record(StreamName=name, Data=k.encode(), PartitionKey=k)
    out = kinesis.update_shard_count(StreamName=name, TargetShardCount=4,
                                     ScalingType="UNIFORM_SCALING")
    assert (out["StreamName"], out["CurrentShardCount"], out["TargetShardCount"]) == (name, 2, 4)
    shards = shards_of(kinesis, name)
    open_shards = [s for s in shards.values() if "EndingSequenceNumber" not in
                   s["SequenceNumberRange"]]
    assert len(open_shards) == 4
    assert all(s["ParentShardId"] in ("shardId-000000000000", "shardId-000000000001")
               for s in open_shards)
    starts = sorted(int(s["HashKeyRange"]["StartingHashKey"]) for s in open_shards)
    assert starts == [0, 2 ** 126, 2 ** 127, 3 * 2 ** 126]
    for k in keys:
        kinesis.put_record(StreamName=name, Data=k.encode(), PartitionKey=k)
    # Every record is readable once from the parents and once from the children.
    seen = []
    for shard_id in shards:
        seen += [r["Data"] for r in read_shard(kinesis, name, shard_id)[0]]
    assert sorted(seen) == sorted([k.encode() for k in keys] * 2)
    assert kinesis.describe_stream_summary(
        StreamName=name)["StreamDescriptionSummary"]["OpenShardCount"] == 4
