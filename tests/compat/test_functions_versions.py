"""Lambda versions, aliases, reserved concurrency, resource policies and tags with boto3:
published versions run their own snapshot, aliases resolve (and route) to versions, reserved
concurrency throttles, permissions build Lambda's policy document, tags live on functions."""
import json
import threading
import uuid

import pytest
from botocore.exceptions import ClientError

from mappings_helpers import TRUST, zip_of


@pytest.fixture(scope="module")
def role(make_client):
    iam = make_client("iam")
    name = "fn-versions-" + uuid.uuid4().hex[:8]
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


@pytest.fixture
def lam(make_client):
    return make_client("lambda")


def node(body):
    return zip_of({"index.js": "exports.handler = async (e) => {\n%s\n};\n" % body})


def create(lam, role, body, **kw):
    name = "ver-" + uuid.uuid4().hex[:8]
    cfg = lam.create_function(FunctionName=name, Runtime="nodejs20.x", Role=role,
                              Handler="index.handler", Code={"ZipFile": node(body)}, **kw)
    return name, cfg


def answer(lam, name, **kw):
    r = lam.invoke(FunctionName=name, Payload=b"{}", **kw)
    assert "FunctionError" not in r, r["Payload"].read()
    return json.loads(r["Payload"].read()), r["ExecutedVersion"]


def error_of(call, *args, **kw):
    with pytest.raises(ClientError) as e:
        call(*args, **kw)
    err = e.value.response["Error"]
    return err["Code"], err["Message"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_publish_list_and_invoke_versions(lam, role):
    name, cfg = create(lam, role, "return 'one';")
    v1 = lam.publish_version(FunctionName=name, Description="first")
    assert v1["Version"] == "1" and v1["FunctionArn"] == cfg["FunctionArn"] + ":1"
    assert v1["Description"] == "first" and v1["CodeSha256"] == cfg["CodeSha256"]
    # Nothing changed since version 1: publishing again answers version 1.
    assert lam.publish_version(FunctionName=name)["Version"] == "1"
    lam.update_function_code(FunctionName=name, ZipFile=node("return 'two';"))
    assert lam.publish_version(FunctionName=name)["Version"] == "2"

    assert answer(lam, name) == ("two", "$LATEST")
    assert answer(lam, name, Qualifier="1") == ("one", "1")
    assert answer(lam, name + ":1") == ("one", "1")
    assert answer(lam, cfg["FunctionArn"] + ":2") == ("two", "2")
    got = lam.get_function(FunctionName=name, Qualifier="1")["Configuration"]
    assert got["Version"] == "1" and got["FunctionArn"].endswith(":1")

    versions = lam.list_versions_by_function(FunctionName=name, MaxItems=2)
    assert [v["Version"] for v in versions["Versions"]] == ["$LATEST", "1"]
    rest = lam.list_versions_by_function(FunctionName=name, Marker=versions["NextMarker"])
    assert [v["Version"] for v in rest["Versions"]] == ["2"] and "NextMarker" not in rest

    code, message, status = error_of(lam.invoke, FunctionName=name, Qualifier="9")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == "Function not found: %s:9" % cfg["FunctionArn"]
    lam.delete_function(FunctionName=name, Qualifier="1")
    assert error_of(lam.get_function, FunctionName=name, Qualifier="1")[0] == \
        "ResourceNotFoundException"
    assert error_of(lam.delete_function, FunctionName=name, Qualifier="$LATEST")[1] == \
        "$LATEST version cannot be deleted without deleting the function."
    lam.delete_function(FunctionName=name)


def test_publish_preconditions(lam, role):
    name, cfg = create(lam, role, "return 1;")
    code, _, status = error_of(lam.publish_version, FunctionName=name, RevisionId="stale")
    assert (code, status) == ("PreconditionFailedException", 412)
    code, message, _ = error_of(lam.publish_version, FunctionName=name, CodeSha256="AAAA")
    assert code == "InvalidParameterValueException"
    assert message.startswith("CodeSHA256 (AAAA) is different from current CodeSHA256")
    v = lam.publish_version(FunctionName=name, CodeSha256=cfg["CodeSha256"],
                            RevisionId=cfg["RevisionId"])
    assert v["Version"] == "1"


def test_aliases(lam, role):
    name, cfg = create(lam, role, "return 'one';")
    lam.publish_version(FunctionName=name)
    lam.update_function_code(FunctionName=name, ZipFile=node("return 'two';"))
    lam.publish_version(FunctionName=name)
    live = lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                            Description="prod")
    assert live["AliasArn"] == cfg["FunctionArn"] + ":live" and live["FunctionVersion"] == "1"
    assert answer(lam, name, Qualifier="live") == ("one", "1")
    assert lam.get_function_configuration(FunctionName=name + ":live")["FunctionArn"] == \
        live["AliasArn"]
    code, message, status = error_of(lam.create_alias, FunctionName=name, Name="live",
                                     FunctionVersion="2")
    assert (code, status) == ("ResourceConflictException", 409)
    assert message == "Alias already exists: " + live["AliasArn"]
    code, message, _ = error_of(lam.delete_function, FunctionName=name, Qualifier="1")
    assert code == "ResourceConflictException"
    assert message == "Unable to delete version because the following aliases reference it: [live]"

    updated = lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2",
                               RevisionId=live["RevisionId"],
                               RoutingConfig={"AdditionalVersionWeights": {"1": 1.0}})
    assert updated["RevisionId"] != live["RevisionId"]
    assert updated["RoutingConfig"] == {"AdditionalVersionWeights": {"1": 1.0}}
    assert answer(lam, name, Qualifier="live") == ("one", "1")  # the whole share goes to 1
    lam.update_alias(FunctionName=name, Name="live", RoutingConfig={})
    assert answer(lam, name, Qualifier="live") == ("two", "2")
    assert error_of(lam.update_alias, FunctionName=name, Name="live",
                    RevisionId=live["RevisionId"])[0] == "PreconditionFailedException"

    lam.create_alias(FunctionName=name, Name="edge", FunctionVersion="$LATEST")
    assert [a["Name"] for a in lam.list_aliases(FunctionName=name)["Aliases"]] == ["edge", "live"]
    assert [a["Name"] for a in lam.list_aliases(FunctionName=name,
                                                FunctionVersion="2")["Aliases"]] == ["live"]
    code, message, status = error_of(lam.get_alias, FunctionName=name, Name="nope")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == "Cannot find alias arn: %s:nope" % cfg["FunctionArn"]
    lam.delete_alias(FunctionName=name, Name="live")
    assert error_of(lam.get_alias, FunctionName=name, Name="live")[0] == \
        "ResourceNotFoundException"
    lam.delete_function(FunctionName=name, Qualifier="1")
    lam.delete_function(FunctionName=name)


