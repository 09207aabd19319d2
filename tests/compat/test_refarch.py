"""The reference architecture as a user runs it (examples/refarch): the consumer's zip uploaded
to S3, the stack created from the example's SAM template, 5,000 generated tweets put by the
example's producer with the client keys from the stack's outputs, and the table checked item
by item against the tweets. Then what IAM allows (the client may only put; the function's
role may only BatchWriteItem into its own table), and that deleting the stack removes every
resource. The second test kills the server with SIGKILL while the producer is putting,
restarts it on the same data directory and port, and checks that the table still ends up with
exactly the 5,000 tweets."""
import json
import os
import threading
import time

import boto3
import botocore
import pytest
from botocore.config import Config

from freshet_server import wait_for
from mappings_helpers import unique, zip_of
from refarch_helpers import (FixedPortServer, check_table, deploy, expected_items, free_port,
                             resources, run_producer, stream_tweet_ids, wait_for_count)
from stacks_helpers import outputs, wait_stack

import producer as refarch_producer  # examples/refarch/producer, put on sys.path by the helpers
import tweets

TWEETS = 5000
LOGICAL_IDS = {"EventStream", "DDBEventProcessor", "DDBEventProcessorStream", "EventDataTable",
               "EventProcessorExecutionRole", "streamprocessingclient", "ClientPolicy",
               "ClientKeys"}

# Run with the stack's execution role: what may that role do to DynamoDB?
ROLE_PROBE = """
import boto3, botocore

def handler(event, context):
    ddb = boto3.client("dynamodb")
    item = {"Username": {"S": "role-probe"}, "Id": {"S": context.aws_request_id}}

    def outcome(call):
        try:
            call()
            return "allowed"
        except botocore.exceptions.ClientError as e:
            return e.response["Error"]["Code"]

    def batch(table):
        return lambda: ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}}]})

    return {
        "BatchWriteItem other table": outcome(batch(event["other"])),
        "BatchWriteItem own table": outcome(batch(event["own"])),
        "PutItem own table": outcome(lambda: ddb.put_item(TableName=event["own"], Item=item)),
        "Scan own table": outcome(lambda: ddb.scan(TableName=event["own"])),
    }
"""


def error_code(call):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    return e.value.response["Error"]["Code"]


