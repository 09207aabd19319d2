"""CloudFormation: the reference architecture's stack (SAM) from create to delete, checked
through every service; the plain-CloudFormation and custom-resource variants; rollback;
template errors with CloudFormation's messages; updates in place and by replacement."""
import json
import re
import time

import botocore
import pytest

from freshet_server import wait_for
from mappings_helpers import TRUST, zip_of
from stacks_helpers import (ALL_CAPS, REFARCH, failure_reasons, outputs, stack_name,
                            upload_handler, wait_stack)


@pytest.fixture(scope="module")
def cfn(make_client):
    return make_client("cloudformation")


@pytest.fixture(scope="module")
def code(make_client):
    s3 = make_client("s3")
    upload_handler(s3, "freshet-stack-code", "refarch/handler.zip")
    return {"CodeBucket": "freshet-stack-code", "CodeKey": "refarch/handler.zip"}


def params(values):
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]


def expect_gone(call, code):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    assert e.value.response["Error"]["Code"] == code


def test_the_reference_stack_runs_the_pipeline_and_delete_removes_it(cfn, code, make_client):
    name = stack_name("refarch")
    stack_id = cfn.create_stack(StackName=name, TemplateBody=REFARCH, Parameters=params(code),
                                Capabilities=ALL_CAPS)["StackId"]
    assert stack_id.startswith("arn:aws:cloudformation:us-east-1:")
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    out = outputs(stack)
    assert out["Region"] == "us-east-1" and out["AccessKeyId"].startswith("AKIA")
    resources = {r["LogicalResourceId"]: r for r in
                 cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]}
    assert sorted(resources) == sorted([
        "EventStream", "DDBEventProcessor", "DDBEventProcessorStream", "EventDataTable",
        "EventProcessorExecutionRole", "streamprocessingclient", "ClientPolicy", "ClientKeys"])
    assert {r["ResourceStatus"] for r in resources.values()} == {"CREATE_COMPLETE"}
    fn = resources["DDBEventProcessor"]["PhysicalResourceId"]
    assert re.fullmatch(re.escape(name) + r"-DDBEventProcessor-[A-Za-z0-9]{12}", fn)
    assert out["KinesisStream"] == resources["EventStream"]["PhysicalResourceId"]

    lam, kinesis = make_client("lambda"), make_client("kinesis")
    ddb, iam = make_client("dynamodb"), make_client("iam")
    esm = lam.get_event_source_mapping(UUID=resources["DDBEventProcessorStream"]
                                       ["PhysicalResourceId"])
    assert (esm["BatchSize"], esm["StartingPosition"]) == (25, "TRIM_HORIZON")
    assert lam.get_function(FunctionName=fn)["Tags"]["lambda:createdBy"] == "SAM"

    # The client's keys put records, and do nothing else.
    client = make_client("kinesis", out["AccessKeyId"], out["SecretAccessKey"])
    wait_for(lambda: _can_put(client, out["KinesisStream"]), timeout=10)
    for i in range(30):
        client.put_record(StreamName=out["KinesisStream"], PartitionKey="u%d" % (i % 3),
                          Data=json.dumps({"user": "u%d" % (i % 3), "id": str(i),
                                           "text": "tweet %d" % i}))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.list_streams()
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        make_client("dynamodb", out["AccessKeyId"], out["SecretAccessKey"]).list_tables()
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"

    table = name + "-EventData"
    wait_for(lambda: ddb.scan(TableName=table, Select="COUNT")["Count"] >= 31, timeout=60)
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 31

    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    expect_gone(lambda: kinesis.describe_stream_summary(StreamName=out["KinesisStream"]),
                "ResourceNotFoundException")
    expect_gone(lambda: ddb.describe_table(TableName=table), "ResourceNotFoundException")
    expect_gone(lambda: lam.get_function(FunctionName=fn), "ResourceNotFoundException")
    expect_gone(lambda: lam.get_event_source_mapping(UUID=esm["UUID"]),
                "ResourceNotFoundException")
    expect_gone(lambda: iam.get_role(RoleName=resources["EventProcessorExecutionRole"]
                                     ["PhysicalResourceId"]), "NoSuchEntity")
    expect_gone(lambda: iam.get_user(UserName=resources["streamprocessingclient"]
                                     ["PhysicalResourceId"]), "NoSuchEntity")
    expect_gone(lambda: client.put_record(StreamName=out["KinesisStream"], PartitionKey="k",
                                          Data=b"x"), "UnrecognizedClientException")
    expect_gone(lambda: cfn.describe_stacks(StackName=name), "ValidationError")
    assert cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == \
        "DELETE_COMPLETE"


