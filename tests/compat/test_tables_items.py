"""DynamoDB items: PutItem, GetItem, DeleteItem, UpdateItem, BatchWriteItem and BatchGetItem
through boto3's client, with conditions, return values, key validation, limits and number
precision, and the atomicity of conditional writes under concurrency."""
import concurrent.futures
from decimal import Decimal

import pytest

from tables_helpers import create, expect_error, table_name

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def ddb(make_client):
    return make_client("dynamodb")


@pytest.fixture
def table(ddb):
    return create(ddb, range_key=("sk", "N"))


def key(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_put_get_delete_round_trip(ddb, table):
    item = dict(key("a", 1), s={"S": "x"}, n={"N": "1.50"}, b={"B": b"\x00\x01"},
                t={"BOOL": True}, z={"NULL": True}, m={"M": {"in": {"L": [{"S": "y"}]}}},
                ss={"SS": ["p", "q"]}, ns={"NS": ["1", "2"]}, bs={"BS": [b"\x01"]},
                e={"S": ""})
    assert "Attributes" not in ddb.put_item(TableName=table, Item=item)
    got = ddb.get_item(TableName=table, Key=key("a", 1))["Item"]
    assert got["n"] == {"N": "1.5"}  # normalised as DynamoDB returns numbers
    assert got["b"] == {"B": b"\x00\x01"}
    assert got["m"] == {"M": {"in": {"L": [{"S": "y"}]}}}
    assert sorted(got["ss"]["SS"]) == ["p", "q"]
    assert got["e"] == {"S": ""}
    old = ddb.put_item(TableName=table, Item=key("a", 1), ReturnValues="ALL_OLD")["Attributes"]
    assert old["s"] == {"S": "x"}
    assert ddb.get_item(TableName=table, Key=key("a", 1))["Item"] == key("a", 1)
    old = ddb.delete_item(TableName=table, Key=key("a", 1), ReturnValues="ALL_OLD")
    assert old["Attributes"] == key("a", 1)
    assert "Item" not in ddb.get_item(TableName=table, Key=key("a", 1))


def test_projection_and_attributes_to_get(ddb, table):
    ddb.put_item(TableName=table, Item=dict(key("p", 1), a={"S": "1"}, m={"M": {
        "x": {"N": "1"}, "y": {"N": "2"}}}, l={"L": [{"N": "0"}, {"N": "1"}]}))
    got = ddb.get_item(TableName=table, Key=key("p", 1), ProjectionExpression="a, m.y, #l[1]",
                       ExpressionAttributeNames={"#l": "l"})["Item"]
    assert got == {"a": {"S": "1"}, "m": {"M": {"y": {"N": "2"}}}, "l": {"L": [{"N": "1"}]}}
    got = ddb.get_item(TableName=table, Key=key("p", 1), AttributesToGet=["a"])["Item"]
    assert got == {"a": {"S": "1"}}


def test_key_validation_messages(ddb, table):
    expect_error("ValidationException", INVALID + "Missing the key sk in the item",
                 ddb.put_item, TableName=table, Item={"pk": {"S": "a"}})
    expect_error("ValidationException",
                 INVALID + "Type mismatch for key sk expected: N actual: S",
                 ddb.put_item, TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}})
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.get_item, TableName=table, Key={"pk": {"S": "a"}})
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.get_item, TableName=table, Key=dict(key("a", 1), x={"S": "1"}))
    expect_error("ValidationException",
                 "One or more parameter values were invalid: The AttributeValue for a key "
                 "attribute cannot contain an empty string value. Key: pk",
                 ddb.put_item, TableName=table, Item={"pk": {"S": ""}, "sk": {"N": "1"}})
    expect_error("ValidationException",
                 INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes",
                 ddb.put_item, TableName=table, Item={"pk": {"S": "x" * 2049}, "sk": {"N": "1"}})
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.get_item, TableName=table_name(), Key=key("a", 1))
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.put_item, TableName=table_name(), Item=key("a", 1))


def test_attribute_value_messages(ddb, table):
    expect_error("ValidationException",
                 "Supplied AttributeValue is empty, must contain exactly one of the supported "
                 "datatypes", ddb.put_item, TableName=table, Item=dict(key("a", 1), x={}))
    expect_error("ValidationException", INVALID + "An string set  may not be empty",
                 ddb.put_item, TableName=table, Item=dict(key("a", 1), x={"SS": []}))
    expect_error("ValidationException",
                 INVALID + "Input collection [a, a] contains duplicates.",
                 ddb.put_item, TableName=table, Item=dict(key("a", 1), x={"SS": ["a", "a"]}))
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 ddb.put_item, TableName=table, Item=dict(key("a", 1), x={"S": "x" * 410000}))


