"""The legacy parameters old code still sends (Expected, AttributeUpdates, KeyConditions,
QueryFilter, ScanFilter, AttributesToGet, ConditionalOperator), with DynamoDB's messages."""
import pytest

from tables_helpers import create, expect_error

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture
def table(ddb):
    name = create(ddb, range_key=("sk", "N"))
    for i in range(6):
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                           "v": {"S": "even" if i % 2 == 0 else "odd"}})
    return name


def test_expected_and_conditional_operator(ddb, table):
    k = {"pk": {"S": "p"}, "sk": {"N": "1"}}
    item = dict(k, v={"S": "new"})
    expect_error("ConditionalCheckFailedException", "The conditional request failed",
                 ddb.put_item, TableName=table, Item=item, Expected={"pk": {"Exists": False}})
    ddb.put_item(TableName=table, Item=item, Expected={"v": {"Value": {"S": "odd"}}})
    ddb.put_item(TableName=table, Item=item, ConditionalOperator="OR", Expected={
        "v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "nope"}]},
        "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "0"}, {"N": "5"}]}})
    expect_error("ConditionalCheckFailedException", "The conditional request failed",
                 ddb.delete_item, TableName=table, Key=k,
                 Expected={"v": {"ComparisonOperator": "NULL"}})
    expect_error("ValidationException",
                 INVALID + "Value must be provided when Exists is null for Attribute: v",
                 ddb.put_item, TableName=table, Item=item, Expected={"v": {}})
    expect_error("ValidationException",
                 INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
                 ddb.put_item, TableName=table, Item=item, Expected={
                     "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "0"}]}})
    expect_error("ValidationException",
                 "Can not use both expression and non-expression parameters in the same request: "
                 "Non-expression parameters: {Expected} Expression parameters: "
                 "{ConditionExpression}",
                 ddb.put_item, TableName=table, Item=item, Expected={"v": {"Exists": False}},
                 ConditionExpression="attribute_exists(v)")


def test_attribute_updates(ddb, table):
    k = {"pk": {"S": "p"}, "sk": {"N": "2"}}
    out = ddb.update_item(TableName=table, Key=k, ReturnValues="ALL_NEW", AttributeUpdates={
        "n": {"Action": "ADD", "Value": {"N": "5"}},
        "s": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
        "l": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}},
        "v": {"Action": "DELETE"},
        "w": {"Value": {"S": "put"}}})["Attributes"]
    assert out["n"] == {"N": "5"} and sorted(out["s"]["SS"]) == ["a", "b"]
    assert out["l"] == {"L": [{"N": "1"}]} and out["w"] == {"S": "put"} and "v" not in out
    out = ddb.update_item(TableName=table, Key=k, ReturnValues="ALL_NEW", AttributeUpdates={
        "s": {"Action": "DELETE", "Value": {"SS": ["a"]}},
        "l": {"Action": "ADD", "Value": {"L": [{"N": "2"}]}}})["Attributes"]
    assert out["s"] == {"SS": ["b"]} and out["l"] == {"L": [{"N": "1"}, {"N": "2"}]}
    expect_error("ValidationException",
                 INVALID + "Cannot update attribute sk. This attribute is part of the key",
                 ddb.update_item, TableName=table, Key=k,
                 AttributeUpdates={"sk": {"Value": {"N": "9"}}})


def test_key_conditions_query_filter_and_scan_filter(ddb, table):
    out = ddb.query(TableName=table, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
        "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "2"}]}},
        QueryFilter={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "even"}]}},
        AttributesToGet=["sk"])
    assert [i["sk"]["N"] for i in out["Items"]] == ["2", "4"]
    assert out["Items"][0] == {"sk": {"N": "2"}}
    out = ddb.scan(TableName=table, ConditionalOperator="OR", ScanFilter={
        "sk": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "3"}]},
        "v": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "ev"}]}})
    assert sorted(int(i["sk"]["N"]) for i in out["Items"]) == [0, 1, 2, 3, 4]
    expect_error("ValidationException",
                 INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
                 ddb.scan, TableName=table, ScanFilter={
                     "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]}})
    expect_error("ValidationException",
                 "Either the KeyConditions or KeyConditionExpression parameter must be specified "
                 "in the request.", ddb.query, TableName=table)