def _can_put(client, stream):
    try:
        client.put_record(StreamName=stream, PartitionKey="probe",
                          Data=json.dumps({"user": "probe", "id": "probe", "text": ""}))
        return True
    except botocore.exceptions.ClientError:
        return False


PLAIN = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"Memory": {"Type": "Number", "Default": 128, "MinValue": 128}},
    "Resources": {
        "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": json.loads(TRUST),
            "ManagedPolicyArns": [
                "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole"]}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.11", "Handler": "index.handler", "MemorySize": {"Ref": "Memory"},
            "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Code": {"ZipFile": "def handler(event, context):\n    return len(event['Records'])\n"}}},
        "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
            "FunctionName": {"Ref": "Fn"}, "StartingPosition": "LATEST", "BatchSize": 10,
            "EventSourceArn": {"Fn::Join": ["", [
                "arn:aws:kinesis:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"},
                ":stream/", {"Ref": "Stream"}]]}}},
    },
    "Outputs": {
        "FunctionArn": {"Value": {"Fn::GetAtt": ["Fn", "Arn"]},
                        "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-fn"}}},
        "MappingId": {"Value": {"Ref": "Mapping"}},
    },
}


def test_the_plain_cloudformation_variant_in_json_and_updates(cfn, make_client):
    name = stack_name("plain")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(PLAIN), Capabilities=ALL_CAPS)
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    out = outputs(stack)
    lam = make_client("lambda")
    fn_arn = out["FunctionArn"]
    assert lam.get_event_source_mapping(UUID=out["MappingId"])["FunctionArn"] == fn_arn
    exports = {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}
    assert exports[name + "-fn"] == fn_arn

    # A memory change updates the function in place: same ARN, new size.
    cfn.update_stack(StackName=name, UsePreviousTemplate=True, Capabilities=ALL_CAPS,
                     Parameters=[{"ParameterKey": "Memory", "ParameterValue": "256"}])
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "UPDATE_COMPLETE", failure_reasons(cfn, name)
    assert outputs(stack)["FunctionArn"] == fn_arn
    assert lam.get_function_configuration(FunctionName=fn_arn)["MemorySize"] == 256
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cfn.update_stack(StackName=name, UsePreviousTemplate=True, Capabilities=ALL_CAPS,
                         Parameters=[{"ParameterKey": "Memory", "UsePreviousValue": True}])
    assert e.value.response["Error"]["Message"] == "No updates are to be performed."
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert name + "-fn" not in {e["Name"] for e in cfn.list_exports()["Exports"]}


TABLE = """
Parameters:
  Key: {Type: String, Default: pk}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: !Ref Key, AttributeType: S}]
      KeySchema: [{AttributeName: !Ref Key, KeyType: HASH}]
Outputs:
  Name: {Value: !Ref Table}
  Arn: {Value: !GetAtt Table.Arn}
"""


