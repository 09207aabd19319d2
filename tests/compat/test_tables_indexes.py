"""DynamoDB secondary indexes through boto3: global and local indexes at creation with each
projection, Query and Scan on them (sort order, pagination both ways, filters, projections,
Select), sparse indexes, index key types refused with nothing written, maintenance on update and
delete, a global index created on a filled table (backfilled while writes go on) and deleted,
ConsumedCapacity by index, DynamoDB's validation messages, and indexes across restarts."""
import pytest

from freshet_server import FreshetServer, wait_for
from tables_helpers import expect_error, table_name

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def ddb(make_client):
    return make_client("dynamodb")


def keys(*pairs):
    return [{"AttributeName": n, "KeyType": t} for n, t in pairs]


def attrs(**types):
    return [{"AttributeName": n, "AttributeType": t} for n, t in types.items()]


def gsi(name, hash_key, range_key=None, projection="ALL", non_key=None, **extra):
    ks = [(hash_key, "HASH")] + ([(range_key, "RANGE")] if range_key else [])
    p = {"ProjectionType": projection}
    if non_key is not None:
        p["NonKeyAttributes"] = non_key
    return dict({"IndexName": name, "KeySchema": keys(*ks), "Projection": p}, **extra)


def lsi(name, range_key, projection="ALL", non_key=None):
    return gsi(name, "pk", range_key, projection, non_key)


def game_table(ddb, name=None):
    """pk/sk table with a GSI by game and score (INCLUDE x), a KEYS_ONLY GSI by player and an
    LSI by date (KEYS_ONLY)."""
    name = name or table_name("idx")
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=attrs(pk="S", sk="S", game="S", score="N", player="S", date="S"),
        KeySchema=keys(("pk", "HASH"), ("sk", "RANGE")),
        GlobalSecondaryIndexes=[gsi("by_score", "game", "score", "INCLUDE", ["x"]),
                                gsi("by_player", "player", None, "KEYS_ONLY")],
        LocalSecondaryIndexes=[lsi("by_date", "date", "KEYS_ONLY")])
    return name


def put(ddb, table, pk, sk, **extra):
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    for k, v in extra.items():
        item[k] = {"N": str(v)} if isinstance(v, (int, float)) else {"S": v}
    ddb.put_item(TableName=table, Item=item)


def query_all(ddb, **kwargs):
    items, start = [], None
    while True:
        if start:
            kwargs["ExclusiveStartKey"] = start
        page = ddb.query(**kwargs)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def scores(items):
    return [int(i["score"]["N"]) for i in items]


