"""DynamoDB Query and Scan through boto3's client and resource APIs: sort order (numbers
numerically, strings and binaries bytewise), key conditions, ScanIndexForward, Limit and
pagination, filters, Select COUNT and parallel scan segments."""
import pytest
from boto3.dynamodb.conditions import Attr, Key

from tables_helpers import create, expect_error, table_name

NUMBERS = ["-1e10", "-100", "-2.5", "-0.001", "0", "0.001", "1", "2.5", "10", "100", "1e10"]


@pytest.fixture
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture(scope="module")
def numbers_table(make_client):
    ddb = make_client("dynamodb")
    name = create(ddb, range_key=("sk", "N"))
    for i, n in enumerate(reversed(NUMBERS)):
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": n}, "i": {"N": str(i)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "other"}, "sk": {"N": "5"}})
    return name


def sks(items):
    return [i["sk"]["N"] for i in items]


def expected(texts):
    from decimal import Decimal
    return [str(Decimal(t).normalize()) if "e" not in t else t for t in texts]


def as_numbers(values):
    from decimal import Decimal
    return [Decimal(v) for v in values]


def test_query_orders_numbers_numerically_both_ways(ddb, numbers_table):
    q = dict(TableName=numbers_table, KeyConditionExpression="pk = :p",
             ExpressionAttributeValues={":p": {"S": "p"}})
    forward = ddb.query(**q)
    assert as_numbers(sks(forward["Items"])) == as_numbers(NUMBERS)
    assert forward["Count"] == len(NUMBERS) and "LastEvaluatedKey" not in forward
    backward = ddb.query(ScanIndexForward=False, **q)
    assert as_numbers(sks(backward["Items"])) == list(reversed(as_numbers(NUMBERS)))


@pytest.mark.parametrize("cond,values,want", [
    ("sk = :a", {":a": "2.5"}, ["2.5"]),
    ("sk < :a", {":a": "0"}, ["-1e10", "-100", "-2.5", "-0.001"]),
    ("sk <= :a", {":a": "0"}, ["-1e10", "-100", "-2.5", "-0.001", "0"]),
    ("sk > :a", {":a": "2.5"}, ["10", "100", "1e10"]),
    ("sk >= :a", {":a": "2.5"}, ["2.5", "10", "100", "1e10"]),
    ("sk BETWEEN :a AND :b", {":a": "-2.5", ":b": "1"}, ["-2.5", "-0.001", "0", "0.001", "1"]),
    (":a < sk", {":a": "10"}, ["100", "1e10"]),
])
def test_query_sort_key_conditions(ddb, numbers_table, cond, values, want):
    vals = {k: {"N": v} for k, v in values.items()}
    vals[":p"] = {"S": "p"}
    out = ddb.query(TableName=numbers_table, KeyConditionExpression="pk = :p AND " + cond,
                    ExpressionAttributeValues=vals)
    assert as_numbers(sks(out["Items"])) == as_numbers(want)


def test_query_pagination_forward_and_backward(ddb, numbers_table):
    for forward in (True, False):
        seen, start = [], None
        while True:
            kw = dict(TableName=numbers_table, KeyConditionExpression="pk = :p", Limit=3,
                      ScanIndexForward=forward, ExpressionAttributeValues={":p": {"S": "p"}})
            if start:
                kw["ExclusiveStartKey"] = start
            page = ddb.query(**kw)
            seen += sks(page["Items"])
            start = page.get("LastEvaluatedKey")
            if not start:
                break
            assert set(start) == {"pk", "sk"}
        want = as_numbers(NUMBERS) if forward else list(reversed(as_numbers(NUMBERS)))
        assert as_numbers(seen) == want


def test_query_filter_projection_and_count(ddb, numbers_table):
    out = ddb.query(TableName=numbers_table, KeyConditionExpression="pk = :p",
                    FilterExpression="i < :three", ProjectionExpression="sk",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":three": {"N": "3"}})
    assert out["Count"] == 3 and out["ScannedCount"] == len(NUMBERS)
    assert all(set(i) == {"sk"} for i in out["Items"])
    out = ddb.query(TableName=numbers_table, KeyConditionExpression="pk = :p", Select="COUNT",
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert out["Count"] == len(NUMBERS) and "Items" not in out


def test_query_strings_and_binary_order_and_begins_with(ddb):
    name = create(ddb, range_key=("sk", "S"))
    words = ["a", "a\u00e9", "ab", "abc", "b", "B", "\u00e9"]
    for w in words:
        ddb.put_item(TableName=name, Item={"pk": {"S": "s"}, "sk": {"S": w}})
    out = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "s"}})
    assert [i["sk"]["S"] for i in out["Items"]] == sorted(words, key=lambda w: w.encode())
    out = ddb.query(TableName=name, KeyConditionExpression="pk = :p AND begins_with(sk, :b)",
                    ExpressionAttributeValues={":p": {"S": "s"}, ":b": {"S": "ab"}})
    assert [i["sk"]["S"] for i in out["Items"]] == ["ab", "abc"]
    bname = create(ddb, range_key=("sk", "B"))
    blobs = [b"\xff", b"\x00", b"\x00\x00", b"\x01", b"\x7f\x80"]
    for b in blobs:
        ddb.put_item(TableName=bname, Item={"pk": {"S": "b"}, "sk": {"B": b}})
    out = ddb.query(TableName=bname, KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "b"}})
    assert [i["sk"]["B"] for i in out["Items"]] == sorted(blobs)