@pytest.mark.parametrize("text,stored", [
    ("0.1", "0.1"), ("1.000", "1"), ("-0", "0"), ("1e2", "100"), ("1E-5", "0.00001"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("9.9999999999999999999999999999999999999E+125",
     "99999999999999999999999999999999999999" + "0" * 88),
    ("1E-130", "0." + "0" * 129 + "1"),
])
def test_number_precision_and_normalisation(ddb, table, text, stored):
    ddb.put_item(TableName=table, Item=dict(key("num", 1), v={"N": text}))
    assert ddb.get_item(TableName=table, Key=key("num", 1))["Item"]["v"] == {"N": stored}


@pytest.mark.parametrize("text,message", [
    ("123456789012345678901234567890123456789",
     "Attempting to store more than 38 significant digits in a Number"),
    ("1E+126", "Number overflow. Attempting to store a number with magnitude larger than "
               "supported range"),
    ("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than "
               "supported range"),
    ("one", "The parameter cannot be converted to a numeric value: one"),
])
def test_number_limits(ddb, table, text, message):
    expect_error("ValidationException", message, ddb.put_item, TableName=table,
                 Item=dict(key("num", 1), v={"N": text}))


def test_condition_expressions(ddb, table):
    put = dict(TableName=table, Item=dict(key("c", 1), v={"N": "1"}))
    ddb.put_item(ConditionExpression="attribute_not_exists(pk)", **put)
    expect_error("ConditionalCheckFailedException", "The conditional request failed",
                 ddb.put_item, ConditionExpression="attribute_not_exists(pk)", **put)
    ddb.put_item(ConditionExpression="v = :one AND NOT v > :one",
                 ExpressionAttributeValues={":one": {"N": "1.0"}}, **put)
    expect_error("ConditionalCheckFailedException", "The conditional request failed",
                 ddb.delete_item, TableName=table, Key=key("c", 1),
                 ConditionExpression="v IN (:a, :b)",
                 ExpressionAttributeValues={":a": {"N": "2"}, ":b": {"N": "3"}})
    ddb.delete_item(TableName=table, Key=key("c", 1), ConditionExpression="v BETWEEN :a AND :b",
                    ExpressionAttributeValues={":a": {"N": "0"}, ":b": {"N": "3"}})


def model_has(client, operation, member):
    shape = client.meta.service_model.operation_model(operation).input_shape
    return member in shape.members


def test_return_values_on_condition_check_failure(ddb, table):
    if not model_has(ddb, "PutItem", "ReturnValuesOnConditionCheckFailure"):
        pytest.skip("this botocore predates ReturnValuesOnConditionCheckFailure")
    old = dict(key("r", 1), v={"N": "1"}, s={"S": "old"})
    ddb.put_item(TableName=table, Item=old)
    calls = [
        lambda rv: ddb.put_item(TableName=table, Item=dict(key("r", 1), v={"N": "2"}),
                                ConditionExpression="v = :two",
                                ExpressionAttributeValues={":two": {"N": "2"}},
                                ReturnValuesOnConditionCheckFailure=rv),
        lambda rv: ddb.update_item(TableName=table, Key=key("r", 1), UpdateExpression="SET v = :two",
                                   ConditionExpression="attribute_not_exists(v)",
                                   ExpressionAttributeValues={":two": {"N": "2"}},
                                   ReturnValuesOnConditionCheckFailure=rv),
        lambda rv: ddb.delete_item(TableName=table, Key=key("r", 1),
                                   ConditionExpression="s = :new",
                                   ExpressionAttributeValues={":new": {"S": "new"}},
                                   ReturnValuesOnConditionCheckFailure=rv),
    ]
    for call in calls:
        e = expect_error("ConditionalCheckFailedException", "The conditional request failed",
                         call, "ALL_OLD")
        assert e.response["Item"] == old
        e = expect_error("ConditionalCheckFailedException", "The conditional request failed",
                         call, "NONE")
        assert "Item" not in e.response
    # No old item: nothing to return.
    e = expect_error("ConditionalCheckFailedException", "The conditional request failed",
                     ddb.put_item, TableName=table, Item=key("absent", 1),
                     ConditionExpression="attribute_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert "Item" not in e.response
    assert ddb.get_item(TableName=table, Key=key("r", 1))["Item"] == old


def test_create_table_still_needs_its_key_schema(ddb):
    if model_has(ddb, "CreateTable", "KeySchema") and \
            "KeySchema" in ddb.meta.service_model.operation_model(
                "CreateTable").input_shape.required_members:
        pytest.skip("this botocore requires KeySchema itself")
    expect_error("ValidationException",
                 "1 validation error detected: Value null at 'keySchema' failed to satisfy "
                 "constraint: Member must not be null",
                 ddb.create_table, TableName=table_name(), BillingMode="PAY_PER_REQUEST",
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    expect_error("ValidationException",
                 "2 validation errors detected: Value null at 'attributeDefinitions' failed to "
                 "satisfy constraint: Member must not be null; Value null at 'keySchema' failed "
                 "to satisfy constraint: Member must not be null",
                 ddb.create_table, TableName=table_name(), BillingMode="PAY_PER_REQUEST")


def test_expression_placeholder_messages(ddb, table):
    base = dict(TableName=table, Item=key("e", 1))
    expect_error("ValidationException",
                 "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}",
                 ddb.put_item, ConditionExpression="attribute_exists(pk)",
                 ExpressionAttributeValues={":x": {"S": "1"}}, **base)
    expect_error("ValidationException",
                 "Invalid ConditionExpression: An expression attribute value used in expression "
                 "is not defined; attribute value: :x",
                 ddb.put_item, ConditionExpression="pk = :x", **base)
    expect_error("ValidationException",
                 "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                 "keyword: status", ddb.put_item, ConditionExpression="attribute_exists(status)",
                 **base)
    expect_error("ValidationException",
                 "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}",
                 ddb.put_item, ConditionExpression="attribute_exists(pk)",
                 ExpressionAttributeNames={"#a": "a"}, **base)
    expect_error("ValidationException",
                 "ExpressionAttributeValues can only be specified when using expressions: "
                 "ConditionExpression is null",
                 ddb.put_item, ExpressionAttributeValues={":x": {"S": "1"}}, **base)


def test_update_expressions_and_return_values(ddb, table):
    k = key("u", 1)
    out = ddb.update_item(
        TableName=table, Key=k, ReturnValues="ALL_NEW",
        UpdateExpression="SET a = :one, l = :l, m = :m ADD c :one, s :ss",
        ExpressionAttributeValues={":one": {"N": "1"}, ":l": {"L": [{"S": "x"}]},
                                   ":m": {"M": {}}, ":ss": {"SS": ["p"]}})
    assert out["Attributes"]["c"] == {"N": "1"} and out["Attributes"]["pk"] == {"S": "u"}
    out = ddb.update_item(
        TableName=table, Key=k, ReturnValues="UPDATED_OLD",
        UpdateExpression="SET a = a + :d, l = list_append(l, :l), m.x = if_not_exists(m.x, :d) "
                         "REMOVE c DELETE s :ss",
        ExpressionAttributeValues={":d": {"N": "0.5"}, ":l": {"L": [{"S": "y"}]},
                                   ":ss": {"SS": ["p"]}})
    assert out["Attributes"]["a"] == {"N": "1"} and out["Attributes"]["c"] == {"N": "1"}
    assert "m" not in out["Attributes"]  # m.x did not exist before
    item = ddb.get_item(TableName=table, Key=k)["Item"]
    assert item["a"] == {"N": "1.5"}
    assert item["l"] == {"L": [{"S": "x"}, {"S": "y"}]}
    assert item["m"] == {"M": {"x": {"N": "0.5"}}}
    assert "c" not in item and "s" not in item
    out = ddb.update_item(TableName=table, Key=k, ReturnValues="UPDATED_NEW",
                          UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "name"},
                          ExpressionAttributeValues={":n": {"S": "z"}})
    assert out["Attributes"] == {"name": {"S": "z"}}
    out = ddb.update_item(TableName=table, Key=k, ReturnValues="UPDATED_NEW",
                          UpdateExpression="SET m.y = :n", ExpressionAttributeValues={":n": {"S": "y"}})
    assert out["Attributes"] == {"m": {"M": {"y": {"S": "y"}}}}  # only the updated path
    expect_error("ValidationException",
                 INVALID + "Cannot update attribute sk. This attribute is part of the key",
                 ddb.update_item, TableName=table, Key=k, UpdateExpression="SET sk = :n",
                 ExpressionAttributeValues={":n": {"N": "2"}})
    expect_error("ValidationException",
                 "The provided expression refers to an attribute that does not exist in the item",
                 ddb.update_item, TableName=table, Key=k, UpdateExpression="SET a = nope + :n",
                 ExpressionAttributeValues={":n": {"N": "2"}})
    expect_error("ConditionalCheckFailedException", "The conditional request failed",
                 ddb.update_item, TableName=table, Key=key("u", 2), UpdateExpression="SET a = :n",
                 ConditionExpression="attribute_exists(pk)",
                 ExpressionAttributeValues={":n": {"N": "2"}})
    assert "Item" not in ddb.get_item(TableName=table, Key=key("u", 2))


def test_exact_decimal_arithmetic(ddb, table):
    k = key("dec", 1)
    for _ in range(10):
        ddb.update_item(TableName=table, Key=k, UpdateExpression="ADD v :d",
                        ExpressionAttributeValues={":d": {"N": "0.1"}})
    assert ddb.get_item(TableName=table, Key=k)["Item"]["v"] == {"N": "1"}


def test_batch_write_and_get(ddb, table):
    puts = [{"PutRequest": {"Item": dict(key("b", i), v={"N": str(i)})}} for i in range(25)]
    out = ddb.batch_write_item(RequestItems={table: puts})
    assert out["UnprocessedItems"] == {}
    keys = [key("b", i) for i in range(0, 25, 2)] + [key("b", 99)]
    got = ddb.batch_get_item(RequestItems={table: {"Keys": keys, "ProjectionExpression": "v"}})
    assert sorted(int(i["v"]["N"]) for i in got["Responses"][table]) == list(range(0, 25, 2))
    assert got["UnprocessedKeys"] == {}
    deletes = [{"DeleteRequest": {"Key": key("b", i)}} for i in range(10)]
    ddb.batch_write_item(RequestItems={table: deletes})
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 15
    expect_error("ValidationException", "Provided list of item keys contains duplicates",
                 ddb.batch_write_item, RequestItems={table: [
                     {"PutRequest": {"Item": key("b", 1)}}, {"DeleteRequest": {"Key": key("b", 1)}}]})
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.batch_write_item,
                 RequestItems={table: [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]})
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.batch_write_item,
                 RequestItems={table_name(): [{"PutRequest": {"Item": key("b", 1)}}]})
    expect_error("ValidationException", "Provided list of item keys contains duplicates",
                 ddb.batch_get_item, RequestItems={table: {"Keys": [key("b", 1), key("b", 1)]}})
    other = create(ddb)
    too_many = {table: {"Keys": [key("x", i) for i in range(60)]},
                other: {"Keys": [{"pk": {"S": str(i)}} for i in range(41)]}}
    expect_error("ValidationException", "Too many items requested for the BatchGetItem call",
                 ddb.batch_get_item, RequestItems=too_many)