def producer_env(root_keys):
    """The caller's own credentials (to read the stack's outputs), as environment variables."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE")}
    env.update(AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1")
    return env


def test_the_example_processes_5000_tweets_and_deletes_cleanly(server, make_client, root_keys):
    name = unique("refarch")
    cfn, ddb, kinesis = (make_client(s) for s in ("cloudformation", "dynamodb", "kinesis"))
    lam, iam = make_client("lambda"), make_client("iam")
    stack = deploy(make_client, name, "freshet-refarch-code")
    out = outputs(stack)
    res = resources(cfn, name)
    assert set(res) == LOGICAL_IDS
    table, stream = name + "-EventData", out["KinesisStream"]
    assert res["EventDataTable"] == table and res["EventStream"] == stream

    # The producer reads the outputs itself (signed with the root keys) and puts with the
    # client's keys, one put_record per tweet, four at a time.
    seed = 20181010
    code, err = run_producer(["--stack", name, "--endpoint-url", server.endpoint,
                              "--count", str(TWEETS), "--seed", str(seed), "--workers", "4"],
                             producer_env(root_keys))
    assert code == 0, err
    assert "%d tweets put" % TWEETS in err and " 0 failed" in err, err

    wait_for_count(ddb, table, TWEETS, timeout=60)
    check_table(ddb, table, expected_items(TWEETS, seed))
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "ExpirationTime"}

    # The client's keys put records and do nothing else.
    client_ddb = make_client("dynamodb", out["AccessKeyId"], out["SecretAccessKey"])
    client_kinesis = make_client("kinesis", out["AccessKeyId"], out["SecretAccessKey"])
    some = {"Username": {"S": "x"}, "Id": {"S": "1"}}
    assert error_code(lambda: client_ddb.scan(TableName=table)) == "AccessDeniedException"
    assert error_code(lambda: client_ddb.get_item(TableName=table, Key=some)) == \
        "AccessDeniedException"
    assert error_code(lambda: client_kinesis.describe_stream(StreamName=stream)) == \
        "AccessDeniedException"
    shard = kinesis.list_shards(StreamName=stream)["Shards"][0]["ShardId"]
    assert error_code(lambda: client_kinesis.get_shard_iterator(
        StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")) == \
        "AccessDeniedException"
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert error_code(lambda: client_kinesis.get_records(ShardIterator=iterator)) == \
        "AccessDeniedException"

    # The function's role writes its own table with BatchWriteItem, and nothing else: a probe
    # function running with that role tries.
    other = unique("refarch-other")
    ddb.create_table(TableName=other, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "Username", "AttributeType": "S"},
                                           {"AttributeName": "Id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "Username", "KeyType": "HASH"},
                                {"AttributeName": "Id", "KeyType": "RANGE"}])
    role_arn = iam.get_role(RoleName=res["EventProcessorExecutionRole"])["Role"]["Arn"]
    probe = unique("role-probe")
    lam.create_function(FunctionName=probe, Runtime="python3.11", Role=role_arn,
                        Handler="probe.handler", Timeout=30,
                        Code={"ZipFile": zip_of({"probe.py": ROLE_PROBE})})
    reply = lam.invoke(FunctionName=probe,
                       Payload=json.dumps({"own": table, "other": other}).encode())
    result = json.loads(reply["Payload"].read())
    assert "FunctionError" not in reply, result
    assert result == {"BatchWriteItem other table": "AccessDeniedException",
                      "BatchWriteItem own table": "allowed",
                      "PutItem own table": "AccessDeniedException",
                      "Scan own table": "AccessDeniedException"}
    assert ddb.scan(TableName=other, Select="COUNT")["Count"] == 0
    lam.delete_function(FunctionName=probe)
    ddb.delete_table(TableName=other)

    # Deleting the stack removes every resource, as each service sees it.
    esm = res["DDBEventProcessorStream"]
    assert lam.get_event_source_mapping(UUID=esm)["State"] == "Enabled"
    stack_id = stack["StackId"]
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    gone = {
        "stream": lambda: kinesis.describe_stream_summary(StreamName=stream),
        "table": lambda: ddb.describe_table(TableName=table),
        "function": lambda: lam.get_function(FunctionName=res["DDBEventProcessor"]),
        "mapping": lambda: lam.get_event_source_mapping(UUID=esm),
        "role": lambda: iam.get_role(RoleName=res["EventProcessorExecutionRole"]),
        "user": lambda: iam.get_user(UserName=res["streamprocessingclient"]),
        "keys": lambda: iam.list_access_keys(UserName=res["streamprocessingclient"]),
        "client policy": lambda: iam.get_user_policy(
            UserName=res["streamprocessingclient"], PolicyName="StreamProcessingClientPolicy"),
        "client keys": lambda: client_kinesis.put_record(StreamName=stream, PartitionKey="k",
                                                         Data=b"{}"),
        "stack": lambda: cfn.describe_stacks(StackName=name),
    }
    codes = {what: error_code(call) for what, call in gone.items()}
    assert codes == {"stream": "ResourceNotFoundException", "table": "ResourceNotFoundException",
                     "function": "ResourceNotFoundException",
                     "mapping": "ResourceNotFoundException", "role": "NoSuchEntity",
                     "user": "NoSuchEntity", "keys": "NoSuchEntity",
                     "client policy": "NoSuchEntity",
                     "client keys": "UnrecognizedClientException", "stack": "ValidationError"}
    assert res["streamprocessingclient"] not in [
        u["UserName"] for u in iam.list_users()["Users"]]


def test_a_sigkill_while_producing_loses_no_tweet():
    server = FixedPortServer(free_port()).start()
    try:
        _produce_through_a_crash(server)
        code = server.stop()
    finally:
        server.cleanup()
    assert code == 0, "freshet did not exit cleanly:\n" + "".join(server.output)


def _produce_through_a_crash(server):
    root = server.root_credentials()

    def make_client(service, key=None, secret=None):
        key, secret = (key, secret) if key else root
        return boto3.session.Session().client(
            service, endpoint_url=server.endpoint, region_name="us-east-1",
            aws_access_key_id=key, aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 1}))

    name = unique("refarch-crash")
    out = outputs(deploy(make_client, name, "freshet-refarch-code"))
    table, stream = name + "-EventData", out["KinesisStream"]
    seed = 7

    producer = refarch_producer.Producer(
        stream, out["AccessKeyId"], out["SecretAccessKey"], out["Region"], server.endpoint,
        retry_for=120, workers=4)
    failure = []

    def produce():
        try:
            producer.run(tweets.generate(TWEETS, seed))
        except Exception as e:  # reported below
            failure.append(e)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    wait_for(lambda: producer.acknowledged >= TWEETS * 2 // 5, timeout=60)
    server.kill()
    # The producer notices: its puts fail and are retried while the server is down.
    wait_for(lambda: producer.retries > 0, timeout=10)
    acknowledged_at_kill = producer.acknowledged
    time.sleep(0.5)
    assert producer.acknowledged == acknowledged_at_kill < TWEETS
    server.start()
    thread.join(120)
    assert not thread.is_alive(), "the producer is still running"
    assert not failure, failure
    assert (producer.acknowledged, producer.failed) == (TWEETS, 0), producer.summary()

    ddb = make_client("dynamodb")
    wait_for_count(ddb, table, TWEETS, timeout=90)
    expected = expected_items(TWEETS, seed)
    check_table(ddb, table, expected)
    # Every tweet is on the stream; a put retried after the kill may be there twice.
    ids = stream_tweet_ids(make_client("kinesis"), stream)
    assert set(ids) == {k[1] for k in expected} and len(ids) >= TWEETS

    cfn = make_client("cloudformation")
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
