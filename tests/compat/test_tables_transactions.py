"""DynamoDB transactions with real clients: TransactWriteItems over several tables (all or
nothing, cancellation reasons with the old item, idempotent retries with ClientRequestToken,
DynamoDB's validation errors), TransactGetItems, and isolation under concurrent writers."""
import json
import threading
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from tables_helpers import create, expect_error, table_name

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"


def key(pk):
    return {"pk": {"S": pk}}


def item(ddb, table, pk):
    return ddb.get_item(TableName=table, Key=key(pk)).get("Item")


def test_transaction_over_two_tables(make_client):
    ddb = make_client("dynamodb")
    a, b = create(ddb), create(ddb)
    ddb.put_item(TableName=a, Item={"pk": {"S": "gone"}, "v": {"N": "1"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "counter"}, "n": {"N": "5"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "guard"}, "open": {"BOOL": True}})
    out = ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": a, "Item": {"pk": {"S": "new"}, "v": {"S": "x"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Delete": {"TableName": a, "Key": key("gone")}},
        {"Update": {"TableName": b, "Key": key("counter"), "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": b, "Key": key("guard"),
                            "ConditionExpression": "#o = :t",
                            "ExpressionAttributeNames": {"#o": "open"},
                            "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
    ], ReturnConsumedCapacity="TOTAL")
    assert item(ddb, a, "new") == {"pk": {"S": "new"}, "v": {"S": "x"}}
    assert item(ddb, a, "gone") is None
    assert item(ddb, b, "counter")["n"] == {"N": "6"}
    # Two write units per KB of each item: a gets 2 + 2, b gets 2 + 2.
    units = {c["TableName"]: c["CapacityUnits"] for c in out["ConsumedCapacity"]}
    assert units == {a: 4.0, b: 4.0}


