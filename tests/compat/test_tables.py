"""DynamoDB tables as AWS clients see them: create, describe, list (paged), update, delete,
tags, endpoints and limits, with DynamoDB's exact codes and messages (as recorded against AWS by
dynalite's tests)."""
import pytest

from tables_helpers import create, expect_error, table_name

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def test_create_describe_delete(ddb, account):
    name = table_name()
    out = ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
        Tags=[{"Key": "team", "Value": "data"}])["TableDescription"]
    assert out["TableStatus"] == "ACTIVE"
    assert out["TableArn"] == "arn:aws:dynamodb:us-east-1:%s:table/%s" % (account, name)
    assert out["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert out["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    d = ddb.describe_table(TableName=name)["Table"]
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert d["ItemCount"] == 0 and d["TableSizeBytes"] == 0
    assert d["TableId"] == out["TableId"]
    assert ddb.list_tags_of_resource(ResourceArn=d["TableArn"])["Tags"] == [
        {"Key": "team", "Value": "data"}]
    gone = ddb.delete_table(TableName=name)["TableDescription"]
    assert gone["TableStatus"] == "DELETING"
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % name,
                 ddb.describe_table, TableName=name)
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % name,
                 ddb.delete_table, TableName=name)


def test_create_twice_is_in_use(ddb):
    name = create(ddb)
    expect_error("ResourceInUseException", "Table already exists: %s" % name, create, ddb, name)


def test_create_validation_messages(ddb):
    def attempt(attrs, keys, **kw):
        kw.setdefault("BillingMode", "PAY_PER_REQUEST")
        return ddb.create_table(TableName=table_name(), AttributeDefinitions=attrs,
                                KeySchema=keys, **kw)
    s = {"AttributeName": "a", "AttributeType": "S"}
    b = {"AttributeName": "b", "AttributeType": "S"}
    expect_error("ValidationException",
                 INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                 "Keys: [x], AttributeDefinitions: [a]",
                 attempt, [s], [{"AttributeName": "x", "KeyType": "HASH"}])
    expect_error("ValidationException",
                 INVALID + "Number of attributes in KeySchema does not exactly match number of "
                 "attributes defined in AttributeDefinitions",
                 attempt, [s, b], [{"AttributeName": "a", "KeyType": "HASH"}])
    expect_error("ValidationException",
                 "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
                 attempt, [s, b], [{"AttributeName": "a", "KeyType": "RANGE"},
                                   {"AttributeName": "b", "KeyType": "HASH"}])
    expect_error("ValidationException",
                 INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when "
                 "BillingMode is PROVISIONED",
                 attempt, [s], [{"AttributeName": "a", "KeyType": "HASH"}],
                 BillingMode="PROVISIONED")
    expect_error("ValidationException",
                 INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                 "when BillingMode is PAY_PER_REQUEST",
                 attempt, [s], [{"AttributeName": "a", "KeyType": "HASH"}],
                 ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})


def test_unsupported_features_are_refused_by_name(ddb):
    e = expect_error("ValidationException", None, ddb.update_table, TableName=create(ddb),
                     SSESpecification={"Enabled": True})
    assert "SSESpecification" in e.response["Error"]["Message"]


def test_list_tables_pages_in_name_order(ddb):
    prefix = table_name("list")
    names = [create(ddb, "%s-%d" % (prefix, i)) for i in range(5)]
    seen, start = [], None
    while True:
        kw = {"Limit": 2}
        if start:
            kw["ExclusiveStartTableName"] = start
        page = ddb.list_tables(**kw)
        assert len(page["TableNames"]) <= 2
        seen += page["TableNames"]
        start = page.get("LastEvaluatedTableName")
        if not start:
            break
    assert [n for n in seen if n.startswith(prefix)] == names
    assert seen == sorted(seen)
    paginated = [n for p in ddb.get_paginator("list_tables").paginate() for n in p["TableNames"]]
    assert set(names) <= set(paginated)


def test_update_table_billing_and_throughput(ddb):
    name = create(ddb, BillingMode="PROVISIONED",
                  ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    d = ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 3, "WriteCapacityUnits": 4})["TableDescription"]
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    expect_error("ValidationException",
                 "The provisioned throughput for the table will not change. The requested value "
                 "equals the current value. Current ReadCapacityUnits provisioned for the table: "
                 "3. Requested ReadCapacityUnits: 3. Current WriteCapacityUnits provisioned for "
                 "the table: 4. Requested WriteCapacityUnits: 4. Refer to the Amazon DynamoDB "
                 "Developer Guide for current limits and how to request higher limits.",
                 ddb.update_table, TableName=name,
                 ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    d = ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert ddb.describe_table(TableName=name)["Table"]["BillingModeSummary"][
        "BillingMode"] == "PAY_PER_REQUEST"
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.update_table, TableName=table_name(), BillingMode="PAY_PER_REQUEST")


def test_tags(ddb):
    name = create(ddb)
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "3"}])
    ddb.untag_resource(ResourceArn=arn, TagKeys=["b"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "a", "Value": "3"}]
    missing = arn.rsplit("/", 1)[0] + "/" + table_name()
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: ResourcArn: %s not found" % missing,
                 ddb.list_tags_of_resource, ResourceArn=missing)
    expect_error("ValidationException",
                 "Invalid TableArn: Invalid ResourceArn provided as input nope:x",
                 ddb.list_tags_of_resource, ResourceArn="nope:x")


def test_endpoints_and_limits(ddb):
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440
    limits = ddb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