def test_key_condition_messages(ddb, numbers_table):
    def q(cond, values):
        return ddb.query(TableName=numbers_table, KeyConditionExpression=cond,
                         ExpressionAttributeValues=values)
    p = {":p": {"S": "p"}}
    expect_error("ValidationException", "Query condition missed key schema element: pk",
                 q, "sk = :a", {":a": {"N": "1"}})
    expect_error("ValidationException",
                 "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR",
                 q, "pk = :p OR pk = :p", p)
    expect_error("ValidationException",
                 "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
                 "condition per key", q, "pk = :p AND pk = :p", p)
    expect_error("ValidationException", "Query key condition not supported", q, "pk > :p", p)
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Condition parameter type does not "
                 "match schema type", q, "pk = :a", {":a": {"N": "1"}})
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.query, TableName=table_name(), KeyConditionExpression="pk = :p",
                 ExpressionAttributeValues=p)


def test_scan_pages_and_segments(ddb):
    name = create(ddb)
    for i in range(40):
        ddb.put_item(TableName=name, Item={"pk": {"S": "k%02d" % i}, "v": {"N": str(i)}})
    seen, start = [], None
    while True:
        kw = dict(TableName=name, Limit=7)
        if start:
            kw["ExclusiveStartKey"] = start
        page = ddb.scan(**kw)
        assert page["ScannedCount"] <= 7
        seen += [i["pk"]["S"] for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert sorted(seen) == ["k%02d" % i for i in range(40)]
    segments = []
    for seg in range(4):
        items = [i["pk"]["S"] for p in ddb.get_paginator("scan").paginate(
            TableName=name, Segment=seg, TotalSegments=4) for i in p["Items"]]
        segments.append(set(items))
    assert sum(len(s) for s in segments) == 40
    assert set().union(*segments) == set(seen)
    out = ddb.scan(TableName=name, FilterExpression="v >= :x",
                   ExpressionAttributeValues={":x": {"N": "30"}})
    assert out["Count"] == 10 and out["ScannedCount"] == 40
    expect_error("ValidationException",
                 "The Segment parameter is zero-based and must be less than parameter "
                 "TotalSegments: Segment: 4 is not less than TotalSegments: 4",
                 ddb.scan, TableName=name, Segment=4, TotalSegments=4)


def test_resource_api_query_and_scan_with_conditions(make_client, server, root_keys):
    import boto3
    ddb = make_client("dynamodb")
    name = create(ddb, range_key=("sk", "N"))
    t = boto3.resource("dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
                       aws_access_key_id=root_keys[0],
                       aws_secret_access_key=root_keys[1]).Table(name)
    for i in range(10):
        t.put_item(Item={"pk": "user", "sk": i, "kind": "even" if i % 2 == 0 else "odd",
                         "title": "item %d" % i})
    out = t.query(KeyConditionExpression=Key("pk").eq("user") & Key("sk").between(2, 6),
                  FilterExpression=Attr("kind").eq("even"), ScanIndexForward=False)
    assert [int(i["sk"]) for i in out["Items"]] == [6, 4, 2]
    out = t.scan(FilterExpression=Attr("title").begins_with("item 1") | Attr("sk").is_in([3]))
    assert sorted(int(i["sk"]) for i in out["Items"]) == [1, 3]
    out = t.scan(FilterExpression=Attr("nope").not_exists() & Attr("title").contains("9"))
    assert [int(i["sk"]) for i in out["Items"]] == [9]
    out = t.query(KeyConditionExpression=Key("pk").eq("user") & Key("sk").lt(3),
                  ProjectionExpression="sk, #k", ExpressionAttributeNames={"#k": "kind"})
    assert out["Items"][0] == {"sk": 0, "kind": "even"}
