"""The foundation as AWS clients see it: health, STS GetCallerIdentity, SigV4 failures with
AWS's exact codes, statuses and messages, the root credentials profile, the data-directory
lock and restarts."""
import datetime
import json
import os
import subprocess
import urllib.request
from contextlib import contextmanager
from unittest import mock

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from freshet_server import BINARY, FreshetServer

MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")
STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15"


def raw_post(server, body, headers):
    req = urllib.request.Request(server.endpoint + "/", data=body.encode(), headers=headers,
                                 method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@contextmanager
def clock_shifted(delta):
    """Makes botocore sign as if the time were now + delta (old and new botocore)."""
    shifted = datetime.datetime.utcnow() + delta
    if hasattr(botocore.auth, "get_current_datetime"):
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=shifted):
            yield
    else:
        fake = mock.MagicMock(wraps=datetime)
        fake.datetime.utcnow.return_value = shifted
        with mock.patch.object(botocore.auth, "datetime", fake):
            yield


def signed_sts(server, key, secret, delta=datetime.timedelta(0)):
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=STS_BODY,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with clock_shifted(delta):
        botocore.auth.SigV4Auth(Credentials(key, secret), "sts", "us-east-1").add_auth(req)
    return raw_post(server, STS_BODY, dict(req.headers.items()))