def test_reserved_concurrency_throttles(lam, role):
    name, _ = create(lam, role, "await new Promise(r => setTimeout(r, e.ms || 0)); return 'ok';",
                     Timeout=10)
    before = lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"]
    put = lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    assert put["ReservedConcurrentExecutions"] == 0
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=name, Payload=b"{}")
    r = e.value.response
    assert (r["Error"]["Code"], r["Error"]["Message"]) == ("TooManyRequestsException",
                                                          "Rate Exceeded.")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert r["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"

    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
    assert lam.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 1
    assert lam.get_function(FunctionName=name)["Concurrency"] == \
        {"ReservedConcurrentExecutions": 1}
    after = lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"]
    assert after == before - 1

    # Two slow invocations at once with one slot: exactly one is throttled.
    results = []

    def slow():
        try:
            r = lam.invoke(FunctionName=name, Payload=json.dumps({"ms": 2000}))
            results.append(json.loads(r["Payload"].read()))
        except ClientError as e:
            results.append(e.response["Error"]["Code"])

    threads = [threading.Thread(target=slow) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["TooManyRequestsException", "ok"]

    code, message, _ = error_of(lam.put_function_concurrency, FunctionName=name,
                                ReservedConcurrentExecutions=950)
    assert code == "InvalidParameterValueException"
    assert message == ("Specified ReservedConcurrentExecutions for function decreases account's "
                       "UnreservedConcurrentExecution below its minimum value of [100].")
    lam.delete_function_concurrency(FunctionName=name)
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=name)
    assert answer(lam, name) == ("ok", "$LATEST")
    lam.delete_function(FunctionName=name)


def test_permissions_policy_document(lam, role):
    name, cfg = create(lam, role, "return 1;")
    arn = cfg["FunctionArn"]
    added = lam.add_permission(FunctionName=name, StatementId="from-s3",
                               Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                               SourceArn="arn:aws:s3:::my-bucket", SourceAccount="123456789012")
    statement = {"Sid": "from-s3", "Effect": "Allow",
                 "Principal": {"Service": "s3.amazonaws.com"},
                 "Action": "lambda:InvokeFunction", "Resource": arn,
                 "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"},
                               "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::my-bucket"}}}
    assert json.loads(added["Statement"]) == statement
    lam.add_permission(FunctionName=name, StatementId="other-account",
                       Action="lambda:GetFunction", Principal="210987654321")
    policy = lam.get_policy(FunctionName=name)
    assert json.loads(policy["Policy"]) == {
        "Version": "2012-10-17", "Id": "default",
        "Statement": [statement, {"Sid": "other-account", "Effect": "Allow",
                                  "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                                  "Action": "lambda:GetFunction", "Resource": arn}]}
    assert policy["RevisionId"] == lam.get_function(FunctionName=name)["Configuration"]["RevisionId"]

    code, message, status = error_of(lam.add_permission, FunctionName=name,
                                     StatementId="from-s3", Action="lambda:InvokeFunction",
                                     Principal="s3.amazonaws.com")
    assert (code, status) == ("ResourceConflictException", 409)
    assert message == ("The statement id (from-s3) provided already exists. Please provide a "
                       "new statement id, or remove the existing statement.")
    lam.publish_version(FunctionName=name)
    lam.add_permission(FunctionName=name, Qualifier="1", StatementId="v1",
                       Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    v1 = json.loads(lam.get_policy(FunctionName=name, Qualifier="1")["Policy"])
    assert [s["Resource"] for s in v1["Statement"]] == [arn + ":1"]

    code, message, status = error_of(lam.remove_permission, FunctionName=name, StatementId="x")
    assert (code, message, status) == ("ResourceNotFoundException",
                                       "Statement x is not found in resource policy.", 404)
    lam.remove_permission(FunctionName=name, StatementId="from-s3")
    lam.remove_permission(FunctionName=name, StatementId="other-account")
    code, message, _ = error_of(lam.get_policy, FunctionName=name)
    assert (code, message) == ("ResourceNotFoundException",
                               "The resource you requested does not exist.")
    code, message, _ = error_of(lam.get_policy, FunctionName="nope-" + uuid.uuid4().hex[:6])
    assert code == "ResourceNotFoundException" and message.startswith("Function not found: ")
    lam.delete_function(FunctionName=name)


def test_tags(lam, role):
    name, cfg = create(lam, role, "return 1;", Tags={"team": "data"})
    arn = cfg["FunctionArn"]
    assert lam.get_function(FunctionName=name)["Tags"] == {"team": "data"}
    lam.tag_resource(Resource=arn, Tags={"env": "dev"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "data", "env": "dev"}
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"env": "dev"}
    code, message, _ = error_of(lam.tag_resource, Resource=arn + ":1", Tags={"a": "b"})
    assert code == "InvalidParameterValueException"
    assert message == ("Tags on function aliases and versions are not supported. Please specify "
                       "a function ARN.")
    missing = arn + "-gone"
    assert error_of(lam.list_tags, Resource=missing)[1] == "Function not found: " + missing
    lam.delete_function(FunctionName=name)


def test_iam_authorizes_qualified_arns(make_client, lam, role):
    # Invoke with a qualifier is authorized against the qualified ARN: a user allowed to invoke
    # only the alias may do that, and not the function itself.
    name, cfg = create(lam, role, "return 'live';")
    lam.publish_version(FunctionName=name)
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    iam = make_client("iam")
    user = "fn-invoker-" + uuid.uuid4().hex[:8]
    user_arn = iam.create_user(UserName=user)["User"]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="alias-only", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
                       "Resource": cfg["FunctionArn"] + ":live"}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    as_user = make_client("lambda", key["AccessKeyId"], key["SecretAccessKey"])
    assert answer(as_user, name, Qualifier="live") == ("live", "1")
    code, message, status = error_of(as_user.invoke, FunctionName=name, Payload=b"{}")
    assert (code, status) == ("AccessDeniedException", 403)
    assert message == ("User: %s is not authorized to perform: lambda:InvokeFunction on "
                       "resource: %s because no identity-based policy allows the "
                       "lambda:InvokeFunction action" % (user_arn, cfg["FunctionArn"]))
    lam.delete_function(FunctionName=name)
