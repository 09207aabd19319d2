"""The console's HTTP side with a real server: sign-in with real keys, AWS actions run as the
signed-in principal (IAM applies, AWS's messages come back), CSRF, the one-time root link, the
page itself, and /metrics with a session. The browser tests are in tests/browser."""
import json
import re
import time

import pytest

from console_client import Console, ConsoleError


def aws_keys_user(make_client, name, statements):
    iam = make_client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="console", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": statements}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def make_table(ddb, name):
    ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=name)


def test_the_page_and_its_bundle_are_served_without_a_session(server):
    c = Console(server.endpoint)
    status, html, headers = c.request("GET", "/_console/", raw=True)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert '<script src="/_console/assets/app.js"' in html
    status, js, headers = c.request("GET", "/_console/assets/app.js", raw=True)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "uPlot" in js or "uplot" in js  # the chart library from npm is bundled in
    status, _, _ = c.request("GET", "/_console/assets/app.css", raw=True)
    assert status == 200
    with pytest.raises(ConsoleError) as e:
        c.request("GET", "/_console/api/session")
    assert e.value.status == 401 and e.value.code == "NotSignedIn"


def test_root_signs_in_and_calls_services_as_root(server, root_keys, make_client):
    c = Console(server.endpoint)
    session = c.sign_in(*root_keys)
    assert session["principal"]["type"] == "Root"
    assert session["principal"]["arn"].endswith(":root")
    assert c.call("sts", "GetCallerIdentity")["Arn"] == session["principal"]["arn"]
    c.call("kinesis", "CreateStream", {"StreamName": "console-root", "ShardCount": 1})
    names = make_client("kinesis").list_streams()["StreamNames"]
    assert "console-root" in names
    assert "console-root" in c.call("kinesis", "ListStreams")["StreamNames"]
    # A validation error is AWS's, with its status.
    with pytest.raises(ConsoleError) as e:
        c.call("kinesis", "CreateStream", {"StreamName": "console-root", "ShardCount": 0})
    assert e.value.status == 400 and e.value.code == "ValidationException"
    assert "shardCount" in e.value.message or "ShardCount" in e.value.message


def test_wrong_keys_are_refused_with_sts_errors(server, root_keys):
    c = Console(server.endpoint)
    with pytest.raises(ConsoleError) as e:
        c.sign_in(root_keys[0], "not-the-secret")
    assert e.value.code == "SignatureDoesNotMatch"
    with pytest.raises(ConsoleError) as e:
        c.sign_in("AKIAIOSFODNN7EXAMPLE", "x" * 40)
    assert e.value.code == "InvalidClientTokenId"
    assert e.value.message == "The security token included in the request is invalid."


def test_a_user_allowed_only_to_scan_one_table_sees_it_and_is_refused_elsewhere(
        server, make_client):
    ddb = make_client("dynamodb")
    make_table(ddb, "console-open")
    make_table(ddb, "console-closed")
    ddb.put_item(TableName="console-open", Item={"pk": {"S": "visible"}})
    account = make_client("sts").get_caller_identity()["Account"]
    open_arn = "arn:aws:dynamodb:us-east-1:%s:table/console-open" % account
    keys = aws_keys_user(make_client, "console-scanner",
                         [{"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": open_arn}])
    c = Console(server.endpoint)
    session = c.sign_in(*keys)
    user_arn = session["principal"]["arn"]
    assert user_arn == "arn:aws:iam::%s:user/console-scanner" % account
    items = c.call("dynamodb", "Scan", {"TableName": "console-open"})["Items"]
    assert items == [{"pk": {"S": "visible"}}]
    with pytest.raises(ConsoleError) as e:
        c.call("dynamodb", "Scan", {"TableName": "console-closed"})
    assert e.value.code == "AccessDeniedException"
    assert e.value.message == (
        "User: %s is not authorized to perform: dynamodb:Scan on resource: "
        "arn:aws:dynamodb:us-east-1:%s:table/console-closed because no identity-based policy "
        "allows the dynamodb:Scan action" % (user_arn, account))
    with pytest.raises(ConsoleError) as e:
        c.call("kinesis", "ListStreams")
    assert e.value.code == "AccessDeniedException"
    # No cloudwatch:GetMetricData: the metrics are refused with IAM's words.
    status, text, _ = c.request("GET", "/metrics", raw=True)
    assert status == 403
    assert "not authorized to perform: cloudwatch:GetMetricData" in text


def test_calls_need_the_sessions_csrf_token(server, root_keys):
    c = Console(server.endpoint)
    c.sign_in(*root_keys)
    token = c.csrf
    for wrong in ("", "0" * 64):
        c.csrf = wrong
        with pytest.raises(ConsoleError) as e:
            c.call("sts", "GetCallerIdentity")
        assert e.value.status == 403 and e.value.code == "InvalidCsrfToken"
    c.csrf = token
    # A form post (no JSON content type) is refused even with the token.
    status, _, _ = c.request("POST", "/_console/api/call", None, raw=True,
                             headers={"X-Freshet-Csrf": token,
                                      "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415


def test_deleting_the_key_ends_the_session_and_sign_out_works(server, make_client):
    keys = aws_keys_user(make_client, "console-leaver",
                         [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}])
    c = Console(server.endpoint)
    c.sign_in(*keys)
    assert c.call("sts", "GetCallerIdentity")["Arn"].endswith("user/console-leaver")
    make_client("iam").delete_access_key(UserName="console-leaver", AccessKeyId=keys[0])
    with pytest.raises(ConsoleError) as e:
        c.call("sts", "GetCallerIdentity")
    assert e.value.status == 401 and e.value.code == "NotSignedIn"

    other = aws_keys_user(make_client, "console-quitter",
                          [{"Effect": "Allow", "Action": "sts:GetCallerIdentity",
                            "Resource": "*"}])
    c = Console(server.endpoint)
    c.sign_in(*other)
    status, _, headers = c.request("DELETE", "/_console/api/session", raw=True,
                                   headers={"X-Freshet-Csrf": c.csrf})
    assert status == 204
    assert "Max-Age=0" in headers["Set-Cookie"]
    with pytest.raises(ConsoleError) as e:
        c.request("GET", "/_console/api/session")
    assert e.value.code == "NotSignedIn"


def test_the_printed_link_signs_root_in_once(server):
    lines = [l for l in server.output if l.startswith("Console: ")]
    assert lines, "".join(server.output)
    link = re.search(r"http://[^ ]+", lines[0]).group(0)
    path = link[len(server.endpoint):]
    assert path.startswith("/_console/signin?token=")
    c = Console(server.endpoint)
    status, location = c.follow_link(path)
    assert (status, location) == (303, "/_console/")
    assert c.request("GET", "/_console/api/session")["principal"]["type"] == "Root"
    again = Console(server.endpoint)
    assert again.follow_link(path) == (303, "/_console/?signin=expired")
    assert again.cookie is None


def test_metrics_answer_a_root_session_and_the_bearer_token(server, root_keys):
    c = Console(server.endpoint)
    status, _, _ = c.request("GET", "/metrics", raw=True)
    assert status == 401
    c.sign_in(*root_keys)
    status, text, headers = c.request("GET", "/metrics", raw=True)
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE freshet_http_requests_total counter" in text