def test_describe_shows_indexes(ddb):
    name = game_table(ddb)
    t = ddb.describe_table(TableName=name)["Table"]
    g = {i["IndexName"]: i for i in t["GlobalSecondaryIndexes"]}
    assert set(g) == {"by_score", "by_player"}
    assert g["by_score"]["KeySchema"] == keys(("game", "HASH"), ("score", "RANGE"))
    assert g["by_score"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert g["by_score"]["IndexStatus"] == "ACTIVE"
    assert g["by_score"]["IndexArn"] == t["TableArn"] + "/index/by_score"
    assert g["by_player"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    (l,) = t["LocalSecondaryIndexes"]
    assert l["IndexName"] == "by_date" and l["KeySchema"] == keys(("pk", "HASH"), ("date", "RANGE"))
    put(ddb, name, "a", "1", game="g", score=3, player="p", date="d", x="1", y="2")
    put(ddb, name, "a", "2", game="g", score=4)
    t = ddb.describe_table(TableName=name)["Table"]
    g = {i["IndexName"]: i for i in t["GlobalSecondaryIndexes"]}
    assert g["by_score"]["ItemCount"] == 2 and g["by_player"]["ItemCount"] == 1
    assert t["LocalSecondaryIndexes"][0]["ItemCount"] == 1
    assert g["by_score"]["IndexSizeBytes"] > 0


def test_query_gsi_order_projection_and_pagination_both_ways(ddb):
    name = game_table(ddb)
    for i, s in enumerate([5, -2, 40, 5, 17, 0, 3]):
        put(ddb, name, "p%d" % (i % 3), "s%d" % i, game="chess", score=s, x="x%d" % i, y="hidden")
    put(ddb, name, "q", "1", game="go", score=1)
    kw = dict(TableName=name, IndexName="by_score", KeyConditionExpression="game = :g",
              ExpressionAttributeValues={":g": {"S": "chess"}})
    full = ddb.query(**kw)["Items"]
    assert scores(full) == [-2, 0, 3, 5, 5, 17, 40]
    # Ties in table key order; the projection keeps keys and x, not y.
    fives = [(i["pk"]["S"], i["sk"]["S"]) for i in full if i["score"]["N"] == "5"]
    assert fives == sorted(fives)
    assert all(set(i) == {"pk", "sk", "game", "score", "x"} for i in full)
    for forward in (True, False):
        paged = []
        start = None
        while True:
            extra = {"ExclusiveStartKey": start} if start else {}
            page = ddb.query(Limit=2, ScanIndexForward=forward, **kw, **extra)
            paged += page["Items"]
            start = page.get("LastEvaluatedKey")
            if start:
                assert set(start) == {"pk", "sk", "game", "score"}
            else:
                break
        assert scores(paged) == sorted(scores(full), reverse=not forward)
    ranged = ddb.query(TableName=name, IndexName="by_score",
                       KeyConditionExpression="game = :g AND score BETWEEN :a AND :b",
                       ExpressionAttributeValues={":g": {"S": "chess"}, ":a": {"N": "0"},
                                                  ":b": {"N": "5"}})["Items"]
    assert scores(ranged) == [0, 3, 5, 5]
    filtered = ddb.query(FilterExpression="x = :x", ProjectionExpression="score",
                         **dict(kw, ExpressionAttributeValues={":g": {"S": "chess"},
                                                               ":x": {"S": "x2"}}))
    assert filtered["Items"] == [{"score": {"N": "40"}}] and filtered["ScannedCount"] == 7
    count = ddb.query(Select="COUNT", **kw)
    assert count["Count"] == 7 and "Items" not in count


def test_scan_index_and_segments(ddb):
    name = game_table(ddb)
    for i in range(20):
        put(ddb, name, "p%d" % i, "s", game="g%d" % (i % 4), score=i, **({"player": "a"} if i % 2 else {}))
    scanned = ddb.scan(TableName=name, IndexName="by_player")
    assert scanned["Count"] == 10
    assert all(set(i) == {"pk", "sk", "player"} for i in scanned["Items"])
    seen = []
    for seg in range(3):
        start = None
        while True:
            extra = {"ExclusiveStartKey": start} if start else {}
            page = ddb.scan(TableName=name, IndexName="by_score", Segment=seg, TotalSegments=3,
                            Limit=3, **extra)
            seen += [i["pk"]["S"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
    assert sorted(seen) == sorted("p%d" % i for i in range(20))


def test_sparse_index_and_maintenance_on_update_and_delete(ddb):
    name = game_table(ddb)
    put(ddb, name, "a", "1", game="chess", score=10)
    put(ddb, name, "a", "2", game="chess")  # no score: not in by_score
    q = lambda g: ddb.query(TableName=name, IndexName="by_score",  # noqa: E731
                            KeyConditionExpression="game = :g",
                            ExpressionAttributeValues={":g": {"S": g}})["Items"]
    assert [i["sk"]["S"] for i in q("chess")] == ["1"]
    # The item moves from one index partition to another.
    ddb.update_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                    UpdateExpression="SET game = :g, x = :x",
                    ExpressionAttributeValues={":g": {"S": "go"}, ":x": {"S": "new"}})
    assert q("chess") == []
    assert [(i["sk"]["S"], i["x"]["S"]) for i in q("go")] == [("1", "new")]
    # Removing an index key takes the item out of the index.
    ddb.update_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                    UpdateExpression="REMOVE score")
    assert q("go") == []
    ddb.update_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "2"}},
                    UpdateExpression="SET score = :s", ExpressionAttributeValues={":s": {"N": "7"}})
    assert scores(q("chess")) == [7]
    ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "2"}})
    assert q("chess") == []
    assert ddb.scan(TableName=name, IndexName="by_score")["Count"] == 0


def test_index_key_of_wrong_type_is_refused_and_nothing_written(ddb):
    name = game_table(ddb)
    item = {"pk": {"S": "a"}, "sk": {"S": "1"}, "game": {"S": "g"}, "score": {"S": "high"}}
    msg = INVALID + "Type mismatch for Index Key score Expected: N Actual: S IndexName: by_score"
    expect_error("ValidationException", msg, ddb.put_item, TableName=name, Item=item)
    ok = {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": "1"}, "game": {"S": "g"},
                                  "score": {"N": "1"}}}}
    expect_error("ValidationException", msg, ddb.batch_write_item,
                 RequestItems={name: [ok, {"PutRequest": {"Item": item}}]})
    put(ddb, name, "c", "1", game="g", score=1)
    expect_error("ValidationException", msg, ddb.update_item, TableName=name,
                 Key={"pk": {"S": "c"}, "sk": {"S": "1"}}, UpdateExpression="SET score = :s",
                 ExpressionAttributeValues={":s": {"S": "high"}})
    expect_error("ValidationException",
                 "One or more parameter values are not valid. A value specified for a secondary "
                 "index key is not supported. The AttributeValue for a key attribute cannot "
                 "contain an empty string value. IndexName: by_player, IndexKey: player",
                 ddb.put_item, TableName=name,
                 Item={"pk": {"S": "d"}, "sk": {"S": "1"}, "player": {"S": ""}})
    items = ddb.scan(TableName=name)["Items"]
    assert [(i["pk"]["S"], i["score"]["N"]) for i in items] == [("c", "1")]
    assert scores(ddb.scan(TableName=name, IndexName="by_score")["Items"]) == [1]


