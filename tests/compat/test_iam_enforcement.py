"""Policies enforced on every request, as AWS clients see it: a user's keys do what its
policies allow and nothing else, with AWS's exact denial messages; explicit deny beats allow;
AssumeRole gives the role's policies and nothing else; temporary credentials carry their
expiry; a disabled or deleted key is refused at once."""
import datetime
import json
import os
import subprocess
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

INVALID_TOKEN = "The security token included in the request is invalid."


def name(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*"):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def implicit(arn, action, resource):
    return ("User: %s is not authorized to perform: %s on resource: %s because no "
            "identity-based policy allows the %s action" % (arn, action, resource, action))


def explicit(arn, action, resource):
    return ("User: %s is not authorized to perform: %s on resource: %s with an explicit deny "
            "in an identity-based policy" % (arn, action, resource))


def error(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture(scope="module")
def iam(make_client):
    return make_client("iam")


@pytest.fixture(scope="module")
def account(make_client):
    return make_client("sts").get_caller_identity()["Account"]


@pytest.fixture
def user(iam):
    """A fresh user with one access key; cleaned up whatever the test left behind."""
    n = name("user")
    arn = iam.create_user(UserName=n)["User"]["Arn"]
    key = iam.create_access_key(UserName=n)["AccessKey"]
    yield {"name": n, "arn": arn, "key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    for k in iam.list_access_keys(UserName=n)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=n, AccessKeyId=k["AccessKeyId"])
    for p in iam.list_user_policies(UserName=n)["PolicyNames"]:
        iam.delete_user_policy(UserName=n, PolicyName=p)
    for p in iam.list_attached_user_policies(UserName=n)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=n, PolicyArn=p["PolicyArn"])
    for g in iam.list_groups_for_user(UserName=n)["Groups"]:
        iam.remove_user_from_group(UserName=n, GroupName=g["GroupName"])
    iam.delete_user(UserName=n)


def as_user(make_client, user, service):
    return make_client(service, user["key"], user["secret"])


def test_user_can_do_what_its_policy_allows(iam, make_client, user, account):
    iam.put_user_policy(UserName=user["name"], PolicyName="self", PolicyDocument=policy(
        allow("iam:GetUser", "arn:aws:iam::%s:user/${aws:username}" % account)))
    mine = as_user(make_client, user, "iam")
    assert mine.get_user()["User"]["Arn"] == user["arn"]
    assert mine.get_user(UserName=user["name"])["User"]["UserName"] == user["name"]
    with pytest.raises(ClientError) as e:
        mine.get_user(UserName="someone-else")
    other = "arn:aws:iam::%s:user/someone-else" % account
    assert error(e) == ("AccessDenied", implicit(user["arn"], "iam:GetUser", other), 403)
    with pytest.raises(ClientError) as e:
        mine.list_users()
    assert error(e) == ("AccessDenied", implicit(
        user["arn"], "iam:ListUsers", "arn:aws:iam::%s:user/" % account), 403)
    # GetCallerIdentity needs no permission.
    sts = as_user(make_client, user, "sts")
    assert sts.get_caller_identity()["Arn"] == user["arn"]


def test_user_without_policies_is_denied(make_client, user, account):
    with pytest.raises(ClientError) as e:
        as_user(make_client, user, "iam").list_roles()
    assert error(e) == ("AccessDenied", implicit(
        user["arn"], "iam:ListRoles", "arn:aws:iam::%s:role/" % account), 403)


def test_explicit_deny_beats_allow(iam, make_client, user, account):
    iam.attach_user_policy(UserName=user["name"],
                           PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    mine = as_user(make_client, user, "iam")
    mine.list_roles()
    iam.put_user_policy(UserName=user["name"], PolicyName="deny", PolicyDocument=policy(
        {"Effect": "Deny", "Action": "iam:List*", "Resource": "*"}))
    with pytest.raises(ClientError) as e:
        mine.list_roles()
    assert error(e) == ("AccessDenied", explicit(
        user["arn"], "iam:ListRoles", "arn:aws:iam::%s:role/" % account), 403)
    mine.get_user()  # still allowed by AdministratorAccess


def test_group_policies_apply_to_members(iam, make_client, user):
    g = name("grp")
    iam.create_group(GroupName=g)
    try:
        iam.attach_group_policy(GroupName=g,
                                PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        mine = as_user(make_client, user, "iam")
        with pytest.raises(ClientError):
            mine.list_groups()
        iam.add_user_to_group(GroupName=g, UserName=user["name"])
        assert g in [x["GroupName"] for x in mine.list_groups()["Groups"]]
        with pytest.raises(ClientError) as e:
            mine.create_group(GroupName=name("nope"))
        assert error(e)[0] == "AccessDenied"
    finally:
        iam.remove_user_from_group(GroupName=g, UserName=user["name"])
        iam.detach_group_policy(GroupName=g, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        iam.delete_group(GroupName=g)


def test_disabled_key_is_refused_at_once(iam, make_client, user):
    iam.put_user_policy(UserName=user["name"], PolicyName="p",
                        PolicyDocument=policy(allow("iam:GetUser")))
    mine = as_user(make_client, user, "iam")
    mine.get_user()
    iam.update_access_key(UserName=user["name"], AccessKeyId=user["key"], Status="Inactive")
    with pytest.raises(ClientError) as e:
        mine.get_user()
    assert error(e) == ("InvalidClientTokenId", INVALID_TOKEN, 403)
    iam.update_access_key(UserName=user["name"], AccessKeyId=user["key"], Status="Active")
    mine.get_user()
    iam.delete_access_key(UserName=user["name"], AccessKeyId=user["key"])
    with pytest.raises(ClientError) as e:
        mine.get_user()
    assert error(e) == ("InvalidClientTokenId", INVALID_TOKEN, 403)


def test_policy_change_applies_to_the_next_request(iam, make_client, user):
    mine = as_user(make_client, user, "iam")
    with pytest.raises(ClientError):
        mine.get_user()
    iam.put_user_policy(UserName=user["name"], PolicyName="p",
                        PolicyDocument=policy(allow("iam:GetUser")))
    mine.get_user()
    iam.delete_user_policy(UserName=user["name"], PolicyName="p")
    with pytest.raises(ClientError):
        mine.get_user()


def make_role(iam, trust_principal, role_policy):
    n = name("role")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": trust_principal, "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=n, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName=n, PolicyName="p", PolicyDocument=role_policy)
    return n, arn


def drop_role(iam, n):
    iam.delete_role_policy(RoleName=n, PolicyName="p")
    iam.delete_role(RoleName=n)


def test_assumed_role_gets_its_policies_and_nothing_else(iam, make_client, user, account):
    # The user may read itself; the role may list roles. Neither may do the other's action.
    iam.put_user_policy(UserName=user["name"], PolicyName="p",
                        PolicyDocument=policy(allow("iam:GetUser")))
    role, role_arn = make_role(iam, {"AWS": user["arn"]}, policy(allow("iam:ListRoles")))
    try:
        before = datetime.datetime.now(datetime.timezone.utc)
        out = as_user(make_client, user, "sts").assume_role(
            RoleArn=role_arn, RoleSessionName="sess", DurationSeconds=900)
        creds = out["Credentials"]
        assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
        expiry = creds["Expiration"] - before
        assert datetime.timedelta(seconds=890) < expiry < datetime.timedelta(seconds=910)
        session_arn = "arn:aws:sts::%s:assumed-role/%s/sess" % (account, role)
        assert out["AssumedRoleUser"]["Arn"] == session_arn
        assert out["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
        assert out["AssumedRoleUser"]["AssumedRoleId"].endswith(":sess")
        sts = make_client("sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                          creds["SessionToken"])
        assert sts.get_caller_identity()["Arn"] == session_arn
        as_role = make_client("iam", creds["AccessKeyId"], creds["SecretAccessKey"],
                              creds["SessionToken"])
        assert role in [r["RoleName"] for r in as_role.list_roles(MaxItems=1000)["Roles"]]
        with pytest.raises(ClientError) as e:
            as_role.get_user(UserName=user["name"])
        assert error(e) == ("AccessDenied", implicit(session_arn, "iam:GetUser", user["arn"]),
                            403)
        # A session token that does not belong to the key is refused.
        forged = make_client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], "x" * 40)
        with pytest.raises(ClientError) as e:
            forged.list_roles()
        assert error(e)[2] == 403
    finally:
        drop_role(iam, role)


def test_assume_role_refused_by_trust_policy(iam, make_client, user, account):
    role, role_arn = make_role(iam, {"Service": "lambda.amazonaws.com"},
                               policy(allow("iam:ListRoles")))
    try:
        with pytest.raises(ClientError) as e:
            as_user(make_client, user, "sts").assume_role(RoleArn=role_arn, RoleSessionName="s1")
        assert error(e) == ("AccessDenied", "User: %s is not authorized to perform: "
                            "sts:AssumeRole on resource: %s" % (user["arn"], role_arn), 403)
    finally:
        drop_role(iam, role)


def test_trust_in_the_account_needs_an_identity_policy(iam, make_client, user, account):
    role, role_arn = make_role(iam, {"AWS": "arn:aws:iam::%s:root" % account},
                               policy(allow("iam:ListRoles")))
    try:
        sts = as_user(make_client, user, "sts")
        with pytest.raises(ClientError):
            sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")
        iam.put_user_policy(UserName=user["name"], PolicyName="assume",
                            PolicyDocument=policy(allow("sts:AssumeRole", role_arn)))
        assert sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]
    finally:
        drop_role(iam, role)


def test_root_cannot_assume_roles(iam, make_client):
    role, role_arn = make_role(iam, {"AWS": "*"}, policy(allow("iam:ListRoles")))
    try:
        with pytest.raises(ClientError) as e:
            make_client("sts").assume_role(RoleArn=role_arn, RoleSessionName="s1")
        assert error(e) == ("AccessDenied", "Roles may not be assumed by root accounts.", 403)
    finally:
        drop_role(iam, role)


def test_duration_beyond_the_roles_maximum(iam, make_client, user):
    role, role_arn = make_role(iam, {"AWS": user["arn"]}, policy(allow("iam:ListRoles")))
    try:
        with pytest.raises(ClientError) as e:
            as_user(make_client, user, "sts").assume_role(
                RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=7200)
        assert error(e) == ("ValidationError", "The requested DurationSeconds exceeds the "
                            "MaxSessionDuration set for this role.", 400)
    finally:
        drop_role(iam, role)


def test_get_session_token_acts_as_the_user(iam, make_client, user):
    iam.put_user_policy(UserName=user["name"], PolicyName="p",
                        PolicyDocument=policy(allow("iam:GetUser")))
    before = datetime.datetime.now(datetime.timezone.utc)
    creds = as_user(make_client, user, "sts").get_session_token(DurationSeconds=900)[
        "Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert datetime.timedelta(seconds=890) < creds["Expiration"] - before < datetime.timedelta(
        seconds=910)
    session = make_client("iam", creds["AccessKeyId"], creds["SecretAccessKey"],
                          creds["SessionToken"])
    assert session.get_user()["User"]["Arn"] == user["arn"]
    with pytest.raises(ClientError) as e:
        make_client("sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                    creds["SessionToken"]).get_session_token()
    assert error(e) == ("AccessDenied", "Cannot call GetSessionToken with session credentials",
                        403)


@pytest.mark.parametrize("aws", ["aws", "/usr/bin/aws"])
def test_the_aws_cli_with_a_users_keys(iam, server, user, account, aws):
    iam.put_user_policy(UserName=user["name"], PolicyName="p",
                        PolicyDocument=policy(allow("iam:GetUser")))
    env = dict(os.environ, AWS_ACCESS_KEY_ID=user["key"], AWS_SECRET_ACCESS_KEY=user["secret"],
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    base = [aws, "--endpoint-url", server.endpoint, "--output", "json", "iam"]
    ok = subprocess.run(base + ["get-user"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["User"]["Arn"] == user["arn"]
    denied = subprocess.run(base + ["list-users"], env=env, capture_output=True, text=True)
    assert denied.returncode != 0
    assert "(AccessDenied)" in denied.stderr
    assert implicit(user["arn"], "iam:ListUsers",
                    "arn:aws:iam::%s:user/" % account) in denied.stderr


def test_trust_policy_condition_on_external_id(iam, make_client, user):
    n = name("role")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": user["arn"]}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "shared-secret"}}}]}
    arn = iam.create_role(RoleName=n, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    try:
        sts = as_user(make_client, user, "sts")
        with pytest.raises(ClientError) as e:
            sts.assume_role(RoleArn=arn, RoleSessionName="s1")
        assert error(e)[0] == "AccessDenied"
        with pytest.raises(ClientError):
            sts.assume_role(RoleArn=arn, RoleSessionName="s1", ExternalId="wrong-one")
        assert sts.assume_role(RoleArn=arn, RoleSessionName="s1",
                               ExternalId="shared-secret")["Credentials"]
    finally:
        iam.delete_role(RoleName=n)
