"""DynamoDB table streams and the DynamoDB Streams API (boto3 `dynamodb` and `dynamodbstreams`,
and the AWS CLI): StreamSpecification on CreateTable/UpdateTable, what each view type records,
no record for a change that changes nothing, sequence numbers and iterator types, GetRecords
pages, disabling and re-enabling, errors, a restart, BatchWriteItem and IAM. The sizes are those
of the examples in DynamoDB's developer guide."""
import json
import re
import uuid

import pytest
from botocore.exceptions import ClientError

from freshet_server import FreshetServer
from tables_helpers import aws_cli, create, expect_error

LABEL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
SHARD_ID = re.compile(r"^shardId-\d{20}-[0-9a-f]{8}$")


@pytest.fixture(scope="module")
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture(scope="module")
def streams(make_client):
    return make_client("dynamodbstreams")


def stream_table(ddb, view, **kwargs):
    """A table keyed by Id (N), as in the developer guide's stream examples."""
    name = create(ddb, hash_key=("Id", "N"), StreamSpecification={
        "StreamEnabled": True, "StreamViewType": view}, **kwargs)
    return name, ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def shard_of(streams, arn):
    shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    assert len(shards) == 1
    return shards[0]


def iterator(streams, arn, kind="TRIM_HORIZON", seq=None):
    args = {"StreamArn": arn, "ShardId": shard_of(streams, arn)["ShardId"],
            "ShardIteratorType": kind}
    if seq is not None:
        args["SequenceNumber"] = seq
    return streams.get_shard_iterator(**args)["ShardIterator"]


def read_all(streams, arn, it=None, limit=None):
    """Every record from `it` (default TRIM_HORIZON) until a page comes back empty."""
    it = it or iterator(streams, arn)
    out = []
    while it:
        page = streams.get_records(ShardIterator=it, **({"Limit": limit} if limit else {}))
        out += page["Records"]
        if not page["Records"]:
            break
        it = page.get("NextShardIterator")
    return out


def test_create_table_with_a_stream_describes_it(ddb, streams):
    name, arn = stream_table(ddb, "NEW_AND_OLD_IMAGES")
    t = ddb.describe_table(TableName=name)["Table"]
    assert t["StreamSpecification"] == {"StreamEnabled": True,
                                        "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert LABEL.match(t["LatestStreamLabel"]), t["LatestStreamLabel"]
    assert arn == t["TableArn"] + "/stream/" + t["LatestStreamLabel"]
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert (d["StreamArn"], d["StreamLabel"], d["StreamStatus"], d["StreamViewType"],
            d["TableName"]) == (arn, t["LatestStreamLabel"], "ENABLED", "NEW_AND_OLD_IMAGES", name)
    assert d["KeySchema"] == [{"AttributeName": "Id", "KeyType": "HASH"}]
    assert "CreationRequestDateTime" in d
    shard = d["Shards"][0]
    assert SHARD_ID.match(shard["ShardId"]), shard["ShardId"]
    assert shard["SequenceNumberRange"]["StartingSequenceNumber"].isdecimal()
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]
    listed = streams.list_streams(TableName=name)["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": name,
                       "StreamLabel": t["LatestStreamLabel"]}]
    # A table without a stream has none of it.
    plain = create(ddb)
    t = ddb.describe_table(TableName=plain)["Table"]
    assert "StreamSpecification" not in t and "LatestStreamArn" not in t
    assert streams.list_streams(TableName=plain)["Streams"] == []


# (view type, SizeBytes of INSERT, MODIFY, REMOVE): the developer guide's worked example.
VIEWS = [("KEYS_ONLY", 5, 5, 5), ("NEW_IMAGE", 26, 38, 5), ("OLD_IMAGE", 5, 26, 38),
         ("NEW_AND_OLD_IMAGES", 26, 59, 38)]


@pytest.mark.parametrize("view,insert,modify,remove", VIEWS)
def test_each_view_type_records_its_images(ddb, streams, view, insert, modify, remove):
    name, arn = stream_table(ddb, view)
    key = {"Id": {"N": "101"}}
    ddb.put_item(TableName=name, Item={**key, "Message": {"S": "New item!"}})
    ddb.update_item(TableName=name, Key=key, UpdateExpression="SET Message = :m",
                    ExpressionAttributeValues={":m": {"S": "This item has changed"}})
    ddb.delete_item(TableName=name, Key=key)
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    new = {"Id": {"N": "101"}, "Message": {"S": "This item has changed"}}
    first = {"Id": {"N": "101"}, "Message": {"S": "New item!"}}
    images = {"INSERT": (first, None), "MODIFY": (new, first), "REMOVE": (None, new)}
    for r, size in zip(records, (insert, modify, remove)):
        d = r["dynamodb"]
        assert d["Keys"] == key
        assert d["StreamViewType"] == view
        assert d["SizeBytes"] == size, (r["eventName"], d)
        want_new, want_old = images[r["eventName"]]
        keeps_new = view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
        keeps_old = view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
        assert d.get("NewImage") == (want_new if keeps_new else None)
        assert d.get("OldImage") == (want_old if keeps_old else None)
        assert (r["eventVersion"], r["eventSource"], r["awsRegion"]) == (
            "1.1", "aws:dynamodb", "us-east-1")
        assert "userIdentity" not in r
        assert d["ApproximateCreationDateTime"].microsecond == 0


