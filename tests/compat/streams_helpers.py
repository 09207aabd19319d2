"""Helpers shared by the Kinesis tests: unique stream names and AWS-style error checks."""
import itertools
import json
import os
import urllib.request

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

_counter = itertools.count()


def stream_name(prefix="s"):
    """A stream name unique within the session (tests share one server)."""
    return "%s-%d-%d" % (prefix, os.getpid(), next(_counter))


def expect_error(code, message, fn, *args, **kwargs):
    """Calls fn and checks AWS's error code and exact message."""
    with pytest.raises(ClientError) as e:
        fn(*args, **kwargs)
    err = e.value.response["Error"]
    assert err["Code"] == code, err
    if message is not None:
        assert err["Message"] == message, err
    return e.value.response


def read_shard(client, stream, shard_id, iterator_type="TRIM_HORIZON", **kwargs):
    """Every record from a shard's iterator until it is caught up (or closed)."""
    it = client.get_shard_iterator(StreamName=stream, ShardId=shard_id,
                                   ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]
    records = []
    while it:
        out = client.get_records(ShardIterator=it)
        records.extend(out["Records"])
        it = out.get("NextShardIterator")
        if not out["Records"] and out.get("MillisBehindLatest", 0) == 0:
            return records, out
    return records, out


def raw_kinesis(server, keys, target, body):
    """POSTs a signed awsJson request with any body (a dict is sent as JSON); returns
    (status, parsed body). For members older botocore models lack, and for bad input."""
    data = json.dumps(body) if isinstance(body, dict) else body
    data = data if isinstance(data, bytes) else data.encode()
    headers = {"Content-Type": "application/x-amz-json-1.1",
               "X-Amz-Target": "Kinesis_20131202." + target}
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=data, headers=headers)
    botocore.auth.SigV4Auth(Credentials(*keys), "kinesis", "us-east-1").add_auth(req)
    http = urllib.request.Request(server.endpoint + "/", data=data,
                                  headers=dict(req.headers.items()), method="POST")
    try:
        with urllib.request.urlopen(http) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