def test_a_key_schema_change_replaces_the_table(cfn, make_client):
    name = stack_name("table")
    cfn.create_stack(StackName=name, TemplateBody=TABLE)
    first = outputs(wait_stack(cfn, name))
    assert re.fullmatch(re.escape(name) + r"-Table-[A-Z0-9]{13}", first["Name"])
    cfn.update_stack(StackName=name, UsePreviousTemplate=True,
                     Parameters=[{"ParameterKey": "Key", "ParameterValue": "other"}])
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "UPDATE_COMPLETE", failure_reasons(cfn, name)
    second = outputs(stack)
    assert second["Name"] != first["Name"]
    ddb = make_client("dynamodb")
    assert ddb.describe_table(TableName=second["Name"])["Table"]["KeySchema"] == [
        {"AttributeName": "other", "KeyType": "HASH"}]
    expect_gone(lambda: ddb.describe_table(TableName=first["Name"]), "ResourceNotFoundException")
    reasons = [e.get("ResourceStatusReason", "") for e in
               cfn.describe_stack_events(StackName=name)["StackEvents"]]
    assert ("Requested update requires the creation of a new physical resource; hence "
            "creating one.") in reasons
    cfn.delete_stack(StackName=name)
    wait_stack(cfn, stack["StackId"])


def test_a_failing_resource_rolls_the_stack_back(cfn, make_client):
    name = stack_name("fail")
    template = {"Resources": {
        "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "Broken": {"Type": "AWS::DynamoDB::Table", "DependsOn": "Stream", "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "missing", "KeyType": "HASH"}]}}}}
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert stack["StackStatusReason"] == ("The following resource(s) failed to create: "
                                          "[Broken]. Rollback requested by user.")
    failed = dict(failure_reasons(cfn, name))
    assert "Broken" in failed and failed["Broken"]
    stream = [r for r in cfn.describe_stack_resources(StackName=name)["StackResources"]
              if r["LogicalResourceId"] == "Stream"][0]
    assert stream["ResourceStatus"] == "DELETE_COMPLETE"
    expect_gone(lambda: make_client("kinesis").describe_stream_summary(
        StreamName=stream["PhysicalResourceId"]), "ResourceNotFoundException")
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"


def test_a_create_that_fails_after_making_its_resource_leaves_nothing(cfn, make_client):
    # CreateStream succeeds, then the retention (over Kinesis's 8,760-hour maximum) fails the
    # resource: the rollback deletes the stream all the same. The stack keeps every event of
    # both operations once it is deleted.
    name = stack_name("halfmade")
    template = {"Resources": {"Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {
        "ShardCount": 1, "RetentionPeriodHours": 9000}}}}
    stack_id = cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))["StackId"]
    assert wait_stack(cfn, name)["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "Stream" in dict(failure_reasons(cfn, name))
    streams = [n for page in make_client("kinesis").get_paginator("list_streams").paginate()
               for n in page["StreamNames"]]
    assert [n for n in streams if n.startswith(name + "-")] == []
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    events = cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
    assert [e["ResourceStatus"] for e in reversed(events) if e["LogicalResourceId"] == name] == [
        "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS",
        "DELETE_COMPLETE"]


def test_a_stack_in_a_final_status_can_be_updated_and_deleted_at_once(cfn):
    # The engine writes the final status just before its thread ends; an UpdateStack or a
    # DeleteStack in between was refused ("is in CREATE_COMPLETE state and can not be
    # updated"). Polled without a pause, so that the calls land in that moment.
    def wait_for_status(stack_id, status):
        deadline = time.monotonic() + 60
        while cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] != status:
            assert time.monotonic() < deadline, "%s never %s" % (stack_id, status)

    group = {"Type": "AWS::Logs::LogGroup"}
    for _ in range(30):
        stack_id = cfn.create_stack(StackName=stack_name("final"), TemplateBody=json.dumps(
            {"Resources": {"Group": group}}))["StackId"]
        wait_for_status(stack_id, "CREATE_COMPLETE")
        cfn.update_stack(StackName=stack_id, TemplateBody=json.dumps({"Resources": {
            "Group": dict(group, Properties={"RetentionInDays": 7})}}))
        wait_for_status(stack_id, "UPDATE_COMPLETE")
        cfn.delete_stack(StackName=stack_id)
        wait_for_status(stack_id, "DELETE_COMPLETE")