def test_local_index_fetches_unprojected_attributes(ddb):
    name = game_table(ddb)
    for i, d in enumerate(["2024-03", "2024-01", "2024-02"]):
        put(ddb, name, "a", "s%d" % i, date=d, y="y%d" % i)
    put(ddb, name, "b", "s9", date="2024-01")
    kw = dict(TableName=name, IndexName="by_date", KeyConditionExpression="pk = :p",
              ExpressionAttributeValues={":p": {"S": "a"}})
    projected = ddb.query(**kw)["Items"]
    assert [i["date"]["S"] for i in projected] == ["2024-01", "2024-02", "2024-03"]
    assert all("y" not in i for i in projected)
    full = ddb.query(Select="ALL_ATTRIBUTES", ConsistentRead=True, **kw)["Items"]
    assert [i["y"]["S"] for i in full] == ["y1", "y2", "y0"]
    named = ddb.query(ProjectionExpression="y", **kw)["Items"]
    assert named == [{"y": {"S": "y1"}}, {"y": {"S": "y2"}}, {"y": {"S": "y0"}}]
    # A filter on an attribute the index does not project reads it from the table; the items
    # returned are still the projected ones.
    filtered = ddb.query(FilterExpression="y = :y", **dict(kw, ExpressionAttributeValues={
        ":p": {"S": "a"}, ":y": {"S": "y2"}}))["Items"]
    assert filtered == [{"pk": {"S": "a"}, "sk": {"S": "s2"}, "date": {"S": "2024-02"}}]
    r = ddb.query(ReturnConsumedCapacity="INDEXES", Select="ALL_ATTRIBUTES", **kw)
    cc = r["ConsumedCapacity"]
    assert cc["LocalSecondaryIndexes"]["by_date"]["CapacityUnits"] == 0.5
    assert cc["Table"]["CapacityUnits"] == 0.5 and cc["CapacityUnits"] == 1.0


def test_read_errors(ddb):
    name = game_table(ddb)
    q = dict(TableName=name, KeyConditionExpression="game = :g",
             ExpressionAttributeValues={":g": {"S": "g"}})
    expect_error("ValidationException", "The table does not have the specified index: nope",
                 ddb.query, IndexName="nope", **q)
    expect_error("ValidationException", "The table does not have the specified index: nope",
                 ddb.scan, TableName=name, IndexName="nope")
    expect_error("ValidationException",
                 "Consistent reads are not supported on global secondary indexes",
                 ddb.query, IndexName="by_score", ConsistentRead=True, **q)
    expect_error("ValidationException",
                 "Consistent reads are not supported on global secondary indexes",
                 ddb.scan, TableName=name, IndexName="by_score", ConsistentRead=True)
    expect_error("ValidationException",
                 INVALID + "Select type ALL_ATTRIBUTES is not supported for global secondary "
                 "index by_score because its projection type is not ALL",
                 ddb.query, IndexName="by_score", Select="ALL_ATTRIBUTES", **q)
    expect_error("ValidationException",
                 "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                 ddb.scan, TableName=name, Select="ALL_PROJECTED_ATTRIBUTES")
    expect_error("ValidationException", "Query condition missed key schema element: game",
                 ddb.query, TableName=name, IndexName="by_score",
                 KeyConditionExpression="pk = :g", ExpressionAttributeValues={":g": {"S": "g"}})
    expect_error("ValidationException", "The provided starting key is invalid", ddb.query,
                 IndexName="by_score", ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"S": "b"}}, **q)