def test_changes_that_change_nothing_write_no_record(ddb, streams):
    name, arn = stream_table(ddb, "NEW_AND_OLD_IMAGES")
    item = {"Id": {"N": "1"}, "a": {"SS": ["x", "y"]}, "b": {"N": "1.50"}}
    ddb.put_item(TableName=name, Item=item)
    # The same item again, a set in another order and a number written otherwise.
    ddb.put_item(TableName=name, Item={"Id": {"N": "1"}, "a": {"SS": ["y", "x"]},
                                       "b": {"N": "1.5"}})
    ddb.update_item(TableName=name, Key={"Id": {"N": "1"}}, UpdateExpression="SET b = :b",
                    ExpressionAttributeValues={":b": {"N": "1.5"}})
    ddb.delete_item(TableName=name, Key={"Id": {"N": "2"}})  # absent
    ddb.update_item(TableName=name, Key={"Id": {"N": "1"}}, UpdateExpression="SET b = :b",
                    ExpressionAttributeValues={":b": {"N": "2"}})
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
    assert records[1]["dynamodb"]["OldImage"]["b"] == {"N": "1.5"}
    assert records[1]["dynamodb"]["NewImage"]["b"] == {"N": "2"}


def test_records_are_in_order_with_increasing_sequence_numbers(ddb, streams):
    name, arn = stream_table(ddb, "KEYS_ONLY")
    for i in range(30):
        ddb.put_item(TableName=name, Item={"Id": {"N": str(i)}})
    records = read_all(streams, arn)
    assert [r["dynamodb"]["Keys"]["Id"]["N"] for r in records] == [str(i) for i in range(30)]
    seqs = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert all(s.isdecimal() and len(s) >= 21 for s in seqs)
    assert [int(s) for s in seqs] == sorted(set(int(s) for s in seqs))
    assert len({r["eventID"] for r in records}) == 30


def test_iterator_types(ddb, streams):
    name, arn = stream_table(ddb, "KEYS_ONLY")
    for i in range(3):
        ddb.put_item(TableName=name, Item={"Id": {"N": str(i)}})
    latest = iterator(streams, arn, "LATEST")
    assert streams.get_records(ShardIterator=latest)["Records"] == []
    ddb.put_item(TableName=name, Item={"Id": {"N": "3"}})
    after_latest = read_all(streams, arn, latest)
    assert [r["dynamodb"]["Keys"]["Id"]["N"] for r in after_latest] == ["3"]
    seqs = [r["dynamodb"]["SequenceNumber"] for r in read_all(streams, arn)]
    at = read_all(streams, arn, iterator(streams, arn, "AT_SEQUENCE_NUMBER", seqs[1]))
    assert [r["dynamodb"]["SequenceNumber"] for r in at] == seqs[1:]
    after = read_all(streams, arn, iterator(streams, arn, "AFTER_SEQUENCE_NUMBER", seqs[1]))
    assert [r["dynamodb"]["SequenceNumber"] for r in after] == seqs[2:]
    # The shard's starting sequence number is a valid position even before any record.
    empty, empty_arn = stream_table(ddb, "KEYS_ONLY")
    start = shard_of(streams, empty_arn)["SequenceNumberRange"]["StartingSequenceNumber"]
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        assert iterator(streams, empty_arn, kind, start)


def test_get_records_pages(ddb, streams):
    name, arn = stream_table(ddb, "NEW_IMAGE")
    for i in range(25):
        ddb.put_item(TableName=name, Item={"Id": {"N": str(i)}, "pad": {"S": "x" * 100}})
    it, sizes = iterator(streams, arn), []
    while True:
        page = streams.get_records(ShardIterator=it, Limit=10)
        sizes.append(len(page["Records"]))
        it = page["NextShardIterator"]  # an enabled stream's shard is open: always one
        if not page["Records"]:
            break
    assert sizes == [10, 10, 5, 0]
    ddb.put_item(TableName=name, Item={"Id": {"N": "99"}})
    assert [r["dynamodb"]["Keys"]["Id"]["N"]
            for r in streams.get_records(ShardIterator=it)["Records"]] == ["99"]
    expect_error("ValidationException",
                 "1 validation error detected: Value '1001' at 'limit' failed to satisfy "
                 "constraint: Member must have value less than or equal to 1000",
                 streams.get_records, ShardIterator=it, Limit=1001)


