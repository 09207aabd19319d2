"""Temporary credentials after their expiry, end to end: AssumeRole and GetSessionToken
credentials (the shortest, 900 s) work; the server is restarted on the same data directory
with its clock 20 minutes ahead (libfaketime, Debian's `libfaketime`), and a client whose
clock is moved the same way (so its signatures are not refused for skew) is refused with
ExpiredTokenException (ExpiredToken from STS) when it uses them, while the root's long-term
key still works."""
import json
import os
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config

from freshet_server import FreshetServer

FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
AHEAD = {"LD_PRELOAD": FAKETIME, "FAKETIME": "+20m", "FAKETIME_DONT_RESET": "1"}

# Run by a child interpreter with the clock moved: one call, its outcome as JSON.
CALL = """
import json, sys, boto3, botocore
from botocore.config import Config
endpoint, service, op, key, secret, token = sys.argv[1:7]
c = boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id=key, aws_secret_access_key=secret,
                 aws_session_token=token or None, config=Config(retries={"max_attempts": 1}))
try:
    getattr(c, op)()
    print(json.dumps({"ok": True}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({"ok": False, "code": e.response["Error"]["Code"],
                      "message": e.response["Error"].get("Message")}))
"""


def client(endpoint, service, key, secret, token=None):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token, config=Config(retries={"max_attempts": 1}))


def call_ahead(endpoint, service, op, creds):
    key, secret, token = creds
    out = subprocess.run([sys.executable, "-c", CALL, endpoint, service, op, key, secret,
                          token or ""], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **AHEAD))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_temporary_credentials_are_refused_after_they_expire(tmp_path):
    if not os.path.exists(FAKETIME):
        pytest.fail("libfaketime is missing: tools/setup.sh installs it")
    data = str(tmp_path / "data")
    s = FreshetServer(data_dir=data).start()
    try:
        root = s.root_credentials()
        iam = client(s.endpoint, "iam", *root)
        account = client(s.endpoint, "sts", *root).get_caller_identity()["Account"]
        role = iam.create_role(RoleName="short-lived", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % account},
                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        allow_list = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "kinesis:ListStreams", "Resource": "*"}]})
        iam.put_role_policy(RoleName="short-lived", PolicyName="list", PolicyDocument=allow_list)
        iam.create_user(UserName="short-user")
        iam.put_user_policy(UserName="short-user", PolicyName="list", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "kinesis:ListStreams", "Resource": "*"},
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role}]}))
        user_key = iam.create_access_key(UserName="short-user")["AccessKey"]
        sts = client(s.endpoint, "sts", user_key["AccessKeyId"], user_key["SecretAccessKey"])
        assumed = sts.assume_role(RoleArn=role, RoleSessionName="short",
                                  DurationSeconds=900)["Credentials"]
        session = sts.get_session_token(DurationSeconds=900)["Credentials"]
        temporary = {
            "AssumeRole": (assumed["AccessKeyId"], assumed["SecretAccessKey"],
                           assumed["SessionToken"]),
            "GetSessionToken": (session["AccessKeyId"], session["SecretAccessKey"],
                                session["SessionToken"]),
        }
        for creds in temporary.values():
            client(s.endpoint, "kinesis", *creds).list_streams()
        assert s.stop() == 0
    finally:
        s.kill()

    later = FreshetServer(data_dir=data, env=AHEAD).start()
    try:
        root = later.root_credentials()
        assert call_ahead(later.endpoint, "kinesis", "list_streams", (*root, None)) == {"ok": True}
        for name, creds in temporary.items():
            # The JSON services' code, and the query services' (STS, IAM).
            for service, op, code in (("kinesis", "list_streams", "ExpiredTokenException"),
                                      ("sts", "get_caller_identity", "ExpiredToken")):
                got = call_ahead(later.endpoint, service, op, creds)
                assert got["ok"] is False and got["code"] == code, (name, got)
                assert got["message"] == "The security token included in the request is expired"
        assert later.stop() == 0
    finally:
        later.cleanup()