@pytest.mark.parametrize("template,message", [
    ({"Resources": {"A": {"Type": "AWS::Kinesis::Stream", "DependsOn": "B"},
                    "B": {"Type": "AWS::Kinesis::Stream", "DependsOn": "A"}}},
     "Circular dependency between resources: [A, B]"),
    ({"Parameters": {"Needed": {"Type": "String"}},
      "Resources": {"A": {"Type": "AWS::Kinesis::Stream"}}},
     "Parameters: [Needed] must have values"),
    ({"Resources": {"A": {"Type": "AWS::Kinesis::Stream"}},
      "Outputs": {"X": {"Value": {"Fn::GetAtt": ["A", "Colour"]}}}},
     "Template error: resource A does not support attribute type Colour in Fn::GetAtt"),
    ({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}},
     "Template format error: Unrecognized resource types: [AWS::SQS::Queue]"),
])
def test_template_errors_have_cloudformations_messages(cfn, template, message):
    name = stack_name("bad")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert e.value.response["Error"]["Message"] == message
    expect_gone(lambda: cfn.describe_stacks(StackName=name), "ValidationError")


def test_iam_resources_need_the_capability(cfn):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cfn.create_stack(StackName=stack_name("caps"), TemplateBody=json.dumps(
            {"Resources": {"U": {"Type": "AWS::IAM::User"}}}))
    assert e.value.response["Error"]["Code"] == "InsufficientCapabilitiesException"
    assert e.value.response["Error"]["Message"] == "Requires capabilities : [CAPABILITY_IAM]"


CUSTOM_HANDLER = """
import json, urllib.request

def handler(event, context):
    props = event["ResourceProperties"]
    body = {"Status": "SUCCESS", "PhysicalResourceId": "greeting-" + props["Name"],
            "StackId": event["StackId"], "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": {"Greeting": "hello " + props["Name"], "Type": event["RequestType"]}}
    if props.get("Fail") == "yes" and event["RequestType"] == "Create":
        body.update(Status="FAILED", Reason="asked to fail")
    data = json.dumps(body).encode()
    req = urllib.request.Request(event["ResponseURL"], data=data, method="PUT",
                                 headers={"Content-Type": "", "Content-Length": str(len(data))})
    urllib.request.urlopen(req).read()
"""


