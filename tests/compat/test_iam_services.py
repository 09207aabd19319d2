"""The reference architecture's client policy enforced on Kinesis and DynamoDB: the client user
may only put records into its stream (`kinesis:Put*` on one stream ARN); reading the stream,
listing streams and every DynamoDB call are denied with AWS's exact messages (Kinesis sends
its AccessDeniedException's text under "Message")."""
import json
import urllib.error
import urllib.request
import uuid

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import pytest
from botocore.exceptions import ClientError


def implicit(arn, action, resource):
    return ("User: %s is not authorized to perform: %s on resource: %s because no "
            "identity-based policy allows the %s action" % (arn, action, resource, action))


def error(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture(scope="module")
def client_user(make_client):
    """The stream, the user and its keys, as the reference template creates them."""
    iam, kinesis = make_client("iam"), make_client("kinesis")
    account = make_client("sts").get_caller_identity()["Account"]
    stream = "events-%s" % uuid.uuid4().hex[:8]
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=stream,
                                             WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    stream_arn = "arn:aws:kinesis:us-east-1:%s:stream/%s" % (account, stream)
    user = "streamprocessingclient-%s" % uuid.uuid4().hex[:8]
    user_arn = iam.create_user(UserName=user)["User"]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="ClientPolicy", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:Put*", "Resource": stream_arn}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    yield {"stream": stream, "key": key, "stream_arn": stream_arn, "arn": user_arn, "account": account,
           "kinesis": make_client("kinesis", key["AccessKeyId"], key["SecretAccessKey"]),
           "dynamodb": make_client("dynamodb", key["AccessKeyId"], key["SecretAccessKey"])}
    iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    iam.delete_user_policy(UserName=user, PolicyName="ClientPolicy")
    iam.delete_user(UserName=user)
    kinesis.delete_stream(StreamName=stream)


def test_put_record_is_allowed(client_user):
    out = client_user["kinesis"].put_record(StreamName=client_user["stream"], Data=b"hello",
                                            PartitionKey="k")
    assert out["ShardId"].startswith("shardId-")
    records = client_user["kinesis"].put_records(
        StreamName=client_user["stream"], Records=[{"Data": b"x", "PartitionKey": "k"}])
    assert records["FailedRecordCount"] == 0


def test_reading_the_stream_is_denied(client_user, make_client):
    k = client_user["kinesis"]
    shard = make_client("kinesis").list_shards(StreamName=client_user["stream"])["Shards"][0]
    with pytest.raises(ClientError) as e:
        k.get_shard_iterator(StreamName=client_user["stream"], ShardId=shard["ShardId"],
                             ShardIteratorType="TRIM_HORIZON")
    assert error(e) == ("AccessDeniedException", implicit(
        client_user["arn"], "kinesis:GetShardIterator", client_user["stream_arn"]), 400)
    iterator = make_client("kinesis").get_shard_iterator(
        StreamName=client_user["stream"], ShardId=shard["ShardId"],
        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    with pytest.raises(ClientError) as e:
        k.get_records(ShardIterator=iterator)
    assert error(e) == ("AccessDeniedException", implicit(
        client_user["arn"], "kinesis:GetRecords", client_user["stream_arn"]), 400)


def test_list_streams_is_denied(client_user):
    with pytest.raises(ClientError) as e:
        client_user["kinesis"].list_streams()
    code, message, status = error(e)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message.startswith("User: %s is not authorized to perform: kinesis:ListStreams on "
                              "resource: " % client_user["arn"])
    assert message.endswith("because no identity-based policy allows the kinesis:ListStreams "
                            "action")


@pytest.mark.parametrize("call,action,table", [
    (lambda d: d.list_tables(), "dynamodb:ListTables", None),
    (lambda d: d.describe_table(TableName="EventData"), "dynamodb:DescribeTable", "EventData"),
    (lambda d: d.put_item(TableName="EventData", Item={"k": {"S": "v"}}), "dynamodb:PutItem",
     "EventData"),
    (lambda d: d.batch_write_item(RequestItems={"EventData": [
        {"PutRequest": {"Item": {"k": {"S": "v"}}}}]}), "dynamodb:BatchWriteItem", None),
])
def test_every_dynamodb_call_is_denied(client_user, call, action, table):
    with pytest.raises(ClientError) as e:
        call(client_user["dynamodb"])
    code, message, status = error(e)
    assert (code, status) == ("AccessDeniedException", 400)
    if table:
        resource = "arn:aws:dynamodb:us-east-1:%s:table/%s" % (client_user["account"], table)
        assert message == implicit(client_user["arn"], action, resource)
    else:  # no single table (BatchWriteItem is authorized by the tables service as a whole)
        assert message.startswith("User: %s is not authorized to perform: %s on resource: " % (
            client_user["arn"], action))


def test_kinesis_denial_uses_the_capital_message_key(client_user, server):
    """Kinesis's AccessDeniedException body is {"__type": ..., "Message": ...}, as on AWS."""
    body = json.dumps({"StreamName": client_user["stream"]})
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "Kinesis_20131202.DescribeStreamSummary"})
    key = client_user["key"]
    botocore.auth.SigV4Auth(Credentials(key["AccessKeyId"], key["SecretAccessKey"]), "kinesis",
                            "us-east-1").add_auth(req)
    raw = urllib.request.Request(server.endpoint + "/", data=body.encode(),
                                 headers=dict(req.headers.items()), method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(raw)
    assert e.value.code == 400
    answer = json.loads(e.value.read())
    assert answer["__type"].endswith("AccessDeniedException")
    assert answer["Message"] == implicit(client_user["arn"], "kinesis:DescribeStreamSummary",
                                         client_user["stream_arn"])
