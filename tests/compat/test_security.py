"""The security review's checks (docs/security.md), against real servers with real clients:

- no endpoint but the health check, the console's static page and bundle, and the one-time
  sign-in link answers without credentials, and none of those carries account data;
- unsigned, badly signed, tampered, mis-scoped and expired requests to every service are
  refused with AWS's code and carry no data;
- the console cannot be framed, its cookie is HttpOnly and SameSite=Strict, and changes need
  the session's CSRF header;
- custom-resource response URLs are capabilities: an altered or reused token is refused;
- no secret (keys, session tokens, console tokens, the metrics token, the server key) appears
  in the server's output at log level trace, in RocksDB's log, or in a function's logs;
- S3 keys and log names with "..", slashes and odd bytes are names, never paths; zips with
  escaping entries or symbolic links are refused;
- functions get only their own environment.

Findings (functions reading the data directory, iam:PassRole, the data directory's modes) are
written up in docs/security.md with their reproduction and their fix, each pinned by a test
below."""
import base64
import datetime
import json
import os
import re
import secrets
import stat
import urllib.parse
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from console_client import Console, ConsoleError
from freshet_server import FreshetServer, wait_for
from mappings_helpers import TRUST, functions_run_root, zip_of
from security_helpers import (FORM, J10, J11, Raw, error_code, files_named, marker,
                              tamper_signature, tree)
from stacks_helpers import failure_reasons, stack_name, wait_stack

REGION = "us-east-1"


def client(endpoint, service, key, secret, token=None):
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"max_attempts": 1}))


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*"):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def host_of(server):
    return "127.0.0.1:%d" % server.port


# --- every service refuses requests without a valid signature -----------------------------

