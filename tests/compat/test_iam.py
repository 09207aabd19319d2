"""IAM's API as boto3 sees it: users, access keys, roles, groups, inline and managed policies,
attachments and tags, with AWS's error codes, statuses and messages."""
import json
import uuid

import pytest
from botocore.exceptions import ClientError

ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TRUST_LAMBDA = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                               "Action": "sts:AssumeRole"}]}


def name(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


def error(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture(scope="module")
def iam(make_client):
    return make_client("iam")


@pytest.fixture(scope="module")
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


def test_user_lifecycle(iam, account):
    n = name("u")
    user = iam.create_user(UserName=n, Path="/team/", Tags=[{"Key": "k", "Value": "v"}])["User"]
    assert user["Arn"] == "arn:aws:iam::%s:user/team/%s" % (account, n)
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert user["Path"] == "/team/"
    got = iam.get_user(UserName=n.upper())["User"]  # names are case-insensitive
    assert got["UserName"] == n and got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert n in [u["UserName"] for u in iam.list_users(PathPrefix="/team/")["Users"]]
    assert n not in [u["UserName"] for u in iam.list_users(PathPrefix="/other/")["Users"]]
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName=n)
    assert error(e) == ("EntityAlreadyExists", "User with name %s already exists." % n, 409)
    iam.update_user(UserName=n, NewUserName=n + "-b", NewPath="/")
    assert iam.get_user(UserName=n + "-b")["User"]["Arn"] == "arn:aws:iam::%s:user/%s-b" % (
        account, n)
    iam.delete_user(UserName=n + "-b")
    with pytest.raises(ClientError) as e:
        iam.get_user(UserName=n + "-b")
    assert error(e) == ("NoSuchEntity", "The user with name %s-b cannot be found." % n, 404)


def test_get_user_without_name_is_the_caller(iam, account):
    user = iam.get_user()["User"]
    assert user["Arn"] == "arn:aws:iam::%s:root" % account
    assert user["UserId"] == account


def test_validation_error_from_the_model(iam):
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="bad name!")
    code, message, status = error(e)
    assert (code, status) == ("ValidationError", 400)
    assert "userName" in message


def test_access_keys(iam):
    n = name("keys")
    iam.create_user(UserName=n)
    k1 = iam.create_access_key(UserName=n)["AccessKey"]
    assert k1["AccessKeyId"].startswith("AKIA") and len(k1["AccessKeyId"]) == 20
    assert len(k1["SecretAccessKey"]) == 40 and k1["Status"] == "Active"
    iam.create_access_key(UserName=n)
    with pytest.raises(ClientError) as e:
        iam.create_access_key(UserName=n)
    assert error(e) == ("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)
    iam.update_access_key(UserName=n, AccessKeyId=k1["AccessKeyId"], Status="Inactive")
    listed = {k["AccessKeyId"]: k["Status"]
              for k in iam.list_access_keys(UserName=n)["AccessKeyMetadata"]}
    assert listed[k1["AccessKeyId"]] == "Inactive" and len(listed) == 2
    last = iam.get_access_key_last_used(AccessKeyId=k1["AccessKeyId"])
    assert last["UserName"] == n and last["AccessKeyLastUsed"]["ServiceName"] == "N/A"
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName=n)
    assert error(e) == ("DeleteConflict", "Cannot delete entity, must delete access keys first.",
                        409)
    for k in listed:
        iam.delete_access_key(UserName=n, AccessKeyId=k)
    with pytest.raises(ClientError) as e:
        iam.delete_access_key(UserName=n, AccessKeyId=k1["AccessKeyId"])
    assert error(e) == ("NoSuchEntity",
                        "The Access Key with id %s cannot be found." % k1["AccessKeyId"], 404)
    iam.delete_user(UserName=n)