def test_disable_and_enable_again(ddb, streams):
    name, arn = stream_table(ddb, "KEYS_ONLY")
    ddb.put_item(TableName=name, Item={"Id": {"N": "1"}})
    expect_error("ValidationException", "Table already has an enabled stream: TableName: " + name,
                 ddb.update_table, TableName=name,
                 StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    open_it = iterator(streams, arn)
    t = ddb.update_table(TableName=name,
                         StreamSpecification={"StreamEnabled": False})["TableDescription"]
    assert "StreamSpecification" not in t and t["LatestStreamArn"] == arn
    ddb.put_item(TableName=name, Item={"Id": {"N": "2"}})  # no stream: no record
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED"
    rng = d["Shards"][0]["SequenceNumberRange"]
    assert int(rng["EndingSequenceNumber"]) >= int(rng["StartingSequenceNumber"])
    # The closed shard reads to its end, then has no next iterator.
    page = streams.get_records(ShardIterator=open_it)
    assert [r["dynamodb"]["Keys"]["Id"]["N"] for r in page["Records"]] == ["1"]
    assert "NextShardIterator" not in page
    expect_error("ValidationException", "Table has no stream to disable: TableName: " + name,
                 ddb.update_table, TableName=name, StreamSpecification={"StreamEnabled": False})
    t = ddb.update_table(TableName=name, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]
    assert t["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
    new_arn = t["LatestStreamArn"]
    assert new_arn != arn and t["LatestStreamLabel"] > d["StreamLabel"]
    ddb.put_item(TableName=name, Item={"Id": {"N": "3"}})
    assert [r["dynamodb"]["NewImage"] for r in read_all(streams, new_arn)] == [
        {"Id": {"N": "3"}}]
    assert [s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]] == [
        arn, new_arn]


def test_stream_specification_errors(ddb):
    expect_error("ValidationException", "One or more parameter values were invalid: If stream is "
                 "being enabled then UpdateViewType is required", create, ddb,
                 StreamSpecification={"StreamEnabled": True})
    name = create(ddb)
    expect_error("ValidationException", "One or more parameter values were invalid: If stream is "
                 "being disabled, then UpdateViewType must not be specified", ddb.update_table,
                 TableName=name,
                 StreamSpecification={"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"})
    expect_error("ValidationException", "Table has no stream to disable: TableName: " + name,
                 ddb.update_table, TableName=name, StreamSpecification={"StreamEnabled": False})


def test_streams_api_errors(ddb, streams):
    name, arn = stream_table(ddb, "KEYS_ONLY")
    account = arn.split(":")[4]
    expect_error("ValidationException", "Invalid StreamArn", streams.describe_stream,
                 StreamArn="sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf")
    missing = "arn:aws:dynamodb:us-east-1:%s:table/%s/stream/2020-01-01T00:00:00.000" % (
        account, name)
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Stream: %s not found" % missing,
                 streams.describe_stream, StreamArn=missing)
    expect_error("ResourceNotFoundException", "Requested resource not found: Shard does not exist",
                 streams.get_shard_iterator, StreamArn=arn,
                 ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST")
    shard = shard_of(streams, arn)["ShardId"]
    start = shard_of(streams, arn)["SequenceNumberRange"]["StartingSequenceNumber"]
    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        expect_error("ValidationException", None, streams.get_shard_iterator, StreamArn=arn,
                     ShardId=shard, ShardIteratorType=kind)
    for kind in ("TRIM_HORIZON", "LATEST"):
        expect_error("ValidationException", None, streams.get_shard_iterator, StreamArn=arn,
                     ShardId=shard, ShardIteratorType=kind, SequenceNumber=start)
    expect_error("ValidationException", None, streams.get_records,
                 ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg")
    good = iterator(streams, arn)
    tampered = good[:-6] + ("AAAAAA" if not good.endswith("AAAAAA") else "BBBBBB")
    expect_error("ValidationException", None, streams.get_records, ShardIterator=tampered)
    # An iterator of another stream's ARN does not verify either.
    other = good.replace(name, name + "x", 1)
    expect_error("ValidationException", None, streams.get_records, ShardIterator=other)
    ddb.delete_table(TableName=name)  # its streams go with it
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Stream: %s not found" % arn,
                 streams.describe_stream, StreamArn=arn)
    expect_error("ResourceNotFoundException", None, streams.get_records, ShardIterator=good)


def test_list_streams_pages(ddb, streams):
    names = sorted(stream_table(ddb, "KEYS_ONLY")[0] for _ in range(3))
    seen, start = [], None
    while True:
        page = streams.list_streams(Limit=1, **({"ExclusiveStartStreamArn": start}
                                                if start else {}))
        seen += [(s["TableName"], s["StreamArn"]) for s in page["Streams"]]
        start = page.get("LastEvaluatedStreamArn")
        if not start:
            break
    assert [n for n, _ in seen if n in names] == names
    assert len(seen) == len(set(seen))  # each stream once (a table may have several)


def test_batch_write_item_writes_one_record_per_item(ddb, streams):
    name, arn = stream_table(ddb, "NEW_AND_OLD_IMAGES")
    ddb.put_item(TableName=name, Item={"Id": {"N": "100"}})
    writes = [{"PutRequest": {"Item": {"Id": {"N": str(i)}}}} for i in range(5)]
    writes.append({"DeleteRequest": {"Key": {"Id": {"N": "100"}}}})
    writes.append({"DeleteRequest": {"Key": {"Id": {"N": "200"}}}})  # absent: no record
    ddb.batch_write_item(RequestItems={name: writes})
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT"] * 6 + ["REMOVE"]
    assert records[-1]["dynamodb"]["OldImage"] == {"Id": {"N": "100"}}


def test_records_survive_a_restart():
    server = FreshetServer().start()
    try:
        import boto3
        from botocore.config import Config

        def clients(s):
            key, secret = s.root_credentials()
            mk = lambda svc: boto3.session.Session().client(  # noqa: E731
                svc, endpoint_url=s.endpoint, region_name="us-east-1", aws_access_key_id=key,
                aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))
            return mk("dynamodb"), mk("dynamodbstreams")
        ddb, streams = clients(server)
        name, arn = stream_table(ddb, "NEW_IMAGE")
        for i in range(5):
            ddb.put_item(TableName=name, Item={"Id": {"N": str(i)}})
        before = read_all(streams, arn)
        server.stop()
        restarted = FreshetServer(data_dir=server.data_dir)
        restarted._tmp, server._tmp = server._tmp, None
        server = restarted.start()
        ddb, streams = clients(server)
        assert read_all(streams, arn) == before
        ddb.put_item(TableName=name, Item={"Id": {"N": "5"}})
        after = read_all(streams, arn)
        assert len(after) == 6
        assert int(after[5]["dynamodb"]["SequenceNumber"]) > int(
            before[4]["dynamodb"]["SequenceNumber"])
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0


