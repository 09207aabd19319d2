"""Stacks under SIGKILL: a server killed while a stack is being created resumes on restart and
rolls the stack back (what was created is deleted, ROLLBACK_COMPLETE); a graceful stop in the
middle of an operation ends it cleanly too."""
import json

import boto3
import botocore
from botocore.config import Config

from freshet_server import FreshetServer, wait_for
from mappings_helpers import TRUST, zip_of

SILENT = "def handler(event, context):\n    return None\n"  # never answers CloudFormation


def client(server, service):
    key, secret = server.root_credentials()
    return boto3.session.Session().client(
        service, endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}))


def start_hanging_stack(server, name):
    """A stream, then a custom resource whose function never answers: the stack stays in
    CREATE_IN_PROGRESS with the stream created."""
    iam, lam, cfn = client(server, "iam"), client(server, "lambda"), client(server, "cloudformation")
    role = iam.create_role(RoleName=name + "-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    fn = lam.create_function(FunctionName=name + "-fn", Runtime="python3.11", Role=role,
                             Handler="index.handler", Code={"ZipFile": zip_of({"index.py": SILENT})})
    wait_for(lambda: lam.get_function_configuration(
        FunctionName=fn["FunctionName"])["State"] == "Active", timeout=30)
    template = {"Resources": {
        "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "Waits": {"Type": "Custom::Silent", "DependsOn": "Stream",
                  "Properties": {"ServiceToken": fn["FunctionArn"]}}}}
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))

    def waiting():
        resources = {r["LogicalResourceId"]: r["ResourceStatus"] for r in
                     cfn.describe_stack_resources(StackName=name)["StackResources"]}
        return resources.get("Stream") == "CREATE_COMPLETE" and "Waits" in resources
    wait_for(waiting, timeout=30)
    stream = [r["PhysicalResourceId"] for r in
              cfn.describe_stack_resources(StackName=name)["StackResources"]
              if r["LogicalResourceId"] == "Stream"][0]
    return stream


def wait_status(cfn, name, timeout=60):
    done = {}

    def finished():
        s = cfn.describe_stacks(StackName=name)["Stacks"][0]
        done["s"] = s
        return not s["StackStatus"].endswith("_IN_PROGRESS")
    wait_for(finished, timeout=timeout)
    return done["s"]


def stream_exists(server, stream):
    try:
        client(server, "kinesis").describe_stream_summary(StreamName=stream)
        return True
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException"
        return False


def test_a_stack_interrupted_by_sigkill_rolls_back_after_restart():
    server = FreshetServer().start()
    try:
        stream = start_hanging_stack(server, "crashing")
        server.kill()
        server.start()
        stack = wait_status(client(server, "cloudformation"), "crashing")
        assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
        assert not stream_exists(server, stream)
        assert server.stop() == 0
    finally:
        server.cleanup()


def test_a_graceful_stop_ends_a_running_operation():
    server = FreshetServer().start()
    try:
        stream = start_hanging_stack(server, "stopping")
        assert server.stop() == 0
        server.start()
        stack = wait_status(client(server, "cloudformation"), "stopping")
        assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
        assert not stream_exists(server, stream)
        assert server.stop() == 0
    finally:
        server.cleanup()
