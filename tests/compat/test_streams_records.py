"""Kinesis records: PutRecord/PutRecords routing and sequence numbers, the five shard iterator
types, GetRecords paging, and the errors AWS gives for bad iterators and positions."""
import base64
import datetime
import hashlib

import pytest

from freshet_server import wait_for
from streams_helpers import expect_error, read_shard, stream_name

SHARD0 = "shardId-000000000000"


@pytest.fixture
def kinesis(make_client):
    return make_client("kinesis")


@pytest.fixture
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def shard_of(key, shards):
    h = int(hashlib.md5(key.encode()).hexdigest(), 16)
    for s in shards:
        r = s["HashKeyRange"]
        if int(r["StartingHashKey"]) <= h <= int(r["EndingHashKey"]):
            return s["ShardId"]
    raise AssertionError("no shard holds " + key)


def test_put_routes_by_md5_of_the_partition_key(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=4)
    shards = kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"]
    for i in range(20):
        key = "key-%d" % i
        out = kinesis.put_record(StreamName=name, Data=b"d", PartitionKey=key)
        assert out["ShardId"] == shard_of(key, shards)


def test_sequence_numbers_increase_as_big_integers(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    seqs = [kinesis.put_record(StreamName=name, Data=b"%d" % i, PartitionKey="k")["SequenceNumber"]
            for i in range(12)]
    assert [int(s) for s in seqs] == sorted(int(s) for s in seqs)
    assert len(set(seqs)) == 12
    start = kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"][0][
        "SequenceNumberRange"]["StartingSequenceNumber"]
    assert int(seqs[0]) >= int(start)
    records, last = read_shard(kinesis, name, SHARD0)
    assert [r["Data"] for r in records] == [b"%d" % i for i in range(12)]
    assert [r["SequenceNumber"] for r in records] == seqs
    assert all(r["PartitionKey"] == "k" for r in records)
    assert last["MillisBehindLatest"] == 0


def test_explicit_hash_key_overrides_the_partition_key(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=2)
    out = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                             ExplicitHashKey=str(2 ** 128 - 1))
    assert out["ShardId"] == "shardId-000000000001"
    out = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a", ExplicitHashKey="0")
    assert out["ShardId"] == SHARD0
    expect_error("InvalidArgumentException",
                 "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                 "Specified value was %d" % 2 ** 128,
                 kinesis.put_record, StreamName=name, Data=b"x", PartitionKey="a",
                 ExplicitHashKey=str(2 ** 128))


def test_sequence_number_for_ordering(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    first = kinesis.put_record(StreamName=name, Data=b"1", PartitionKey="k")["SequenceNumber"]
    second = kinesis.put_record(StreamName=name, Data=b"2", PartitionKey="k",
                                SequenceNumberForOrdering=first)["SequenceNumber"]
    assert int(second) > int(first)
    expect_error("InvalidArgumentException",
                 "ExclusiveMinimumSequenceNumber 123 used in PutRecord on stream %s under "
                 "account %s is invalid." % (name, account),
                 kinesis.put_record, StreamName=name, Data=b"3", PartitionKey="k",
                 SequenceNumberForOrdering="123")


def test_put_records_answers_in_request_order(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=3)
    shards = kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"]
    entries = [{"Data": b"r%d" % i, "PartitionKey": "p%d" % i} for i in range(30)]
    out = kinesis.put_records(StreamName=name, Records=entries)
    assert out["FailedRecordCount"] == 0
    assert len(out["Records"]) == 30
    for entry, result in zip(entries, out["Records"]):
        assert result["ShardId"] == shard_of(entry["PartitionKey"], shards)
    for shard in shards:
        records, _ = read_shard(kinesis, name, shard["ShardId"])
        expected = [e["Data"] for e, r in zip(entries, out["Records"])
                    if r["ShardId"] == shard["ShardId"]]
        assert [r["Data"] for r in records] == expected


def test_iterator_types(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    seqs = [kinesis.put_record(StreamName=name, Data=b"%d" % i, PartitionKey="k")["SequenceNumber"]
            for i in range(5)]

    def data(**kwargs):
        return [r["Data"] for r in read_shard(kinesis, name, SHARD0, **kwargs)[0]]

    assert data(iterator_type="TRIM_HORIZON") == [b"0", b"1", b"2", b"3", b"4"]
    assert data(iterator_type="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2]) == [
        b"2", b"3", b"4"]
    assert data(iterator_type="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2]) == [
        b"3", b"4"]
    latest = kinesis.get_shard_iterator(StreamName=name, ShardId=SHARD0,
                                        ShardIteratorType="LATEST")["ShardIterator"]
    assert kinesis.get_records(ShardIterator=latest)["Records"] == []
    kinesis.put_record(StreamName=name, Data=b"5", PartitionKey="k")
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=latest)["Records"]] == [b"5"]
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    assert data(iterator_type="AT_TIMESTAMP", Timestamp=past)[0] == b"0"
    # AT_TIMESTAMP between two batches: a whole second (older botocore drops fractions) after
    # the last record so far, and the next batch put only once the clock has passed it.
    last = read_shard(kinesis, name, SHARD0)[0][-1]["ApproximateArrivalTimestamp"]
    boundary = last.replace(microsecond=0) + datetime.timedelta(seconds=1)
    wait_for(lambda: datetime.datetime.now(datetime.timezone.utc) > boundary, timeout=5)
    kinesis.put_record(StreamName=name, Data=b"6", PartitionKey="k")
    assert data(iterator_type="AT_TIMESTAMP", Timestamp=boundary) == [b"6"]