def test_inline_user_policy(iam):
    n = name("inl")
    iam.create_user(UserName=n)
    iam.put_user_policy(UserName=n, PolicyName="all", PolicyDocument=json.dumps(ALLOW_ALL))
    got = iam.get_user_policy(UserName=n, PolicyName="all")
    assert got["PolicyDocument"] == ALLOW_ALL  # URL-encoded on the wire; botocore decodes it
    assert iam.list_user_policies(UserName=n)["PolicyNames"] == ["all"]
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName=n)
    assert error(e)[1] == "Cannot delete entity, must delete policies first."
    iam.delete_user_policy(UserName=n, PolicyName="all")
    with pytest.raises(ClientError) as e:
        iam.get_user_policy(UserName=n, PolicyName="all")
    assert error(e) == ("NoSuchEntity", "The user policy with name all cannot be found.", 404)
    iam.delete_user(UserName=n)


@pytest.mark.parametrize("document,message", [
    ("{not json", "Syntax errors in policy."),
    (json.dumps({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Resource": "*"}}),
     "Policy statement must contain actions."),
    (json.dumps({"Version": "2012-10-17",
                 "Statement": {"Effect": "Allow", "Action": "s3:*"}}),
     "Policy statement must contain resources."),
    (json.dumps({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}),
     "Policy document should not specify a principal."),
    (json.dumps({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Action": "GetObject", "Resource": "*"}}),
     "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
])
def test_malformed_policy_documents(iam, document, message):
    n = name("bad")
    iam.create_user(UserName=n)
    try:
        with pytest.raises(ClientError) as e:
            iam.put_user_policy(UserName=n, PolicyName="p", PolicyDocument=document)
        assert error(e) == ("MalformedPolicyDocument", message, 400)
    finally:
        iam.delete_user(UserName=n)


def test_roles(iam, account):
    n = name("role")
    role = iam.create_role(RoleName=n, AssumeRolePolicyDocument=json.dumps(TRUST_LAMBDA),
                           Description="d", Tags=[{"Key": "a", "Value": "b"}])["Role"]
    assert role["Arn"] == "arn:aws:iam::%s:role/%s" % (account, n)
    assert role["RoleId"].startswith("AROA")
    got = iam.get_role(RoleName=n)["Role"]
    assert got["AssumeRolePolicyDocument"] == TRUST_LAMBDA and got["MaxSessionDuration"] == 3600
    iam.update_role(RoleName=n, MaxSessionDuration=7200, Description="e")
    got = iam.get_role(RoleName=n)["Role"]
    assert got["MaxSessionDuration"] == 7200 and got["Description"] == "e"
    iam.tag_role(RoleName=n, Tags=[{"Key": "c", "Value": "d"}])
    iam.untag_role(RoleName=n, TagKeys=["a"])
    assert iam.list_role_tags(RoleName=n)["Tags"] == [{"Key": "c", "Value": "d"}]
    bad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                   "Action": "sts:AssumeRole", "Resource": "*"}]}
    with pytest.raises(ClientError) as e:
        iam.update_assume_role_policy(RoleName=n, PolicyDocument=json.dumps(bad))
    assert error(e) == ("MalformedPolicyDocument", "Has prohibited field Resource", 400)
    iam.put_role_policy(RoleName=n, PolicyName="p", PolicyDocument=json.dumps(ALLOW_ALL))
    assert iam.get_role_policy(RoleName=n, PolicyName="p")["PolicyDocument"] == ALLOW_ALL
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName=n)
    assert error(e) == ("DeleteConflict", "Cannot delete entity, must delete policies first.", 409)
    iam.delete_role_policy(RoleName=n, PolicyName="p")
    iam.delete_role(RoleName=n)
    with pytest.raises(ClientError) as e:
        iam.get_role(RoleName=n)
    assert error(e) == ("NoSuchEntity", "The role with name %s cannot be found." % n, 404)


def test_groups(iam):
    g, u = name("grp"), name("member")
    group = iam.create_group(GroupName=g)["Group"]
    assert group["GroupId"].startswith("AGPA")
    iam.create_user(UserName=u)
    iam.add_user_to_group(GroupName=g, UserName=u)
    assert [x["UserName"] for x in iam.get_group(GroupName=g)["Users"]] == [u]
    assert [x["GroupName"] for x in iam.list_groups_for_user(UserName=u)["Groups"]] == [g]
    iam.put_group_policy(GroupName=g, PolicyName="p", PolicyDocument=json.dumps(ALLOW_ALL))
    assert iam.list_group_policies(GroupName=g)["PolicyNames"] == ["p"]
    with pytest.raises(ClientError) as e:
        iam.delete_group(GroupName=g)
    assert error(e) == ("DeleteConflict",
                        "Cannot delete entity, must remove users from group first.", 409)
    iam.remove_user_from_group(GroupName=g, UserName=u)
    iam.delete_group_policy(GroupName=g, PolicyName="p")
    iam.delete_group(GroupName=g)
    iam.delete_user(UserName=u)
    with pytest.raises(ClientError) as e:
        iam.get_group(GroupName=g)
    assert error(e) == ("NoSuchEntity", "The group with name %s cannot be found." % g, 404)


def test_managed_policies_and_versions(iam, account):
    p = name("pol")
    doc2 = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}
    policy = iam.create_policy(PolicyName=p, PolicyDocument=json.dumps(ALLOW_ALL))["Policy"]
    arn = policy["Arn"]
    assert arn == "arn:aws:iam::%s:policy/%s" % (account, p)
    assert policy["DefaultVersionId"] == "v1" and policy["PolicyId"].startswith("ANPA")
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName=p, PolicyDocument=json.dumps(ALLOW_ALL))
    assert error(e) == ("EntityAlreadyExists",
                        "A policy called %s already exists. Duplicate names are not allowed." % p,
                        409)
    v2 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc2),
                                   SetAsDefault=True)["PolicyVersion"]
    assert v2["VersionId"] == "v2" and v2["IsDefaultVersion"]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"][
        "Document"] == doc2
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == [
        "v2", "v1"]
    with pytest.raises(ClientError) as e:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    assert error(e) == ("DeleteConflict", "Cannot delete the default version of a policy.", 409)
    u = name("att")
    iam.create_user(UserName=u)
    iam.attach_user_policy(UserName=u, PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
    assert iam.list_attached_user_policies(UserName=u)["AttachedPolicies"] == [
        {"PolicyName": p, "PolicyArn": arn}]
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn=arn)
    assert error(e) == ("DeleteConflict", "Cannot delete a policy attached to entities.", 409)
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName=u)
    assert error(e)[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_user_policy(UserName=u, PolicyArn=arn)
    with pytest.raises(ClientError) as e:
        iam.detach_user_policy(UserName=u, PolicyArn=arn)
    assert error(e) == ("NoSuchEntity", "Policy %s was not found." % arn, 404)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.delete_policy(PolicyArn=arn)
    iam.delete_user(UserName=u)
    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn=arn)
    assert error(e) == ("NoSuchEntity", "Policy %s was not found." % arn, 404)