@pytest.fixture(scope="module")
def data(make_client, server):
    """One resource per service on the shared server, with a value that only an answer with
    data would carry (the account id in ARNs, an object's body, a function's variable)."""
    m = marker("data")
    account = make_client("sts").get_caller_identity()["Account"]
    make_client("kinesis").create_stream(StreamName=m, ShardCount=1)
    make_client("dynamodb").create_table(
        TableName=m, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    make_client("logs").create_log_group(logGroupName=m)
    iam = make_client("iam")
    iam.create_user(UserName=m)
    role = iam.create_role(RoleName=m, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    make_client("lambda").create_function(
        FunctionName=m, Runtime="python3.11", Role=role, Handler="app.handler",
        Code={"ZipFile": zip_of({"app.py": "def handler(e, c):\n    return 1\n"})},
        Environment={"Variables": {"SECRET_VALUE": m + "-env"}})
    s3 = make_client("s3")
    s3.create_bucket(Bucket=m)
    s3.put_object(Bucket=m, Key="k", Body=(m + "-body").encode())
    cfn = make_client("cloudformation")
    cfn.create_stack(StackName=m, TemplateBody=json.dumps(
        {"Resources": {"G": {"Type": "AWS::Logs::LogGroup",
                             "Properties": {"LogGroupName": m + "-stack"}}}}))
    assert wait_stack(cfn, m)["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, m)
    return {"marker": m, "account": account}


def service_requests(server, m):
    """A read of each service's data, as the wire carries it: (signing name, request)."""
    host = host_of(server)
    vhost = "%s.s3.localhost:%d" % (m, server.port)
    return {
        "kinesis": ("kinesis", Raw("POST", host, "/", body=json.dumps({"StreamName": m}), headers={
            "Content-Type": J11, "X-Amz-Target": "Kinesis_20131202.DescribeStreamSummary"})),
        "dynamodb": ("dynamodb", Raw("POST", host, "/", body=json.dumps({"TableName": m}),
                                     headers={"Content-Type": J10,
                                              "X-Amz-Target": "DynamoDB_20120810.DescribeTable"})),
        "dynamodbstreams": ("dynamodb", Raw(
            "POST", host, "/", body=json.dumps({"TableName": m}),
            headers={"Content-Type": J10, "X-Amz-Target": "DynamoDBStreams_20120810.ListStreams"})),
        "logs": ("logs", Raw("POST", host, "/", body=json.dumps({"logGroupNamePrefix": m}),
                             headers={"Content-Type": J11,
                                      "X-Amz-Target": "Logs_20140328.DescribeLogGroups"})),
        "lambda": ("lambda", Raw("GET", host, "/2015-03-31/functions/%s" % m)),
        "iam": ("iam", Raw("POST", host, "/", body="Action=GetUser&Version=2010-05-08&UserName="
                           + m, headers={"Content-Type": FORM})),
        "sts": ("sts", Raw("POST", host, "/", body="Action=GetCallerIdentity&Version=2011-06-15",
                           headers={"Content-Type": FORM})),
        "cloudformation": ("cloudformation", Raw(
            "POST", host, "/", body="Action=DescribeStacks&Version=2010-05-15&StackName=" + m,
            headers={"Content-Type": FORM})),
        "s3-path": ("s3", Raw("GET", host, "/%s/k" % m)),
        "s3-virtual-host": ("s3", Raw("GET", vhost, "/k")),
    }


JSON_SERVICE = {"unsigned": (400, "MissingAuthenticationTokenException"),
                "unknown key": (400, "UnrecognizedClientException"),
                "wrong secret": (400, "InvalidSignatureException"),
                "tampered signature": (400, "InvalidSignatureException"),
                "another service's scope": (400, "InvalidSignatureException"),
                "expired signature": (400, "InvalidSignatureException")}
QUERY_SERVICE = {"unsigned": (403, "MissingAuthenticationToken"),
                 "unknown key": (403, "InvalidClientTokenId"),
                 "wrong secret": (403, "SignatureDoesNotMatch"),
                 "tampered signature": (403, "SignatureDoesNotMatch"),
                 # The query protocol names its service only in the scope: signed for Kinesis,
                 # the action is not one of Kinesis's.
                 "another service's scope": (400, "InvalidAction"),
                 "expired signature": (403, "SignatureDoesNotMatch")}
S3 = {"unknown key": (403, "InvalidAccessKeyId"),
      "wrong secret": (403, "SignatureDoesNotMatch"),
      "tampered signature": (403, "SignatureDoesNotMatch"),
      # Signed for Kinesis, the request is not S3's; no REST-JSON operation has its path.
      "another service's scope": (400, "UnknownOperationException"),
      "expired signature": (403, "RequestTimeTooSkewed")}
EXPECTED = {
    "kinesis": JSON_SERVICE, "dynamodb": JSON_SERVICE, "dynamodbstreams": JSON_SERVICE,
    "logs": JSON_SERVICE,
    "lambda": {"unsigned": (403, "MissingAuthenticationTokenException"),
               "unknown key": (403, "UnrecognizedClientException"),
               "wrong secret": (403, "InvalidSignatureException"),
               "tampered signature": (403, "InvalidSignatureException"),
               "another service's scope": (403, "InvalidSignatureException"),
               "expired signature": (403, "InvalidSignatureException")},
    "iam": QUERY_SERVICE, "sts": QUERY_SERVICE, "cloudformation": QUERY_SERVICE,
    # Unsigned and path-style, nothing says the request is S3's: no REST-JSON operation (Lambda)
    # has its path either (S3 would answer AccessDenied).
    "s3-path": dict(S3, unsigned=(400, "UnknownOperationException")),
    "s3-virtual-host": dict(S3, unsigned=(403, "AccessDenied")),
}
MODES = list(JSON_SERVICE)


def headers_for(mode, service, req, root_keys):
    key, secret = root_keys
    if mode == "unsigned":
        return dict(req.headers)
    if mode == "unknown key":
        return req.signed_headers("AKIAIOSFODNN7EXAMPLE", secret, service)
    if mode == "wrong secret":
        return req.signed_headers(key, "x" * 40, service)
    if mode == "tampered signature":
        return tamper_signature(req.signed_headers(key, secret, service))
    if mode == "another service's scope":
        return req.signed_headers(key, secret, "dynamodb" if service == "kinesis" else "kinesis")
    if mode == "expired signature":
        when = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        return req.signed_headers(key, secret, service, when=when)
    raise AssertionError(mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_requests_without_a_valid_signature_are_refused_without_data(server, root_keys, data,
                                                                     name, mode):
    service, req = service_requests(server, data["marker"])[name]
    # The same request, signed properly, answers the data: the refusal below is the signature's.
    status, _, body = req.send(server.port, req.signed_headers(*root_keys, service))
    assert status == 200, body
    assert data["account"].encode() in body or (data["marker"] + "-").encode() in body

    status, headers, body = req.send(server.port, headers_for(mode, service, req, root_keys))
    assert (status, error_code(headers, body)) == EXPECTED[name][mode], body
    # A signature error may quote the request (Lambda's gives the canonical request, with the
    # function's name in the path), never what the request would have read.
    assert data["account"].encode() not in body
    assert (data["marker"] + "-").encode() not in body


@pytest.mark.parametrize("name", ["sts", "lambda", "s3-path"])
def test_presigned_queries_with_a_wrong_signature_are_refused(server, root_keys, data, name):
    service, req = service_requests(server, data["marker"])[name]
    if req.method == "POST":  # the query protocol also takes its parameters in the URL
        req = Raw("GET", req.host, "/", query=req.body.decode())
    good = req.presigned_target(*root_keys, service)
    status, _, body = req.send(server.port, headers={}, target=good)
    assert status == 200, body
    bad = re.sub(r"(X-Amz-Signature=[0-9a-f]*)[0-9a-f]",
                 lambda mo: mo.group(1) + "0" if not mo.group(0).endswith("0") else
                 mo.group(1) + "1", good)
    assert bad != good
    status, headers, body = req.send(server.port, headers={}, target=bad)
    assert status == 403, body
    assert error_code(headers, body) in ("SignatureDoesNotMatch", "InvalidSignatureException")
    assert data["account"].encode() not in body
    assert (data["marker"] + "-").encode() not in body


def test_temporary_credentials_without_their_session_token_are_refused(server, make_client):
    """Expiry itself cannot be waited for here (AssumeRole's shortest session is 900 s): see
    src/iam/tests/iam_store_test.cc ExpiredTemporaryCredentialsAreRefused (ManualClock)."""
    iam = make_client("iam")
    user = marker("tmpuser")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=policy(
        allow("sts:GetCallerIdentity")))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    creds = client(server.endpoint, "sts", key["AccessKeyId"], key["SecretAccessKey"]) \
        .get_session_token(DurationSeconds=900)["Credentials"]
    ok = client(server.endpoint, "sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                creds["SessionToken"])
    assert ok.get_caller_identity()["Arn"].endswith(":user/" + user)
    for token in (None, creds["SessionToken"][:-4] + "AAAA"):
        with pytest.raises(ClientError) as e:
            client(server.endpoint, "sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                   token).get_caller_identity()
        assert e.value.response["Error"]["Code"] == "InvalidClientTokenId"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    # The console takes the same three parts.
    c = Console(server.endpoint)
    with pytest.raises(ConsoleError) as e:
        c.sign_in(creds["AccessKeyId"], creds["SecretAccessKey"])
    assert (e.value.status, e.value.code) == (403, "InvalidClientTokenId")


# --- what answers without credentials ------------------------------------------------------

def test_only_health_and_the_console_files_answer_without_credentials(server, root_keys, data):
    port, host = server.port, host_of(server)
    secret_bits = [data["account"], root_keys[0], root_keys[1]]

    def get(path, method="GET", body=b"", headers=None):
        return Raw(method, host, path, body=body, headers=headers).send(port)

    # These answer, and carry nothing of the account.
    for path in ("/_freshet/health", "/_console/", "/_console/index.html",
                 "/_console/assets/app.js", "/_console/assets/app.css"):
        status, _, body = get(path)
        assert status == 200, path
        for bit in secret_bits:
            assert bit.encode() not in body, (path, bit)
    status, headers, body = get("/_console/signin?token=" + "0" * 64)
    assert (status, headers["location"]) == (303, "/_console/?signin=expired")
    assert "set-cookie" not in headers and body == b""
    status, headers, _ = get("/_console")
    assert (status, headers["location"]) == (303, "/_console/")

    # Everything else is refused: (method, path, body, headers) -> (status, code).
    refused = [
        ("GET", "/metrics", b"", {}, 401, None),
        ("GET", "/metrics", b"", {"Authorization": "Bearer " + "0" * 64}, 401, None),
        ("GET", "/_console/api/session", b"", {}, 401, "NotSignedIn"),
        ("POST", "/_console/api/call", b'{"service": "sts", "action": "GetCallerIdentity"}',
         {"Content-Type": "application/json"}, 401, "NotSignedIn"),
        ("DELETE", "/_console/api/session", b"", {}, 401, "NotSignedIn"),
        ("GET", "/_console/api/session", b"",
         {"Cookie": "freshet_console=" + "0" * 64}, 401, "NotSignedIn"),
        ("GET", "/_console/assets/../../credentials", b"", {}, 404, "NotFound"),
        ("PUT", "/_freshet/cfn-response/" + secrets.token_hex(24), b"{}", {}, 404, None),
        ("GET", "/_freshet/cfn-response/" + secrets.token_hex(24), b"", {}, 400,
         "UnknownOperationException"),
        ("POST", "/_freshet/health", b"", {}, 400, "UnknownOperationException"),
        ("GET", "/nothing/here", b"", {}, 400, "UnknownOperationException"),
        ("GET", "/", b"", {}, 400, "UnknownOperationException"),
        ("POST", "/", b"{}", {"Content-Type": J11, "X-Amz-Target": "Nope_20200101.Op"}, 400,
         "UnknownOperationException"),
    ]
    for method, path, body, headers, want_status, want_code in refused:
        status, h, text = get(path, method, body, headers)
        assert status == want_status, (method, path, status, text)
        if want_code:
            assert error_code(h, text) == want_code, (method, path, text)
        for bit in secret_bits:
            assert bit.encode() not in text, (method, path, bit)


def test_the_console_cookie_does_not_authenticate_aws_requests(server, root_keys, data):
    c = Console(server.endpoint)
    c.sign_in(*root_keys)
    _, req = service_requests(server, data["marker"])["kinesis"]
    status, headers, body = req.send(server.port, dict(req.headers, Cookie=c.cookie))
    assert (status, error_code(headers, body)) == (400, "MissingAuthenticationTokenException")
    assert data["account"].encode() not in body


CUSTOM_RECORDER = """
import json, os, urllib.request

def handler(event, context):
    if event["RequestType"] == "Create":
        # Leaves the answer to the test, which reads the request from this file.
        with open(event["ResourceProperties"]["Out"] + ".tmp", "w") as f:
            json.dump(event, f)
        os.rename(event["ResourceProperties"]["Out"] + ".tmp", event["ResourceProperties"]["Out"])
        return
    body = json.dumps({"Status": "SUCCESS", "PhysicalResourceId": event["PhysicalResourceId"],
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"]}).encode()
    urllib.request.urlopen(urllib.request.Request(event["ResponseURL"], data=body, method="PUT"))
"""


def test_custom_resource_response_urls_are_unguessable_and_single_use(server, make_client,
                                                                      tmp_path):
    iam, lam, cfn = make_client("iam"), make_client("lambda"), make_client("cloudformation")
    role = iam.create_role(RoleName=marker("cr"), AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    fn = lam.create_function(FunctionName=marker("cr"), Runtime="python3.11", Role=role,
                             Handler="app.handler",
                             Code={"ZipFile": zip_of({"app.py": CUSTOM_RECORDER})})
    out = tmp_path / "request.json"
    name = stack_name("cr")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps({"Resources": {"R": {
        "Type": "Custom::Recorder",
        "Properties": {"ServiceToken": fn["FunctionArn"], "Out": str(out)}}}}))
    wait_for(out.exists, timeout=60)
    event = json.loads(out.read_text())
    url = event["ResponseURL"]
    prefix = server.endpoint + "/_freshet/cfn-response/"
    assert url.startswith(prefix)
    token = url[len(prefix):]
    assert re.fullmatch(r"[0-9a-f]{48}", token), url  # 192 random bits
    path = urllib.parse.urlparse(url).path
    ids = {k: event[k] for k in ("StackId", "RequestId", "LogicalResourceId")}
    answer = json.dumps(dict(ids, Status="SUCCESS", PhysicalResourceId="forged")).encode()
    host = host_of(server)
    for wrong in (path[:-1] + ("0" if path[-1] != "0" else "1"), path[:-8], prefix[len(
            server.endpoint):], path + "0"):
        status, _, _ = Raw("PUT", host, wrong, body=answer).send(server.port)
        assert status == 404, wrong
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"
    real = json.dumps(dict(ids, Status="SUCCESS", PhysicalResourceId="recorded")).encode()
    status, _, _ = Raw("PUT", host, path, body=real).send(server.port)
    assert status == 200
    assert wait_stack(cfn, name)["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    resource = cfn.describe_stack_resource(StackName=name, LogicalResourceId="R")
    assert resource["StackResourceDetail"]["PhysicalResourceId"] == "recorded"
    status, _, _ = Raw("PUT", host, path, body=real).send(server.port)
    assert status == 404  # used once
    cfn.delete_stack(StackName=name)
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"


# --- the console ----------------------------------------------------------------------------
# Covered in test_console.py: sign-in errors, IAM through /api/call, a wrong or empty CSRF
# header (403 InvalidCsrfToken), a form post with the token (415), sign-out and a deleted key
# ending the session, the one-time root link.

def assert_not_frameable(headers, where):
    assert headers.get("x-frame-options") == "DENY", where
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, where
    assert headers.get("x-content-type-options") == "nosniff", where


def test_console_pages_cannot_be_framed(server, root_keys):
    host, port = host_of(server), server.port
    c = Console(server.endpoint)
    c.sign_in(*root_keys)
    for method, path, cookie in [
            ("GET", "/_console/", None), ("GET", "/_console/index.html", None),
            ("GET", "/_console/assets/app.js", None), ("GET", "/_console/assets/app.css", None),
            ("GET", "/_console/signin?token=x", None), ("GET", "/_console/nothing", None),
            ("GET", "/_console/api/session", None), ("GET", "/_console/api/session", c.cookie)]:
        headers = {"Cookie": cookie} if cookie else {}
        _, h, _ = Raw(method, host, path, headers=headers).send(port)
        assert_not_frameable(h, path)
    status, h, _ = Raw("GET", host, "/_console/api/session",
                       headers={"Cookie": c.cookie}).send(port)
    assert status == 200 and h.get("cache-control") == "no-store"


def cookie_attributes(set_cookie):
    parts = [p.strip() for p in set_cookie.split(";")]
    return parts[0].split("=", 1), {p.split("=")[0].lower(): p for p in parts[1:]}


def test_session_cookie_is_httponly_and_samesite_strict(server, root_keys):
    c = Console(server.endpoint)
    status, _, headers = c.request("POST", "/_console/api/session", {
        "accessKeyId": root_keys[0], "secretAccessKey": root_keys[1]}, raw=True)
    assert status == 200
    (name, value), attrs = cookie_attributes(headers["Set-Cookie"])
    assert name == "freshet_console" and re.fullmatch(r"[0-9a-f]{64}", value)
    assert "httponly" in attrs and attrs["samesite"].lower() == "samesite=strict"
    assert attrs["path"] == "Path=/"


def test_the_root_link_sets_the_same_cookie(tmp_path):
    own = FreshetServer(data_dir=str(tmp_path / "data")).start()
    try:
        line = [l for l in own.output if l.startswith("Console: ")][0]
        path = re.search(r"http://[^ ]+", line).group(0)[len(own.endpoint):]
        status, headers, _ = Raw("GET", host_of(own), path).send(own.port)
        assert (status, headers["location"]) == (303, "/_console/")
        assert_not_frameable(headers, path)
        (name, value), attrs = cookie_attributes(headers["set-cookie"])
        assert name == "freshet_console" and re.fullmatch(r"[0-9a-f]{64}", value)
        assert "httponly" in attrs and attrs["samesite"].lower() == "samesite=strict"
    finally:
        assert own.stop() == 0
        own.cleanup()


def test_changes_without_the_csrf_header_are_refused(server, root_keys, make_client):
    c = Console(server.endpoint)
    c.sign_in(*root_keys)
    other = Console(server.endpoint)
    other.sign_in(*root_keys)
    stream = marker("csrf")
    call = json.dumps({"service": "kinesis", "action": "CreateStream",
                       "input": {"StreamName": stream, "ShardCount": 1}})
    host, port = host_of(server), server.port
    attempts = [
        # A page's fetch() without the header.
        ({"Content-Type": "application/json"}, call),
        # What a cross-site <form> can send: its three content types, no custom header.
        ({"Content-Type": "text/plain"}, call),
        ({"Content-Type": FORM}, "service=kinesis&action=CreateStream"),
        ({"Content-Type": "multipart/form-data; boundary=x"}, "--x--"),
        # Another session's token.
        ({"Content-Type": "application/json", "X-Freshet-Csrf": other.csrf}, call),
    ]
    for headers, body in attempts:
        status, h, text = Raw("POST", host, "/_console/api/call", body=body,
                              headers=dict(headers, Cookie=c.cookie)).send(port)
        assert (status, error_code(h, text)) == (403, "InvalidCsrfToken"), headers
    assert stream not in make_client("kinesis").list_streams(Limit=10000)["StreamNames"]
    # Sign-out needs it too; the session survives the attempt.
    status, h, text = Raw("DELETE", host, "/_console/api/session",
                          headers={"Cookie": c.cookie}).send(port)
    assert (status, error_code(h, text)) == (403, "InvalidCsrfToken")
    assert c.request("GET", "/_console/api/session")["principal"]["type"] == "Root"
    # Sign-in is JSON only, so a cross-site form cannot sign a browser in (login CSRF).
    status, h, _ = Raw("POST", host, "/_console/api/session",
                       body="accessKeyId=%s&secretAccessKey=%s" % root_keys,
                       headers={"Content-Type": FORM}).send(port)
    assert status == 415 and "set-cookie" not in h


# --- secrets never appear in logs ------------------------------------------------------------

LEAKY_FUNCTION = """
import json, os, boto3

def handler(event, context):
    print("hello from the function")
    who = boto3.client("sts").get_caller_identity()["Arn"]
    print("running as", who)
    # Returned, never printed: the platform must not log it either.
    return {"key": os.environ["AWS_ACCESS_KEY_ID"], "secret": os.environ["AWS_SECRET_ACCESS_KEY"],
            "token": os.environ["AWS_SESSION_TOKEN"], "who": who}
"""


def exercise_everything(s, root_key, root_secret):
    """Root, an IAM user, AssumeRole, GetSessionToken, the console and a function with
    credentials: returns every secret that went over the wire."""
    found = {"root secret": root_secret}
    mk = lambda svc, *k: client(s.endpoint, svc, *(k or (root_key, root_secret)))  # noqa: E731
    account = mk("sts").get_caller_identity()["Account"]
    mk("kinesis").list_streams()
    iam = mk("iam")
    iam.create_user(UserName="logger")
    iam.put_user_policy(UserName="logger", PolicyName="p", PolicyDocument=policy(
        allow(["sts:GetCallerIdentity", "kinesis:ListStreams", "sts:AssumeRole"])))
    key = iam.create_access_key(UserName="logger")["AccessKey"]
    found["user secret"] = key["SecretAccessKey"]
    user = (key["AccessKeyId"], key["SecretAccessKey"])
    mk("kinesis", *user).list_streams()
    with pytest.raises(ClientError):
        mk("iam", *user).list_users()  # a denial, with its message
    with pytest.raises(ClientError):
        mk("sts", key["AccessKeyId"], "not-the-secret-" + "x" * 25).get_caller_identity()
    role = iam.create_role(RoleName="logged", AssumeRolePolicyDocument=policy(
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:user/logger" % account},
         "Action": "sts:AssumeRole"}))["Role"]["Arn"]
    iam.put_role_policy(RoleName="logged", PolicyName="p",
                        PolicyDocument=policy(allow("sts:GetCallerIdentity")))
    assumed = mk("sts", *user).assume_role(RoleArn=role, RoleSessionName="logged",
                                           DurationSeconds=900)["Credentials"]
    session = mk("sts", *user).get_session_token(DurationSeconds=900)["Credentials"]
    for name, c in (("assumed", assumed), ("session", session)):
        found[name + " secret"] = c["SecretAccessKey"]
        found[name + " token"] = c["SessionToken"]
        client(s.endpoint, "sts", c["AccessKeyId"], c["SecretAccessKey"],
               c["SessionToken"]).get_caller_identity()

    for who, keys in (("root", (root_key, root_secret)), ("user", user)):
        c = Console(s.endpoint)
        c.sign_in(*keys)
        c.call("sts", "GetCallerIdentity")
        found["console %s session" % who] = c.cookie.split("=", 1)[1]
        found["console %s csrf" % who] = c.csrf
    attempted = "wrong-console-secret-" + secrets.token_hex(10)
    with pytest.raises(ConsoleError):
        Console(s.endpoint).sign_in(root_key, attempted)
    found["attempted console secret"] = attempted

    metrics_token = open(os.path.join(s.data_dir, "metrics-token")).read().strip()
    found["metrics token"] = metrics_token
    status, _, _ = Raw("GET", host_of(s), "/metrics",
                       headers={"Authorization": "Bearer " + metrics_token}).send(s.port)
    assert status == 200
    server_key = open(os.path.join(s.data_dir, "server.key"), "rb").read()
    found["server key (hex)"] = server_key.hex()
    found["server key (base64)"] = base64.b64encode(server_key).decode()

    fn_role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="fn", PolicyName="p",
                        PolicyDocument=policy(allow("sts:GetCallerIdentity")))
    lam = mk("lambda")
    lam.create_function(FunctionName="leaky", Runtime="python3.11", Role=fn_role,
                        Handler="app.handler", Code={"ZipFile": zip_of({"app.py": LEAKY_FUNCTION})},
                        Environment={"Variables": {"PLAIN": "visible"}})
    r = lam.invoke(FunctionName="leaky", Payload=b"{}", LogType="Tail")
    assert "FunctionError" not in r, r["Payload"].read()
    out = json.loads(r["Payload"].read())
    assert ":assumed-role/fn/" in out["who"]
    found["function secret"] = out["secret"]
    found["function token"] = out["token"]
    tail = base64.b64decode(r["LogResult"]).decode()
    assert "hello from the function" in tail
    env = lam.get_function_configuration(FunctionName="leaky")["Environment"]["Variables"]
    assert env == {"PLAIN": "visible"}  # the platform's variables are not configuration
    return found, tail


def function_log_messages(s, root_key, root_secret):
    logs = client(s.endpoint, "logs", root_key, root_secret)

    def messages():
        return [e["message"] for e in logs.filter_log_events(
            logGroupName="/aws/lambda/leaky")["events"]]
    wait_for(lambda: any(m.startswith("REPORT ") for m in messages()), timeout=30)
    got = messages()
    assert "hello from the function" in got
    return got


@pytest.mark.parametrize("root_keys_from", ["data directory", "environment"])
def test_no_secret_appears_in_logs(tmp_path, root_keys_from):
    env = {}
    if root_keys_from == "environment":
        env = {"FRESHET_ROOT_ACCESS_KEY_ID": "AKIA" + "".join(
                   secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
               "FRESHET_ROOT_SECRET_ACCESS_KEY": secrets.token_urlsafe(30)[:40]}
    s = FreshetServer(data_dir=str(tmp_path / "data"), extra_args=["--log-level", "trace"],
                      env=env).start()
    try:
        root_key, root_secret = s.root_credentials()
        found, tail = exercise_everything(s, root_key, root_secret)
        log_messages = function_log_messages(s, root_key, root_secret)
    finally:
        code = s.stop()
    rocksdb_logs = ""
    db = os.path.join(s.data_dir, "db")
    for name in os.listdir(db):
        if name.startswith("LOG"):
            with open(os.path.join(db, name), errors="replace") as f:
                rocksdb_logs += f.read()
    output = "".join(s.output)
    s.cleanup()
    assert code == 0, output
    assert "Ready." in output and "stopped cleanly" in output
    assert rocksdb_logs
    for what, value in found.items():
        assert len(value) >= 16, what
        assert value not in output, "%s in the server's output" % what
        assert value not in rocksdb_logs, "%s in RocksDB's LOG" % what
        assert value not in tail, "%s in the invocation's log tail" % what
        assert not [m for m in log_messages if value in m], "%s in the function's logs" % what


# --- names are never paths -----------------------------------------------------------------

@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """A server of this module's own, so that its data directory holds only what the tests
    below put there; the root keys come from its environment (as a user could set them)."""
    env = {"FRESHET_ROOT_ACCESS_KEY_ID": "AKIA" + uuid.uuid4().hex[:16].upper(),
           "FRESHET_ROOT_SECRET_ACCESS_KEY": secrets.token_hex(20),
           "FRESHET_SECURITY_CANARY": marker("canary")}
    s = FreshetServer(data_dir=str(tmp_path_factory.mktemp("own") / "data"), env=env).start()
    yield s
    code = s.stop()
    s.cleanup()
    assert code == 0, "".join(s.output)


def own_client(own, service):
    return client(own.endpoint, service, *own.root_credentials())


def escapes(base_dirs, name, needle):
    """Where a name used as a relative path from any of base_dirs would create a file named
    after needle."""
    paths = {os.path.normpath(os.path.join(b, name.replace("\\", "/"))) for b in base_dirs}
    return {p for p in paths if needle in os.path.basename(p)}


ODD_KEYS = ["../../etc/passwd", "a/../../b", "..", ".", "./x", "/abs", "//double", "a//b",
            "a/./b", "%2e%2e%2f%2e%2e%2fenc", "..\\..\\win", "k\x01\x1f\x7f", "tab\there",
            "\u00e9/../\u00fc", "\ufeffbom", "sp ace/+plus"]


def test_odd_s3_keys_are_names_not_paths(own):
    s3 = own_client(own, "s3")
    m = marker("trav")
    bucket = m
    s3.create_bucket(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="../../etc/passwd")  # never read from the disk
    assert e.value.response["Error"]["Code"] == "NoSuchKey"
    before = tree(own.data_dir)
    keys = ODD_KEYS + ["../../" + m, "../" * 12 + "tmp/" + m, m + "/../../../..",
                       "../" * 3 + m + "/x"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=("body of " + key).encode())
    for key in keys:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == (
            "body of " + key).encode(), repr(key)
    listed = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
              for o in p.get("Contents", [])]
    assert sorted(listed) == sorted(keys)

    # Virtual-host style with the dot segments on the wire as they are.
    vhost = Raw("GET", "%s.s3.localhost:%d" % (bucket, own.port), "/../../etc/passwd")
    status, _, body = vhost.send(own.port, vhost.signed_headers(*own.root_credentials(), "s3"))
    assert (status, body) == (200, b"body of ../../etc/passwd")

    # Nothing new in the data directory outside RocksDB's folder, no file named after a key
    # anywhere a key could have been taken as a path from.
    assert tree(own.data_dir) == before
    assert files_named(own.data_dir, m) == []
    bases = [own.data_dir, os.path.join(own.data_dir, "db"), os.getcwd(), "/tmp",
             os.path.join(own.data_dir, bucket)]
    for key in keys:
        for path in escapes(bases, key, m):
            assert not os.path.lexists(path), path
    assert not os.path.lexists("/tmp/" + m) and not os.path.lexists("/" + m)


def test_log_names_with_dot_segments_are_names_not_paths(own):
    logs = own_client(own, "logs")
    m = marker("logtrav")
    before = tree(own.data_dir)
    groups = ["../../" + m, "/../" * 5 + m, "./" + m + "/..", m + "/../../.."]
    streams = ["../../" + m, "..", ".", "/" + m, "..\\..\\" + m, "a/../../" + m]
    for g in groups:
        logs.create_log_group(logGroupName=g)
        for i, st in enumerate(streams):
            logs.create_log_stream(logGroupName=g, logStreamName=st)
            logs.put_log_events(logGroupName=g, logStreamName=st, logEvents=[
                {"timestamp": int(datetime.datetime.now().timestamp() * 1000),
                 "message": "%s %d" % (g, i)}])
    for g in groups:
        names = [s["logStreamName"] for s in logs.describe_log_streams(
            logGroupName=g)["logStreams"]]
        assert sorted(names) == sorted(streams)
        for i, st in enumerate(streams):
            events = logs.get_log_events(logGroupName=g, logStreamName=st,
                                         startFromHead=True)["events"]
            assert [e["message"] for e in events] == ["%s %d" % (g, i)]
    listed = [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]
    assert set(groups) <= set(listed)
    assert tree(own.data_dir) == before
    assert files_named(own.data_dir, m) == []
    bases = [own.data_dir, os.path.join(own.data_dir, "db"), os.getcwd(), "/tmp"]
    for name in groups + streams:
        for path in escapes(bases, name, m):
            assert not os.path.lexists(path), path


@pytest.fixture(scope="module")
def fn_role(own):
    iam = own_client(own, "iam")
    return iam.create_role(RoleName=marker("fn"), AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def symlink_zip(name, target):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(e, c):\n    return 1\n")
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, target)
    return buf.getvalue()


def test_zips_with_escaping_entries_or_links_are_refused(own, fn_role):
    """More shapes than test_functions.py's "../escape.js" and code_test.cc's zip-slip and
    symlink cases: absolute, nested "..", backslashes, links to files and folders, and the
    same through UpdateFunctionCode."""
    lam = own_client(own, "lambda")
    m = marker("zip")
    ok = "def handler(e, c):\n    return 'original'\n"
    bad = {
        "parent": zip_of({"app.py": ok, "../%s.py" % m: "x"}),
        "nested": zip_of({"app.py": ok, "a/../../%s.py" % m: "x"}),
        "deep": zip_of({"app.py": ok, "../" * 12 + "tmp/%s.py" % m: "x"}),
        "absolute": zip_of({"app.py": ok, "/tmp/%s.py" % m: "x"}),
        "backslash": zip_of({"app.py": ok, "..\\%s.py" % m: "x"}),
        "link to a file": symlink_zip(m, "/etc/passwd"),
        "link to the data directory": symlink_zip(m, "../../.."),
    }
    message = "Could not unzip uploaded file. Please check your file, then try to upload again."
    for i, (what, zipped) in enumerate(bad.items()):
        with pytest.raises(ClientError) as e:
            lam.create_function(FunctionName="%s-%d" % (m, i), Runtime="python3.11",
                                Role=fn_role, Handler="app.handler", Code={"ZipFile": zipped})
        err = e.value.response["Error"]
        assert (err["Code"], err["Message"]) == ("InvalidParameterValueException", message), what
    name = m + "-ok"
    lam.create_function(FunctionName=name, Runtime="python3.11", Role=fn_role,
                        Handler="app.handler", Code={"ZipFile": zip_of({"app.py": ok})})
    for what, zipped in bad.items():
        with pytest.raises(ClientError) as e:
            lam.update_function_code(FunctionName=name, ZipFile=zipped)
        assert e.value.response["Error"]["Code"] == "InvalidParameterValueException", what
    assert json.loads(lam.invoke(FunctionName=name)["Payload"].read()) == "original"
    assert files_named(own.data_dir, m) == []
    assert not os.path.lexists("/tmp/%s.py" % m)
    code_root = os.path.join(own.data_dir, "functions", "code")
    for d in os.listdir(code_root):
        for dirpath, _, filenames in os.walk(os.path.join(code_root, d)):
            for f in filenames:
                assert not os.path.islink(os.path.join(dirpath, f))


# --- what a function can reach -----------------------------------------------------------------

PROBE = """
import json, os

def handler(event, context):
    seen = {}
    for path in event["paths"]:
        try:
            with open(path, "rb") as f:
                seen[path] = f.read(4096).decode("latin-1")
        except OSError as e:
            seen[path] = None
    return {"seen": seen, "environ": dict(os.environ)}
"""


def probe(own, fn_role, paths):
    lam = own_client(own, "lambda")
    name = marker("probe")
    lam.create_function(FunctionName=name, Runtime="python3.11", Role=fn_role,
                        Handler="app.handler", Code={"ZipFile": zip_of({"app.py": PROBE})})
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"paths": paths}))
    assert "FunctionError" not in r, r["Payload"].read()
    return json.loads(r["Payload"].read())


def test_functions_get_only_their_own_environment(own, fn_role):
    got = probe(own, fn_role, [])["environ"]
    canary = own.env["FRESHET_SECURITY_CANARY"]
    root_secret = own.env["FRESHET_ROOT_SECRET_ACCESS_KEY"]
    assert not [k for k, v in got.items() if canary in v or root_secret in v]
    assert not [k for k in got if k.startswith("FRESHET_")]
    assert got["AWS_ACCESS_KEY_ID"].startswith("ASIA")  # the role's, not the root's
    assert got["AWS_ACCESS_KEY_ID"] != own.env["FRESHET_ROOT_ACCESS_KEY_ID"]


def test_functions_cannot_read_the_data_directory_or_the_server(own, fn_role):
    """F1, fixed for a server running as root (functions run as users of their own)."""
    if os.geteuid() != 0:
        pytest.skip("F1 stays open for a server that does not run as root")
    lam = own_client(own, "lambda")
    other = marker("other")
    lam.create_function(FunctionName=other, Runtime="python3.11", Role=fn_role,
                        Handler="app.handler",
                        Code={"ZipFile": zip_of({"app.py": "TOP_SECRET = 1\n"
                                                 "def handler(e, c):\n    return 1\n"})})
    lam.invoke(FunctionName=other)  # its own copy of its code is made for its first environment
    secret_code = []
    for root in (os.path.join(own.data_dir, "functions", "code"),
                 functions_run_root(own.data_dir)):
        for dirpath, _, files in os.walk(root):
            secret_code += [os.path.join(dirpath, f) for f in files if f == "app.py" and
                            "TOP_SECRET" in open(os.path.join(dirpath, f)).read()]
    assert len(secret_code) == 2  # the unpacked code and the other function's copy
    paths = [os.path.join(own.data_dir, f) for f in
             ("credentials", "server.key", "metrics-token", "db/CURRENT", "db/LOG")]
    paths += secret_code + ["/proc/%d/environ" % own.proc.pid]
    seen = probe(own, fn_role, paths)["seen"]
    readable = [p for p, text in seen.items() if text is not None]
    assert readable == []


def test_giving_a_function_a_role_needs_pass_role(own):
    iam = own_client(own, "iam")
    admin = iam.create_role(RoleName=marker("admin"),
                            AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.attach_role_policy(RoleName=admin.split("/")[-1],
                           PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    user = marker("dev")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=policy(
        allow(["lambda:CreateFunction", "lambda:InvokeFunction"])))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    lam = client(own.endpoint, "lambda", key["AccessKeyId"], key["SecretAccessKey"])
    error = None
    try:
        lam.create_function(FunctionName=marker("esc"), Runtime="python3.11", Role=admin,
                            Handler="app.handler",
                            Code={"ZipFile": zip_of({"app.py": "def handler(e, c): pass\n"})})
    except ClientError as e:
        error = e.response["Error"]
    assert error is not None, "a user without iam:PassRole gave a function an admin role"
    assert error["Code"] == "AccessDeniedException"
    assert "iam:PassRole" in error["Message"]


def test_the_data_directory_is_private_to_the_servers_user(tmp_path):
    s = FreshetServer(data_dir=str(tmp_path / "fresh" / "data")).start()
    try:
        client(s.endpoint, "s3", *s.root_credentials()).create_bucket(Bucket=marker("b"))
        open_to_others = []
        for dirpath, dirnames, filenames in os.walk(s.data_dir):
            for n in [""] + filenames:
                p = os.path.join(dirpath, n)
                if os.stat(p).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    open_to_others.append(os.path.relpath(p, s.data_dir))
        assert open_to_others == []
    finally:
        assert s.stop() == 0
        s.cleanup()
