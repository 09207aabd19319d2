"""Helpers of the DynamoDB compatibility tests."""
import uuid

import pytest
from botocore.exceptions import ClientError


def table_name(prefix="t"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def expect_error(code, message, fn, *args, **kwargs):
    """Calls fn and checks DynamoDB's error code and exact message."""
    with pytest.raises(ClientError) as e:
        fn(*args, **kwargs)
    err = e.value.response["Error"]
    assert err["Code"] == code, err
    if message is not None:
        assert err["Message"] == message, err
    return e.value


def create(ddb, name=None, hash_key=("pk", "S"), range_key=None, **kwargs):
    name = name or table_name()
    attrs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    keys = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    if range_key:
        attrs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
        keys.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    ddb.create_table(TableName=name, AttributeDefinitions=attrs, KeySchema=keys, **kwargs)
    return name