def error_of(body):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(body)
    ns = {"n": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else None
    find = (lambda p: root.find(".//n:" + p, ns)) if ns else (lambda p: root.find(".//" + p))
    return find("Code").text, find("Message").text, find("Type").text


def test_health_answers_without_auth(server):
    with urllib.request.urlopen(server.endpoint + "/_freshet/health") as r:
        body = json.loads(r.read())
    assert body["status"] == "ok"
    assert body["services"]["sts"] == "running"
    assert body["uptime_seconds"] >= 0


def test_get_caller_identity_is_the_root_user(make_client, root_keys):
    ident = make_client("sts").get_caller_identity()
    assert len(ident["Account"]) == 12 and ident["Account"].isdigit()
    assert ident["Arn"] == "arn:aws:iam::%s:root" % ident["Account"]
    assert ident["UserId"] == ident["Account"]
    assert root_keys[0].startswith("AKIA") and len(root_keys[0]) == 20


def test_wrong_secret_is_signature_does_not_match(make_client, root_keys):
    with pytest.raises(ClientError) as e:
        make_client("sts", root_keys[0], "x" * 40).get_caller_identity()
    err = e.value.response
    assert err["Error"]["Code"] == "SignatureDoesNotMatch"
    assert err["Error"]["Message"] == MISMATCH
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unknown_key_is_invalid_client_token_id(make_client):
    with pytest.raises(ClientError) as e:
        make_client("sts", "AKIAIOSFODNN7EXAMPLE", "x" * 40).get_caller_identity()
    err = e.value.response
    assert err["Error"]["Code"] == "InvalidClientTokenId"
    assert err["Error"]["Message"] == "The security token included in the request is invalid."
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_missing_authorization_is_missing_authentication_token(server):
    status, body = raw_post(server, STS_BODY, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert error_of(body) == ("MissingAuthenticationToken",
                              "Request is missing Authentication Token", "Sender")


def test_expired_date_is_refused_with_the_window(server, root_keys):
    status, body = signed_sts(server, *root_keys, delta=datetime.timedelta(minutes=-20))
    code, message, _ = error_of(body)
    assert status == 403 and code == "SignatureDoesNotMatch"
    assert message.startswith("Signature expired: ")
    assert message.endswith(" - 15 min.)")
    status, body = signed_sts(server, *root_keys, delta=datetime.timedelta(minutes=20))
    code, message, _ = error_of(body)
    assert status == 403 and code == "SignatureDoesNotMatch"
    assert message.startswith("Signature not yet current: ")
    # Inside the window the same signer is accepted.
    status, body = signed_sts(server, *root_keys, delta=datetime.timedelta(minutes=-10))
    assert status == 200, body


def test_malformed_authorization_is_incomplete_signature(server, root_keys):
    header = "AWS4-HMAC-SHA256 Credential=%s/20260101/us-east-1/sts/aws4_request" % root_keys[0]
    status, body = raw_post(server, STS_BODY, {
        "Content-Type": "application/x-www-form-urlencoded", "Authorization": header,
        "X-Amz-Date": "20260101T000000Z"})
    code, message, kind = error_of(body)
    assert (status, code, kind) == (400, "IncompleteSignature", "Sender")
    assert message == ("Authorization header requires 'Signature' parameter. Authorization "
                       "header requires 'SignedHeaders' parameter. Authorization=" + header)


def test_signature_for_another_service_is_refused(server, root_keys):
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=STS_BODY,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    botocore.auth.SigV4Auth(Credentials(*root_keys), "iam", "us-east-1").add_auth(req)
    status, body = raw_post(server, STS_BODY, dict(req.headers.items()))
    assert status in (400, 403) and error_of(body)[0] == "InvalidAction"


def test_unknown_action_is_invalid_action(make_client, server, root_keys):
    body = "Action=NoSuchThing&Version=2011-06-15"
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    botocore.auth.SigV4Auth(Credentials(*root_keys), "sts", "us-east-1").add_auth(req)
    status, text = raw_post(server, body, dict(req.headers.items()))
    assert status == 400
    assert error_of(text)[:2] == ("InvalidAction",
                                  "Could not find operation NoSuchThing for version 2011-06-15")


def test_unknown_json_target_is_unknown_operation(server):
    status, body = raw_post(server, "{}", {"Content-Type": "application/x-amz-json-1.1",
                                           "X-Amz-Target": "NoSuchService_20200101.Op"})
    assert status == 400
    assert json.loads(body)["__type"] == "UnknownOperationException"


def test_a_second_server_on_the_same_data_directory_is_refused(server):
    out = subprocess.run([BINARY, "serve", "--port", "0", "--data-dir", server.data_dir],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "in use by another Freshet server" in out.stderr


def test_restart_keeps_the_account_and_keys():
    s = FreshetServer().start()
    try:
        keys = s.root_credentials()
        assert s.stop() == 0
        s.start()
        assert s.root_credentials() == keys
    finally:
        s.cleanup()


def test_root_keys_from_the_environment():
    key, secret = "AKIAFRESHETTESTKEY01", "s3cr3t/for+scripted+setups/0123456789"
    s = FreshetServer(env={"FRESHET_ROOT_ACCESS_KEY_ID": key,
                           "FRESHET_ROOT_SECRET_ACCESS_KEY": secret}).start()
    try:
        assert s.root_credentials() == (key, secret)
        status, body = signed_sts(s, key, secret)
        assert status == 200 and "<Arn>arn:aws:iam::" in body
    finally:
        s.cleanup()


@pytest.mark.parametrize("aws", ["aws", "/usr/bin/aws"])
def test_install_profile_then_the_aws_cli(server, tmp_path, aws):
    env = dict(os.environ, HOME=str(tmp_path))
    env.pop("AWS_SHARED_CREDENTIALS_FILE", None)
    env.pop("AWS_CONFIG_FILE", None)
    aws_dir = tmp_path / ".aws"
    aws_dir.mkdir()
    (aws_dir / "credentials").write_text("[other]\naws_access_key_id = A\naws_secret_access_key = B\n")
    subprocess.run([BINARY, "credentials", "--install-profile", "--data-dir", server.data_dir],
                   check=True, env=env, capture_output=True)
    text = (aws_dir / "credentials").read_text()
    assert "[other]\naws_access_key_id = A\naws_secret_access_key = B\n" in text
    assert "[freshet]" in text
    out = subprocess.run([aws, "--profile", "freshet", "--endpoint-url", server.endpoint,
                          "sts", "get-caller-identity"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Arn"].endswith(":root")
    # Installing again replaces the section instead of adding a second one.
    subprocess.run([BINARY, "credentials", "--install-profile", "--data-dir", server.data_dir],
                   check=True, env=env, capture_output=True)
    assert (aws_dir / "credentials").read_text().count("[freshet]") == 1


def test_whoami_signs_with_the_data_directory_credentials(server):
    out = subprocess.run([BINARY, "whoami", "--endpoint-url", server.endpoint, "--data-dir",
                          server.data_dir], capture_output=True, text=True, timeout=30,
                         env={k: v for k, v in os.environ.items()
                              if not k.startswith("AWS_")} | {"HOME": server.data_dir})
    assert out.returncode == 0, out.stderr
    assert ":root" in out.stdout
