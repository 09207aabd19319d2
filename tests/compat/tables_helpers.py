"""Helpers of the DynamoDB compatibility tests."""
import json
import os
import shutil
import subprocess
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


def aws_cli(server, root_keys, *args):
    """Runs the AWS CLI (`aws --endpoint-url ... --output json ARGS`) as root; parsed output."""
    exe = shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    if exe is None:
        pytest.skip("no AWS CLI on this machine")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    env.pop("AWS_PROFILE", None)
    out = subprocess.run([exe, "--endpoint-url", server.endpoint, "--output", "json", *args],
                         capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None