def test_a_custom_resource_backed_by_a_function(cfn, make_client):
    iam, lam = make_client("iam"), make_client("lambda")
    role = iam.create_role(RoleName=stack_name("custom-role"),
                           AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    fn = lam.create_function(FunctionName=stack_name("custom-fn"), Runtime="python3.11",
                             Role=role, Handler="index.handler",
                             Code={"ZipFile": zip_of({"index.py": CUSTOM_HANDLER})})
    wait_for(lambda: lam.get_function_configuration(
        FunctionName=fn["FunctionName"])["State"] == "Active", timeout=30)
    template = {"Resources": {"Hello": {"Type": "Custom::Greeter", "Properties": {
                    "ServiceToken": fn["FunctionArn"], "Name": "freshet"}}},
                "Outputs": {"Greeting": {"Value": {"Fn::GetAtt": ["Hello", "Greeting"]}},
                            "Id": {"Value": {"Ref": "Hello"}}}}
    name = stack_name("custom")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    assert outputs(stack) == {"Greeting": "hello freshet", "Id": "greeting-freshet"}
    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"

    template["Resources"]["Hello"]["Properties"]["Fail"] = "yes"
    name = stack_name("custom-fail")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert any("asked to fail" in reason for _, reason in failure_reasons(cfn, name))


def test_exports_imports_retain_and_the_template_actions(cfn, make_client):
    producer, consumer = stack_name("prod"), stack_name("cons")
    exporting = {"Resources": {
                     "Keep": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain"},
                     "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}},
                 "Outputs": {"StreamName": {"Value": {"Ref": "Stream"},
                                            "Export": {"Name": producer + "-stream"}}}}
    cfn.create_stack(StackName=producer, TemplateBody=json.dumps(exporting))
    first = wait_stack(cfn, producer)
    assert first["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, producer)
    importing = """
Resources:
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub
        - "/freshet/${Stream}"
        - Stream: !ImportValue %s-stream
Outputs:
  Group: {Value: !Ref Group}
""" % producer
    checked = cfn.validate_template(TemplateBody=importing)
    assert checked["Parameters"] == [] and "Capabilities" not in checked
    cfn.create_stack(StackName=consumer, TemplateBody=importing)
    second = wait_stack(cfn, consumer)
    assert second["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, consumer)
    stream = outputs(first)["StreamName"]
    assert outputs(second)["Group"] == "/freshet/" + stream
    assert cfn.get_template(StackName=consumer)["TemplateBody"] == importing

    with pytest.raises(botocore.exceptions.ClientError) as e:
        cfn.delete_stack(StackName=producer)
    assert e.value.response["Error"]["Message"] == (
        "Export %s-stream cannot be deleted as it is in use by %s" % (producer, consumer))
    cfn.delete_stack(StackName=consumer)
    wait_stack(cfn, second["StackId"])

    # A change set describes what an update would do, and can be dropped unexecuted.
    exporting["Resources"]["Stream"]["Properties"]["RetentionPeriodHours"] = 48
    cs = cfn.create_change_set(StackName=producer, ChangeSetName="more-retention",
                               TemplateBody=json.dumps(exporting))
    described = cfn.describe_change_set(ChangeSetName="more-retention", StackName=producer)
    assert described["Status"] == "CREATE_COMPLETE"
    assert [(c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"],
             c["ResourceChange"]["Replacement"]) for c in described["Changes"]] == [
        ("Modify", "Stream", "False")]
    assert [s["ChangeSetName"] for s in
            cfn.list_change_sets(StackName=producer)["Summaries"]] == ["more-retention"]
    cfn.delete_change_set(ChangeSetName=cs["Id"])
    expect_gone(lambda: cfn.describe_change_set(ChangeSetName=cs["Id"]), "ChangeSetNotFound")

    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in
                 cfn.describe_stack_resources(StackName=producer)["StackResources"]}
    cfn.delete_stack(StackName=producer)
    assert wait_stack(cfn, first["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    events = cfn.describe_stack_events(StackName=first["StackId"])["StackEvents"]
    assert ("Keep", "DELETE_SKIPPED") in [(e["LogicalResourceId"], e["ResourceStatus"])
                                          for e in events]
    groups = make_client("logs").describe_log_groups(
        logGroupNamePrefix=resources["Keep"])["logGroups"]
    assert [g["logGroupName"] for g in groups] == [resources["Keep"]]


def test_resources_are_created_with_the_callers_permissions(cfn, make_client):
    iam = make_client("iam")
    user = stack_name("deployer")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="cfn", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "cloudformation:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    wait_for(lambda: _can_list_stacks(make_client, key), timeout=10)
    as_user = make_client("cloudformation", key["AccessKeyId"], key["SecretAccessKey"])
    template = json.dumps({"Resources": {"S": {"Type": "AWS::Kinesis::Stream",
                                               "Properties": {"ShardCount": 1}}}})
    name = stack_name("denied")
    as_user.create_stack(StackName=name, TemplateBody=template)
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    [(_, reason)] = [f for f in failure_reasons(cfn, name) if f[0] == "S"]
    assert "is not authorized to perform: kinesis:CreateStream" in reason

    iam.put_user_policy(UserName=user, PolicyName="kinesis", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}))
    name = stack_name("allowed")
    stack_id = as_user.create_stack(StackName=name, TemplateBody=template)["StackId"]
    assert wait_stack(cfn, name)["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    as_user.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"


def _can_list_stacks(make_client, key):
    try:
        make_client("cloudformation", key["AccessKeyId"], key["SecretAccessKey"]).list_stacks()
        return True
    except botocore.exceptions.ClientError:
        return False