def test_cancellation_reasons_and_old_item(make_client):
    ddb = make_client("dynamodb")
    t = create(ddb)
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "state": {"S": "closed"}})
    e = expect_error(
        "TransactionCanceledException", CANCELLED % "None, ConditionalCheckFailed",
        ddb.transact_write_items, TransactItems=[
            {"Put": {"TableName": t, "Item": {"pk": {"S": "q"}}}},
            {"Update": {"TableName": t, "Key": key("p"), "UpdateExpression": "SET v = :v",
                        "ConditionExpression": "#s = :open",
                        "ExpressionAttributeNames": {"#s": "state"},
                        "ExpressionAttributeValues": {":open": {"S": "open"}, ":v": {"N": "1"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ])
    assert e.response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
         "Item": {"pk": {"S": "p"}, "state": {"S": "closed"}}},
    ]
    # Nothing was written, not even the action whose condition held.
    assert item(ddb, t, "q") is None
    assert item(ddb, t, "p") == {"pk": {"S": "p"}, "state": {"S": "closed"}}
    # Without ALL_OLD the reason carries no item.
    e = expect_error(
        "TransactionCanceledException", CANCELLED % "ConditionalCheckFailed, None",
        ddb.transact_write_items, TransactItems=[
            {"ConditionCheck": {"TableName": t, "Key": key("p"),
                                "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Delete": {"TableName": t, "Key": key("q")}},
        ])
    assert e.response["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
        {"Code": "None"}]
    # An update that would pass 400 KB is a ValidationError reason.
    ddb.put_item(TableName=t, Item={"pk": {"S": "big"}, "a": {"S": "a" * 300000}})
    e = expect_error(
        "TransactionCanceledException", CANCELLED % "None, ValidationError",
        ddb.transact_write_items, TransactItems=[
            {"Put": {"TableName": t, "Item": {"pk": {"S": "r"}}}},
            {"Update": {"TableName": t, "Key": key("big"), "UpdateExpression": "SET b = :b",
                        "ExpressionAttributeValues": {":b": {"S": "b" * 200000}}}},
        ])
    assert e.response["CancellationReasons"][1] == {
        "Code": "ValidationError",
        "Message": "Item size to update has exceeded the maximum allowed size"}
    assert item(ddb, t, "r") is None


def test_client_request_token_is_idempotent(make_client):
    ddb = make_client("dynamodb")
    t = create(ddb)
    ddb.put_item(TableName=t, Item={"pk": {"S": "c"}, "n": {"N": "0"}})
    token = str(uuid.uuid4())

    def increment(by="1", capacity="NONE"):
        return ddb.transact_write_items(
            ClientRequestToken=token, ReturnConsumedCapacity=capacity,
            TransactItems=[{"Update": {
                "TableName": t, "Key": key("c"), "UpdateExpression": "ADD n :d",
                "ExpressionAttributeValues": {":d": {"N": by}}}}])

    increment()
    assert item(ddb, t, "c")["n"] == {"N": "1"}
    increment()  # the same request again: success, nothing applied
    assert item(ddb, t, "c")["n"] == {"N": "1"}
    expect_error("IdempotentParameterMismatchException",
                 "The request uses the same client token as a previous, but non-identical "
                 "request.", increment, by="2")
    assert item(ddb, t, "c")["n"] == {"N": "1"}
    # Another token applies again.
    token = str(uuid.uuid4())
    increment()
    assert item(ddb, t, "c")["n"] == {"N": "2"}


def test_validation_errors(make_client, server, root_keys):
    ddb = make_client("dynamodb")
    # A client that sends what botocore would refuse (an empty TransactItems).
    unchecked = boto3.session.Session().client(
        "dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=root_keys[0], aws_secret_access_key=root_keys[1],
        config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    t = create(ddb)
    put = {"Put": {"TableName": t, "Item": {"pk": {"S": "a"}}}}
    expect_error("ValidationException",
                 "Transaction request cannot include multiple operations on one item",
                 ddb.transact_write_items, TransactItems=[
                     put, {"ConditionCheck": {"TableName": t, "Key": key("a"),
                                              "ConditionExpression": "attribute_exists(pk)"}}])
    expect_error("ValidationException",
                 "TransactItems can only contain one of Check, Put, Update or Delete",
                 ddb.transact_write_items, TransactItems=[
                     {"Put": put["Put"], "Delete": {"TableName": t, "Key": key("b")}}])
    expect_error("ValidationException",
                 "TransactItems can only contain one of Check, Put, Update or Delete",
                 ddb.transact_write_items, TransactItems=[{}])
    e = expect_error("ValidationException", None, ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": t, "Item": {"pk": {"S": str(i)}}}} for i in range(101)])
    assert "Member must have length less than or equal to 100" in \
        e.response["Error"]["Message"]
    e = expect_error("ValidationException", None, unchecked.transact_write_items,
                     TransactItems=[])
    assert "Member must have length greater than or equal to 1" in \
        e.response["Error"]["Message"]
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 ddb.transact_write_items, TransactItems=[
                     {"Put": {"TableName": t, "Item": {"pk": {"S": "big"},
                                                       "x": {"S": "x" * 410000}}}}])
    expect_error("ValidationException", "The provided key element does not match the schema",
                 ddb.transact_write_items, TransactItems=[
                     put, {"Delete": {"TableName": t, "Key": {"id": {"S": "b"}}}}])
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.transact_write_items, TransactItems=[
                     put, {"Delete": {"TableName": table_name(), "Key": key("b")}}])
    # Every action is checked before anything is written.
    assert item(ddb, t, "a") is None
    # TransactGetItems has the same rules.
    expect_error("ValidationException",
                 "Transaction request cannot include multiple operations on one item",
                 ddb.transact_get_items, TransactItems=[
                     {"Get": {"TableName": t, "Key": key("a")}},
                     {"Get": {"TableName": t, "Key": key("a")}}])
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 ddb.transact_get_items, TransactItems=[
                     {"Get": {"TableName": table_name(), "Key": key("a")}}])


def test_transact_get_items(make_client):
    ddb = make_client("dynamodb")
    a, b = create(ddb), create(ddb, range_key=("sk", "N"))
    ddb.put_item(TableName=a, Item={"pk": {"S": "x"}, "name": {"S": "X"}, "n": {"N": "1"}})
    ddb.put_item(TableName=b, Item={"pk": {"S": "y"}, "sk": {"N": "2"}, "m": {"S": "Y"}})
    out = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": b, "Key": {"pk": {"S": "y"}, "sk": {"N": "2"}}}},
        {"Get": {"TableName": a, "Key": key("absent")}},
        {"Get": {"TableName": a, "Key": key("x"), "ProjectionExpression": "#n",
                 "ExpressionAttributeNames": {"#n": "name"}}},
    ], ReturnConsumedCapacity="TOTAL")
    assert out["Responses"] == [
        {"Item": {"pk": {"S": "y"}, "sk": {"N": "2"}, "m": {"S": "Y"}}},
        {},
        {"Item": {"name": {"S": "X"}}},
    ]
    units = {c["TableName"]: c["CapacityUnits"] for c in out["ConsumedCapacity"]}
    assert units == {a: 4.0, b: 2.0}


