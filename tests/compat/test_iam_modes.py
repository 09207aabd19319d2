"""--iam enforce|warn|off: enforce (the default) denies, warn logs the would-be denial and lets
the request through, off does not evaluate policies at all. Authentication is checked in every
mode."""
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from freshet_server import FreshetServer


def client(server, service, key, secret):
    return boto3.session.Session().client(
        service, endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}))


def user_without_policies(server):
    root = client(server, "iam", *server.root_credentials())
    n = "nopolicy-%s" % uuid.uuid4().hex[:8]
    root.create_user(UserName=n)
    key = root.create_access_key(UserName=n)["AccessKey"]
    return n, key["AccessKeyId"], key["SecretAccessKey"]


@pytest.mark.parametrize("mode", ["enforce", "warn", "off"])
def test_iam_modes(mode):
    args = [] if mode == "enforce" else ["--iam", mode]
    server = FreshetServer(extra_args=args).start()
    try:
        name, key, secret = user_without_policies(server)
        iam = client(server, "iam", key, secret)
        if mode == "enforce":
            with pytest.raises(ClientError) as e:
                iam.list_users()
            assert e.value.response["Error"]["Code"] == "AccessDenied"
        else:
            assert name in [u["UserName"] for u in iam.list_users()["Users"]]
        if mode == "warn":
            deadline = time.time() + 5
            while time.time() < deadline and not any(
                    "would deny iam:ListUsers" in line for line in server.output):
                time.sleep(0.05)
            assert any("would deny iam:ListUsers" in line and name in line
                       for line in server.output), "".join(server.output)
        # A wrong secret is refused whatever the mode.
        with pytest.raises(ClientError) as e:
            client(server, "iam", key, "x" * 40).list_users()
        assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    finally:
        assert server.stop() == 0
        server.cleanup()


def test_iam_data_and_keys_survive_a_restart(tmp_path):
    server = FreshetServer(data_dir=str(tmp_path)).start()
    try:
        name, key, secret = user_without_policies(server)
        root = client(server, "iam", *server.root_credentials())
        root.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=(
            '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser",'
            '"Resource":"*"}}'))
    finally:
        assert server.stop() == 0
    server = FreshetServer(data_dir=str(tmp_path)).start()
    try:
        iam = client(server, "iam", key, secret)
        assert iam.get_user()["User"]["UserName"] == name
        with pytest.raises(ClientError) as e:
            iam.list_users()
        assert e.value.response["Error"]["Code"] == "AccessDenied"
    finally:
        assert server.stop() == 0