def test_managed_policy_needs_current_version(iam):
    old = dict(ALLOW_ALL, Version="2008-10-17")
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName=name("old"), PolicyDocument=json.dumps(old))
    assert error(e) == ("MalformedPolicyDocument",
                        "Policy document must be version 2012-10-17 or greater.", 400)


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonKinesisFullAccess",
    "arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
    "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
    "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
])
def test_aws_managed_policies_are_built_in(iam, arn):
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert policy["Arn"] == arn and policy["PolicyName"] == arn.rsplit("/", 1)[1]
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])
    doc = version["PolicyVersion"]["Document"]
    assert doc["Version"] == "2012-10-17" and doc["Statement"]
    listed = iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]
    assert arn in [p["Arn"] for p in listed]


def test_lambda_execution_role_document(iam):
    arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    doc = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]["Document"]
    assert doc == {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Resource": "*",
        "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]}]}


def test_list_paging(iam):
    prefix = "/page%s/" % uuid.uuid4().hex[:6]
    names = sorted(name("pg") for _ in range(3))
    for n in names:
        iam.create_user(UserName=n, Path=prefix)
    first = iam.list_users(PathPrefix=prefix, MaxItems=2)
    assert first["IsTruncated"] and len(first["Users"]) == 2
    rest = iam.list_users(PathPrefix=prefix, MaxItems=2, Marker=first["Marker"])
    assert not rest["IsTruncated"]
    assert sorted(u["UserName"] for u in first["Users"] + rest["Users"]) == names
    for n in names:
        iam.delete_user(UserName=n)