def test_transactions_are_isolated_from_concurrent_writes(make_client):
    """Transfers between two balances race a writer that locks them with PutItem: a transfer
    lands entirely before or after a lock, is cancelled while the lock is held, and atomic
    reads always see the same total."""
    t = create(make_client("dynamodb"))
    setup = make_client("dynamodb")
    setup.put_item(TableName=t, Item={"pk": {"S": "a"}, "bal": {"N": "500"}})
    setup.put_item(TableName=t, Item={"pk": {"S": "b"}, "bal": {"N": "500"}})
    stop = threading.Event()
    failures, moved, cancelled = [], [0], [0]

    def transfers():
        try:
            transfer_all()
        finally:
            stop.set()

    def transfer_all():
        ddb = make_client("dynamodb")
        one = {":one": {"N": "1"}}
        for _ in range(300):
            try:
                ddb.transact_write_items(TransactItems=[
                    {"ConditionCheck": {"TableName": t, "Key": key("lock"),
                                        "ConditionExpression": "attribute_not_exists(pk)"}},
                    {"Update": {"TableName": t, "Key": key("a"),
                                "UpdateExpression": "SET bal = bal - :one",
                                "ExpressionAttributeValues": one}},
                    {"Update": {"TableName": t, "Key": key("b"),
                                "UpdateExpression": "SET bal = bal + :one",
                                "ExpressionAttributeValues": one}}])
                moved[0] += 1
            except ClientError as e:
                reasons = [r["Code"] for r in e.response.get("CancellationReasons", [])]
                if reasons != ["ConditionalCheckFailed", "None", "None"]:
                    failures.append(e.response)
                cancelled[0] += 1

    def locker():
        ddb = make_client("dynamodb")
        while not stop.is_set():
            ddb.put_item(TableName=t, Item={"pk": {"S": "lock"}},
                         ConditionExpression="attribute_not_exists(pk)")
            # While the lock is held no transfer can land: two reads see the same balances.
            first = (item(ddb, t, "a")["bal"]["N"], item(ddb, t, "b")["bal"]["N"])
            second = (item(ddb, t, "a")["bal"]["N"], item(ddb, t, "b")["bal"]["N"])
            if first != second or int(first[0]) + int(first[1]) != 1000:
                failures.append(("under lock", first, second))
            ddb.delete_item(TableName=t, Key=key("lock"))

    def reader():
        ddb = make_client("dynamodb")
        while not stop.is_set():
            out = ddb.transact_get_items(TransactItems=[
                {"Get": {"TableName": t, "Key": key("a")}},
                {"Get": {"TableName": t, "Key": key("b")}}])
            total = sum(int(r["Item"]["bal"]["N"]) for r in out["Responses"])
            if total != 1000:
                failures.append(("atomic read", out["Responses"]))

    def guarded(fn):
        def run():
            try:
                fn()
            except Exception as e:  # recorded: a thread's exception would go unseen
                failures.append(("exception", repr(e)))
                stop.set()
        return run

    threads = [threading.Thread(target=guarded(f)) for f in (transfers, locker, reader)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not failures, failures[:3]
    # Both orders happen: transfers that landed and transfers the lock cancelled.
    assert moved[0] + cancelled[0] == 300 and moved[0] > 0 and cancelled[0] > 0
    assert item(setup, t, "a")["bal"] == {"N": str(500 - moved[0])}
    assert item(setup, t, "b")["bal"] == {"N": str(500 + moved[0])}


def test_iam_checks_each_action_as_its_item_action(make_client):
    """A transaction has no IAM action of its own: each action needs the item action it
    performs on its table (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem)."""
    ddb, iam = make_client("dynamodb"), make_client("iam")
    account = make_client("sts").get_caller_identity()["Account"]
    t, other = create(ddb), create(ddb)
    arn = "arn:aws:dynamodb:us-east-1:%s:table/%s" % (account, t)
    user = "txn-%s" % uuid.uuid4().hex[:8]
    user_arn = iam.create_user(UserName=user)["User"]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"],
            "Resource": arn}]}))
    access = iam.create_access_key(UserName=user)["AccessKey"]
    try:
        limited = make_client("dynamodb", access["AccessKeyId"], access["SecretAccessKey"])
        put = {"Put": {"TableName": t, "Item": {"pk": {"S": "a"}}}}
        limited.transact_write_items(TransactItems=[put])
        assert limited.transact_get_items(TransactItems=[
            {"Get": {"TableName": t, "Key": key("a")}}])["Responses"] == [
            {"Item": {"pk": {"S": "a"}}}]
        denied = ("User: %s is not authorized to perform: %s on resource: %s because no "
                  "identity-based policy allows the %s action")
        expect_error("AccessDeniedException",
                     denied % (user_arn, "dynamodb:ConditionCheckItem", arn,
                               "dynamodb:ConditionCheckItem"),
                     limited.transact_write_items, TransactItems=[
                         put, {"ConditionCheck": {"TableName": t, "Key": key("b"),
                                                  "ConditionExpression": "attribute_exists(pk)"}}])
        other_arn = "arn:aws:dynamodb:us-east-1:%s:table/%s" % (account, other)
        expect_error("AccessDeniedException",
                     denied % (user_arn, "dynamodb:GetItem", other_arn, "dynamodb:GetItem"),
                     limited.transact_get_items, TransactItems=[
                         {"Get": {"TableName": t, "Key": key("a")}},
                         {"Get": {"TableName": other, "Key": key("a")}}])
    finally:
        iam.delete_access_key(UserName=user, AccessKeyId=access["AccessKeyId"])
        iam.delete_user_policy(UserName=user, PolicyName="p")
        iam.delete_user(UserName=user)