def test_get_records_limit_and_next_iterator(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    kinesis.put_records(StreamName=name,
                        Records=[{"Data": b"%d" % i, "PartitionKey": "k"} for i in range(7)])
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=SHARD0,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    seen = []
    for expected in (3, 3, 1, 0):
        out = kinesis.get_records(ShardIterator=it, Limit=3)
        assert len(out["Records"]) == expected
        assert out["MillisBehindLatest"] >= 0
        seen += [r["Data"] for r in out["Records"]]
        it = out["NextShardIterator"]
    assert seen == [b"%d" % i for i in range(7)]


def test_get_shard_iterator_errors(kinesis, account):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    seq = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")["SequenceNumber"]
    expect_error("ResourceNotFoundException",
                 "Shard shardId-000000000005 in stream %s under account %s does not exist"
                 % (name, account),
                 kinesis.get_shard_iterator, StreamName=name, ShardId="shardId-000000000005",
                 ShardIteratorType="LATEST")
    expect_error("ResourceNotFoundException",
                 "Shard shardId-000000000000 in stream nope-%s under account %s does not exist"
                 % (name, account),
                 kinesis.get_shard_iterator, StreamName="nope-" + name, ShardId=SHARD0,
                 ShardIteratorType="LATEST")
    prefix = ("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
              "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
              "StartingSequenceNumber. Request specified ")
    expect_error("InvalidArgumentException", prefix + "AT_SEQUENCE_NUMBER and no "
                 "StartingSequenceNumber.", kinesis.get_shard_iterator, StreamName=name,
                 ShardId=SHARD0, ShardIteratorType="AT_SEQUENCE_NUMBER")
    expect_error("InvalidArgumentException", prefix + "LATEST and also a "
                 "StartingSequenceNumber.", kinesis.get_shard_iterator, StreamName=name,
                 ShardId=SHARD0, ShardIteratorType="LATEST", StartingSequenceNumber=seq)
    expect_error("InvalidArgumentException",
                 "StartingSequenceNumber 12345 used in GetShardIterator on shard %s in stream "
                 "%s under account %s is invalid." % (SHARD0, name, account),
                 kinesis.get_shard_iterator, StreamName=name, ShardId=SHARD0,
                 ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber="12345")
    expect_error("InvalidArgumentException",
                 "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                 "Current request has no timestamp parameter.",
                 kinesis.get_shard_iterator, StreamName=name, ShardId=SHARD0,
                 ShardIteratorType="AT_TIMESTAMP")
    # Whole seconds: older botocore sends timestamps without their fraction.
    future = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).replace(
        microsecond=0)
    resp = expect_error("InvalidArgumentException", None, kinesis.get_shard_iterator,
                        StreamName=name, ShardId=SHARD0, ShardIteratorType="AT_TIMESTAMP",
                        Timestamp=future)
    assert resp["Error"]["Message"].startswith(
        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
        "timestampInMillis: %d, currentTimestampInMillis: " % int(future.timestamp() * 1000))


def test_sequence_number_of_another_shard_or_stream(kinesis, account):
    name, other = stream_name(), stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.create_stream(StreamName=other, ShardCount=1)
    seq1 = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                              ExplicitHashKey=str(2 ** 128 - 1))["SequenceNumber"]
    expect_error("InvalidArgumentException",
                 "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was "
                 "used in a call to a shard with shardId-000000000000",
                 kinesis.get_shard_iterator, StreamName=name, ShardId=SHARD0,
                 ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq1)
    seq0 = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="a",
                              ExplicitHashKey="0")["SequenceNumber"]
    expect_error("InvalidArgumentException",
                 "StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s "
                 "under account %s is invalid because it did not come from this stream."
                 % (seq0, SHARD0, other, account),
                 kinesis.get_shard_iterator, StreamName=other, ShardId=SHARD0,
                 ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq0)


def test_tampered_or_foreign_iterators_are_invalid(kinesis):
    name = stream_name()
    kinesis.create_stream(StreamName=name, ShardCount=1)
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=SHARD0,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    raw = bytearray(base64.b64decode(it))
    raw[10] ^= 1  # the shard position
    for bad in (base64.b64encode(bytes(raw)).decode(), "AAAA" + it[4:], "not-an-iterator",
                base64.b64encode(b"\x01" * 60).decode()):
        expect_error("InvalidArgumentException", "Invalid ShardIterator.",
                     kinesis.get_records, ShardIterator=bad)
    assert kinesis.get_records(ShardIterator=it)["Records"] == []