def test_aws_cli_reads_a_stream(server, root_keys, ddb):
    name, arn = stream_table(ddb, "NEW_IMAGE")
    ddb.put_item(TableName=name, Item={"Id": {"N": "7"}, "v": {"S": "cli"}})
    listed = aws_cli(server, root_keys, "dynamodbstreams", "list-streams", "--table-name", name)
    assert listed["Streams"][0]["StreamArn"] == arn
    d = aws_cli(server, root_keys, "dynamodbstreams", "describe-stream", "--stream-arn", arn)
    shard = d["StreamDescription"]["Shards"][0]["ShardId"]
    it = aws_cli(server, root_keys, "dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                 "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
    records = aws_cli(server, root_keys, "dynamodbstreams", "get-records", "--shard-iterator",
                      it)["Records"]
    assert [r["dynamodb"]["NewImage"] for r in records] == [{"Id": {"N": "7"},
                                                             "v": {"S": "cli"}}]


def test_reading_a_stream_needs_dynamodb_get_records(make_client, ddb, streams):
    iam = make_client("iam")
    name, arn = stream_table(ddb, "KEYS_ONLY")
    ddb.put_item(TableName=name, Item={"Id": {"N": "1"}})
    user = "reader-%s" % uuid.uuid4().hex[:8]
    user_arn = iam.create_user(UserName=user)["User"]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "dynamodb:DescribeStream", "dynamodb:GetShardIterator"], "Resource": arn}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    try:
        reader = make_client("dynamodbstreams", key["AccessKeyId"], key["SecretAccessKey"])
        it = iterator(reader, arn)
        with pytest.raises(ClientError) as e:
            reader.get_records(ShardIterator=it)
        err = e.value.response["Error"]
        assert err["Code"] == "AccessDeniedException"
        assert err["Message"] == (
            "User: %s is not authorized to perform: dynamodb:GetRecords on resource: %s because "
            "no identity-based policy allows the dynamodb:GetRecords action" % (user_arn, arn))
        with pytest.raises(ClientError) as e:
            reader.list_streams()
        assert e.value.response["Error"]["Code"] == "AccessDeniedException"
        assert len(streams.get_records(ShardIterator=it)["Records"]) == 1
    finally:
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        iam.delete_user_policy(UserName=user, PolicyName="p")
        iam.delete_user(UserName=user)