def test_create_table_validation(ddb):
    base = dict(TableName=table_name("v"), BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=attrs(pk="S", sk="S", g="S"),
                KeySchema=keys(("pk", "HASH"), ("sk", "RANGE")))
    hash_only = dict(base, KeySchema=keys(("pk", "HASH")))
    cases = [
        (dict(hash_only, AttributeDefinitions=attrs(pk="S", g="S"),
              LocalSecondaryIndexes=[lsi("lsi1", "g")]),
         INVALID + "Table KeySchema does not have a range key, which is required when "
         "specifying a LocalSecondaryIndex"),
        (dict(base, LocalSecondaryIndexes=[gsi("lsi1", "sk", "g")]),
         INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema "
         "for index: lsi1. index hash key: sk, table hash key: pk"),
        (dict(base, LocalSecondaryIndexes=[gsi("lsi1", "pk")]),
         INVALID + "Index KeySchema does not have a range key for index: lsi1"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "zz")]),
         INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: "
         "[zz], AttributeDefinitions: [pk, sk, g]"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "g"), gsi("gsi1", "g", "sk")]),
         INVALID + "Duplicate index name: gsi1"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "g", projection="INCLUDE")]),
         INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "g", projection="KEYS_ONLY",
                                                non_key=["a"])]),
         INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "g", ProvisionedThroughput={
            "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})]),
         INVALID + "ProvisionedThroughput should not be specified for index: gsi1 when "
         "BillingMode is PAY_PER_REQUEST"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi1", "sk")]),
         INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g], "
         "keys used: [pk, sk]"),
        (dict(base, GlobalSecondaryIndexes=[gsi("gsi%02d" % i, "g") for i in range(21)]),
         INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20"),
        (dict(base, LocalSecondaryIndexes=[lsi("lsi%d" % i, "g") for i in range(6)]),
         INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5"),
    ]
    for kwargs, message in cases:
        expect_error("ValidationException", message, ddb.create_table, **kwargs)
    assert base["TableName"] not in ddb.list_tables()["TableNames"]


def test_provisioned_table_needs_index_throughput(ddb):
    expect_error("ValidationException",
                 INVALID + "ProvisionedThroughput must be specified for index: gsi1",
                 ddb.create_table, TableName=table_name("v"),
                 AttributeDefinitions=attrs(pk="S", g="S"), KeySchema=keys(("pk", "HASH")),
                 ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                 GlobalSecondaryIndexes=[gsi("gsi1", "g")])
    name = table_name("prov")
    ddb.create_table(TableName=name, AttributeDefinitions=attrs(pk="S", g="S"),
                     KeySchema=keys(("pk", "HASH")),
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                     GlobalSecondaryIndexes=[gsi("gsi1", "g", ProvisionedThroughput={
                         "ReadCapacityUnits": 3, "WriteCapacityUnits": 2})])
    (g,) = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Update": {
        "IndexName": "gsi1", "ProvisionedThroughput": {"ReadCapacityUnits": 7,
                                                     "WriteCapacityUnits": 8}}}])
    (g,) = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert g["ProvisionedThroughput"]["WriteCapacityUnits"] == 8


def test_consumed_capacity_by_index(ddb):
    name = game_table(ddb)
    r = ddb.put_item(TableName=name, ReturnConsumedCapacity="INDEXES",
                     Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "game": {"S": "g"},
                           "score": {"N": "1"}, "date": {"S": "d"}})
    cc = r["ConsumedCapacity"]
    assert cc["Table"]["CapacityUnits"] == 1
    assert cc["GlobalSecondaryIndexes"] == {"by_score": {"CapacityUnits": 1.0,
                                                         "WriteCapacityUnits": 1.0}}
    assert cc["LocalSecondaryIndexes"]["by_date"]["CapacityUnits"] == 1
    assert cc["CapacityUnits"] == 3
    # Moving the item in by_score deletes its old entry and puts the new one: two units; the
    # KEYS_ONLY local index's entry does not change: nothing.
    r = ddb.update_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                        UpdateExpression="SET score = :s", ReturnConsumedCapacity="INDEXES",
                        ExpressionAttributeValues={":s": {"N": "2"}})
    cc = r["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 1 + 2 and "LocalSecondaryIndexes" not in cc
    r = ddb.query(TableName=name, IndexName="by_score", ReturnConsumedCapacity="INDEXES",
                  KeyConditionExpression="game = :g", ExpressionAttributeValues={":g": {"S": "g"}})
    assert r["ConsumedCapacity"]["GlobalSecondaryIndexes"]["by_score"]["CapacityUnits"] == 0.5


def wait_active(ddb, name, index, timeout=60):
    def active():
        t = ddb.describe_table(TableName=name)["Table"]
        return any(i["IndexName"] == index and i["IndexStatus"] == "ACTIVE"
                   for i in t.get("GlobalSecondaryIndexes", []))
    wait_for(active, timeout=timeout, interval=0.1)


def fill(ddb, name, count, start=0):
    for b in range(start, start + count, 25):
        ddb.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": {"pk": {"S": "p%05d" % i}, "grp": {"S": "g%d" % (i % 3)},
                                     "n": {"N": str(i)}}}}
            for i in range(b, min(b + 25, start + count))]})