def test_consumed_capacity(ddb, table):
    out = ddb.put_item(TableName=table, Item=dict(key("cap", 1), v={"S": "x" * 1500}),
                       ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 2.0,
                                       "WriteCapacityUnits": 2.0}
    out = ddb.get_item(TableName=table, Key=key("cap", 1), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 0.5
    out = ddb.get_item(TableName=table, Key=key("cap", 1), ConsistentRead=True,
                       ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert out["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0


def test_concurrent_conditional_puts_exactly_one_wins(make_client, table):
    clients = [make_client("dynamodb") for _ in range(8)]

    for round_ in range(5):
        k = key("race-%d" % round_, 1)
        def attempt_round(i, k=k):
            try:
                clients[i].put_item(TableName=table, Item=dict(k, who={"N": str(i)}),
                                    ConditionExpression="attribute_not_exists(pk)")
                return i
            except clients[i].exceptions.ConditionalCheckFailedException:
                return None
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            winners = [w for w in pool.map(attempt_round, range(8)) if w is not None]
        assert len(winners) == 1
        stored = clients[0].get_item(TableName=table, Key=k)["Item"]["who"]["N"]
        assert stored == str(winners[0])


def test_resource_api_with_decimals(make_client, server, root_keys):
    import boto3
    from boto3.dynamodb.conditions import Attr
    ddb = make_client("dynamodb")
    name = create(ddb, range_key=("sk", "N"))
    res = boto3.resource("dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
                         aws_access_key_id=root_keys[0], aws_secret_access_key=root_keys[1])
    t = res.Table(name)
    t.put_item(Item={"pk": "r", "sk": 1, "price": Decimal("19.99"), "tags": {"a", "b"}})
    got = t.get_item(Key={"pk": "r", "sk": 1})["Item"]
    assert got["price"] == Decimal("19.99") and got["tags"] == {"a", "b"}
    t.update_item(Key={"pk": "r", "sk": 1}, UpdateExpression="SET price = price - :d",
                  ExpressionAttributeValues={":d": Decimal("0.99")},
                  ConditionExpression=Attr("price").gt(10))
    assert t.get_item(Key={"pk": "r", "sk": 1})["Item"]["price"] == Decimal("19")
    with pytest.raises(res.meta.client.exceptions.ConditionalCheckFailedException):
        t.delete_item(Key={"pk": "r", "sk": 1}, ConditionExpression=Attr("price").lt(5))
    with t.batch_writer() as bw:
        for i in range(30):
            bw.put_item(Item={"pk": "w", "sk": i})
    assert t.scan(Select="COUNT")["Count"] == 31