def test_backfill_of_a_filled_table_and_delete(ddb):
    name = table_name("bf")
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=attrs(pk="S"), KeySchema=keys(("pk", "HASH")))
    fill(ddb, name, 1500)
    out = ddb.update_table(TableName=name, AttributeDefinitions=attrs(pk="S", grp="S", n="N"),
                           GlobalSecondaryIndexUpdates=[{"Create": gsi("by_grp", "grp", "n")}])
    (g,) = out["TableDescription"]["GlobalSecondaryIndexes"]
    assert g["IndexStatus"] in ("CREATING", "ACTIVE")
    # Writes while the index fills are indexed too.
    fill(ddb, name, 30, start=1500)
    expect_error("LimitExceededException",
                 "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                 "simultaneously per table", ddb.update_table, TableName=name,
                 AttributeDefinitions=attrs(a="S", b="S"),
                 GlobalSecondaryIndexUpdates=[{"Create": gsi("idx1", "a")},
                                              {"Create": gsi("idx2", "b")}])
    wait_active(ddb, name, "by_grp")
    found = []
    for grp in ("g0", "g1", "g2"):
        items = query_all(ddb, TableName=name, IndexName="by_grp",
                          KeyConditionExpression="grp = :g",
                          ExpressionAttributeValues={":g": {"S": grp}})
        ns = [int(i["n"]["N"]) for i in items]
        assert ns == sorted(ns)
        found += ns
    assert sorted(found) == list(range(1530))
    defs = ddb.describe_table(TableName=name)["Table"]["AttributeDefinitions"]
    assert {d["AttributeName"] for d in defs} == {"pk", "grp", "n"}
    expect_error("ValidationException", "Attempting to create an index which already exists",
                 ddb.update_table, TableName=name, AttributeDefinitions=attrs(grp="S"),
                 GlobalSecondaryIndexUpdates=[{"Create": gsi("by_grp", "grp")}])
    out = ddb.update_table(TableName=name,
                           GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_grp"}}])
    assert out["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "DELETING"
    t = ddb.describe_table(TableName=name)["Table"]
    assert "GlobalSecondaryIndexes" not in t
    assert [d["AttributeName"] for d in t["AttributeDefinitions"]] == ["pk"]
    expect_error("ValidationException", "The table does not have the specified index: by_grp",
                 ddb.scan, TableName=name, IndexName="by_grp")


def test_index_survives_restart_and_backfill_resumes():
    server = FreshetServer().start()
    try:
        import boto3
        from botocore.config import Config

        def client():
            key, secret = server.root_credentials()
            return boto3.session.Session().client(
                "dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
                aws_access_key_id=key, aws_secret_access_key=secret,
                config=Config(retries={"max_attempts": 1}))
        ddb = client()
        name = game_table(ddb)
        put(ddb, name, "a", "1", game="g", score=2, date="d1")
        big = table_name("bf")
        ddb.create_table(TableName=big, BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=attrs(pk="S"), KeySchema=keys(("pk", "HASH")))
        fill(ddb, big, 20000)  # 40 chunks: the kill below lands in the middle
        ddb.update_table(TableName=big, AttributeDefinitions=attrs(pk="S", grp="S"),
                         GlobalSecondaryIndexUpdates=[{"Create": gsi("by_grp", "grp")}])
        server.kill()  # possibly in the middle of the backfill
        restarted = FreshetServer(data_dir=server.data_dir)
        restarted._tmp, server._tmp = server._tmp, None
        server = restarted.start()
        ddb = client()
        items = ddb.query(TableName=name, IndexName="by_score", KeyConditionExpression="game = :g",
                          ExpressionAttributeValues={":g": {"S": "g"}})["Items"]
        assert scores(items) == [2]
        assert ddb.query(TableName=name, IndexName="by_date", KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "a"}})["Count"] == 1
        wait_active(ddb, big, "by_grp")
        total = sum(len(query_all(ddb, TableName=big, IndexName="by_grp",
                                  KeyConditionExpression="grp = :g",
                                  ExpressionAttributeValues={":g": {"S": g}}))
                    for g in ("g0", "g1", "g2"))
        assert total == 20000
        ddb.delete_table(TableName=name)
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0
