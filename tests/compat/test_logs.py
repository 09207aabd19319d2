"""CloudWatch Logs with boto3: groups, streams and events with AWS's errors and pagination, and
a Python function's print() output readable through GetLogEvents and FilterLogEvents after
Invoke (and through `freshet logs`)."""
import base64
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from freshet_server import BINARY, wait_for
from test_functions import create, role  # noqa: F401  (the module's execution role fixture)

DAY_MS = 86_400_000


def now_ms():
    return int(time.time() * 1000)


def name(prefix="g"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


@pytest.fixture(scope="module")
def logs(make_client):
    return make_client("logs")


def error_of(call, *args, **kw):
    with pytest.raises(ClientError) as e:
        call(*args, **kw)
    err = e.value.response["Error"]
    return err["Code"], err["Message"]


def group_with_stream(logs, stream="s"):
    g = name()
    logs.create_log_group(logGroupName=g)
    logs.create_log_stream(logGroupName=g, logStreamName=stream)
    return g


def put(logs, g, s, events, **kw):
    return logs.put_log_events(logGroupName=g, logStreamName=s,
                               logEvents=[{"timestamp": t, "message": m} for t, m in events], **kw)


def test_group_lifecycle_and_errors(logs):
    g = name("/app/svc")
    logs.create_log_group(logGroupName=g)
    groups = logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"]
    assert [x["logGroupName"] for x in groups] == [g]
    assert groups[0]["arn"].endswith(":log-group:%s:*" % g)
    assert groups[0]["storedBytes"] == 0 and "retentionInDays" not in groups[0]
    assert error_of(logs.create_log_group, logGroupName=g) == (
        "ResourceAlreadyExistsException", "The specified log group already exists")
    logs.delete_log_group(logGroupName=g)
    assert logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"] == []
    assert error_of(logs.delete_log_group, logGroupName=g) == (
        "ResourceNotFoundException", "The specified log group does not exist.")
    code, message = error_of(logs.create_log_group, logGroupName="bad name!")
    assert code == "InvalidParameterException"
    assert message.startswith("1 validation error detected: Value 'bad name!' at 'logGroupName'")


def test_describe_log_groups_pages(logs):
    prefix = name("pages") + "/"
    for i in range(5):
        logs.create_log_group(logGroupName="%s%d" % (prefix, i))
    seen, token = [], None
    while True:
        kw = {"nextToken": token} if token else {}
        out = logs.describe_log_groups(logGroupNamePrefix=prefix, limit=2, **kw)
        assert len(out["logGroups"]) <= 2
        seen += [x["logGroupName"] for x in out["logGroups"]]
        token = out.get("nextToken")
        if not token:
            break
    assert seen == ["%s%d" % (prefix, i) for i in range(5)]
    paginated = [x["logGroupName"] for page in
                 logs.get_paginator("describe_log_groups").paginate(
                     logGroupNamePrefix=prefix, PaginationConfig={"PageSize": 3})
                 for x in page["logGroups"]]
    assert paginated == seen
    assert error_of(logs.describe_log_groups, nextToken="garbage")[0] == "InvalidParameterException"


def test_streams_lifecycle_order_and_pages(logs):
    g = group_with_stream(logs, "b-stream")
    for s in ("a-stream", "c-stream", "other"):
        logs.create_log_stream(logGroupName=g, logStreamName=s)
    assert error_of(logs.create_log_stream, logGroupName=g, logStreamName="other") == (
        "ResourceAlreadyExistsException", "The specified log stream already exists")
    assert error_of(logs.create_log_stream, logGroupName=name(), logStreamName="x") == (
        "ResourceNotFoundException", "The specified log group does not exist.")
    put(logs, g, "c-stream", [(now_ms() - 2000, "older")])
    put(logs, g, "a-stream", [(now_ms() - 1000, "newer")])

    by_name = logs.describe_log_streams(logGroupName=g)["logStreams"]
    assert [s["logStreamName"] for s in by_name] == ["a-stream", "b-stream", "c-stream", "other"]
    a = by_name[0]
    assert a["arn"].endswith(":log-group:%s:log-stream:a-stream" % g)
    assert a["firstEventTimestamp"] == a["lastEventTimestamp"] and a["storedBytes"] == 0
    prefixed = logs.describe_log_streams(logGroupName=g, logStreamNamePrefix="other")
    assert [s["logStreamName"] for s in prefixed["logStreams"]] == ["other"]

    pages = logs.describe_log_streams(logGroupName=g, orderBy="LastEventTime", descending=True,
                                      limit=1)
    assert [s["logStreamName"] for s in pages["logStreams"]] == ["a-stream"]
    rest = logs.describe_log_streams(logGroupName=g, orderBy="LastEventTime", descending=True,
                                     nextToken=pages["nextToken"], limit=1)
    assert [s["logStreamName"] for s in rest["logStreams"]] == ["c-stream"]
    assert error_of(logs.describe_log_streams, logGroupName=g, orderBy="LastEventTime",
                    logStreamNamePrefix="a") == (
        "InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.")

    logs.delete_log_stream(logGroupName=g, logStreamName="other")
    assert error_of(logs.delete_log_stream, logGroupName=g, logStreamName="other") == (
        "ResourceNotFoundException", "The specified log stream does not exist.")
    assert error_of(logs.describe_log_streams, logGroupName=name()) == (
        "ResourceNotFoundException", "The specified log group does not exist.")


def test_put_log_events_rules(logs):
    g = group_with_stream(logs)
    t = now_ms()
    out = put(logs, g, "s", [(t, "one"), (t, "two")], sequenceToken="anything-at-all")
    assert "rejectedLogEventsInfo" not in out and out["nextSequenceToken"]
    assert error_of(put, logs, g, "s", [(t, "b"), (t - 1, "a")]) == (
        "InvalidParameterException",
        "Log events in a single PutLogEvents request must be in chronological order.")
    big = "x" * (1_048_576 - 26 + 1)
    assert error_of(put, logs, g, "s", [(t, big)]) == (
        "InvalidParameterException", "Upload too large: 1048577 bytes exceeds limit of 1048576")
    out = put(logs, g, "s", [(t - 15 * DAY_MS, "too old"), (t + 1, "kept"),
                             (t + 3 * 3_600_000, "too new")])
    assert out["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1,
                                            "tooNewLogEventStartIndex": 2}
    got = logs.get_log_events(logGroupName=g, logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["one", "two", "kept"]
    assert error_of(put, logs, g, "missing", [(t, "x")]) == (
        "ResourceNotFoundException", "The specified log stream does not exist.")
    assert error_of(put, logs, name(), "s", [(t, "x")]) == (
        "ResourceNotFoundException", "The specified log group does not exist.")


def test_get_log_events_directions_and_tokens(logs):
    g = group_with_stream(logs)
    t = now_ms() - 10_000
    put(logs, g, "s", [(t + i, "m%d" % i) for i in range(7)])
    newest = logs.get_log_events(logGroupName=g, logStreamName="s", limit=3)
    assert [e["message"] for e in newest["events"]] == ["m4", "m5", "m6"]
    assert re.fullmatch(r"f/\d{56}", newest["nextForwardToken"])
    assert re.fullmatch(r"b/\d{56}", newest["nextBackwardToken"])
    older = logs.get_log_events(logGroupName=g, logStreamName="s", limit=3,
                                nextToken=newest["nextBackwardToken"])
    assert [e["message"] for e in older["events"]] == ["m1", "m2", "m3"]
    head = logs.get_log_events(logGroupName=g, logStreamName="s", startFromHead=True, limit=4)
    assert [e["message"] for e in head["events"]] == ["m0", "m1", "m2", "m3"]
    assert all(e["ingestionTime"] >= e["timestamp"] for e in head["events"])
    tail = logs.get_log_events(logGroupName=g, logStreamName="s",
                               nextToken=head["nextForwardToken"])
    assert [e["message"] for e in tail["events"]] == ["m4", "m5", "m6"]
    end = logs.get_log_events(logGroupName=g, logStreamName="s",
                              nextToken=tail["nextForwardToken"])
    assert end["events"] == [] and end["nextForwardToken"] == tail["nextForwardToken"]
    ranged = logs.get_log_events(logGroupName=g, logStreamName="s", startTime=t + 2,
                                 endTime=t + 4, startFromHead=True)
    assert [e["message"] for e in ranged["events"]] == ["m2", "m3"]
    assert error_of(logs.get_log_events, logGroupName=g, logStreamName="s",
                    nextToken="f/123") == ("InvalidParameterException",
                                           "The specified nextToken is invalid.")


def test_filter_log_events(logs):
    g = group_with_stream(logs, "one")
    logs.create_log_stream(logGroupName=g, logStreamName="two")
    t = now_ms() - 10_000
    put(logs, g, "one", [(t, "ERROR disk full"), (t + 2, "INFO ok"), (t + 4, "ERROR Task timed out")])
    put(logs, g, "two", [(t + 1, "WARN slow"), (t + 3, "ERROR net down")])
    out = logs.filter_log_events(logGroupName=g)
    assert [e["message"] for e in out["events"]] == [
        "ERROR disk full", "WARN slow", "INFO ok", "ERROR net down", "ERROR Task timed out"]
    assert out["events"][1]["logStreamName"] == "two" and out["events"][1]["eventId"]
    by = lambda **kw: [e["message"] for e in logs.filter_log_events(logGroupName=g, **kw)["events"]]
    assert by(filterPattern="ERROR") == ["ERROR disk full", "ERROR net down", "ERROR Task timed out"]
    assert by(filterPattern='"Task timed out"') == ["ERROR Task timed out"]
    assert by(filterPattern="ERROR -disk") == ["ERROR net down", "ERROR Task timed out"]
    assert by(filterPattern="?WARN ?INFO") == ["WARN slow", "INFO ok"]
    assert by(logStreamNames=["two"]) == ["WARN slow", "ERROR net down"]
    assert by(startTime=t + 1, endTime=t + 3) == ["WARN slow", "INFO ok", "ERROR net down"]
    seen, token = [], None
    while True:
        kw = {"nextToken": token} if token else {}
        page = logs.filter_log_events(logGroupName=g, limit=2, **kw)
        seen += [e["message"] for e in page["events"]]
        token = page.get("nextToken")
        if not token:
            break
    assert seen == [e["message"] for e in out["events"]]
    code, _ = error_of(logs.filter_log_events, logGroupName=g, filterPattern='{ $.level = "x" }')
    assert code == "InvalidParameterException"
    assert error_of(logs.filter_log_events, logGroupName=name()) == (
        "ResourceNotFoundException", "The specified log group does not exist.")


def test_retention_policy(logs):
    g = group_with_stream(logs)
    t = now_ms()
    put(logs, g, "s", [(t - 3 * DAY_MS, "three days old"), (t, "fresh")])
    code, message = error_of(logs.put_retention_policy, logGroupName=g, retentionInDays=2)
    assert code == "InvalidParameterException"
    assert message.startswith("1 validation error detected: Value '2' at 'retentionInDays' "
                              "failed to satisfy constraint: Member must satisfy enum value set: "
                              "[1, 3, 5, 7, 14, 30,")
    logs.put_retention_policy(logGroupName=g, retentionInDays=1)
    group = logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"][0]
    assert group["retentionInDays"] == 1
    got = logs.get_log_events(logGroupName=g, logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["fresh"]
    logs.delete_retention_policy(logGroupName=g)
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"][0]
    assert error_of(logs.put_retention_policy, logGroupName=name(), retentionInDays=7) == (
        "ResourceNotFoundException", "The specified log group does not exist.")
    assert error_of(logs.delete_retention_policy, logGroupName=name()) == (
        "ResourceNotFoundException", "The specified log group does not exist.")


def test_unknown_action_is_unknown_operation(server, root_keys):
    req = AWSRequest(method="POST", url=server.endpoint + "/", data="{}",
                     headers={"Content-Type": "application/x-amz-json-1.1",
                              "X-Amz-Target": "Logs_20140328.StartQuery"})
    botocore.auth.SigV4Auth(Credentials(*root_keys), "logs", "us-east-1").add_auth(req)
    r = urllib.request.Request(server.endpoint + "/", data=b"{}", method="POST",
                               headers=dict(req.headers.items()))
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(r)
    assert e.value.code == 400
    assert json.loads(e.value.read())["__type"] == "UnknownOperationException"


def test_function_output_lands_in_its_log_group(make_client, role, server, logs):  # noqa: F811
    lam = make_client("lambda")
    fn = name("printer")
    code = ("def handler(event, context):\n"
            "    print('hello from', event['who'])\n"
            "    print('second line')\n"
            "    return context.log_stream_name\n")
    create(lam, role, fn, {"app.py": code}, runtime="python3.11", handler="app.handler")
    r = lam.invoke(FunctionName=fn, Payload=json.dumps({"who": "ada"}), LogType="Tail")
    assert "FunctionError" not in r, r["Payload"].read()
    told = json.loads(r["Payload"].read())
    assert "hello from ada" in base64.b64decode(r["LogResult"]).decode()
    group = "/aws/lambda/" + fn

    def streams():
        try:
            return logs.describe_log_streams(logGroupName=group)["logStreams"]
        except ClientError:
            return []
    wait_for(lambda: streams() and streams()[0].get("lastEventTimestamp"))
    [stream] = streams()
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", stream["logStreamName"])
    assert told == stream["logStreamName"]  # context.log_stream_name

    def messages():
        return [e["message"] for e in logs.get_log_events(
            logGroupName=group, logStreamName=stream["logStreamName"], startFromHead=True)["events"]]
    wait_for(lambda: any(m.startswith("REPORT ") for m in messages()))
    got = messages()
    start = re.fullmatch(r"START RequestId: ([0-9a-f-]{36}) Version: \$LATEST", got[0])
    assert start, got
    request_id = start.group(1)
    assert "hello from ada" in got and "second line" in got
    assert got.index("hello from ada") < got.index("second line")
    assert "END RequestId: %s" % request_id in got
    report = [m for m in got if m.startswith("REPORT ")][0]
    assert re.match(r"REPORT RequestId: %s\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\t"
                    r"Memory Size: 128 MB\tMax Memory Used: \d+ MB" % request_id, report)

    found = logs.filter_log_events(logGroupName=group, filterPattern='"hello from"')["events"]
    assert [e["message"] for e in found] == ["hello from ada"]

    # A warm environment keeps its stream.
    lam.invoke(FunctionName=fn, Payload=json.dumps({"who": "bob"}))
    wait_for(lambda: "hello from bob" in messages())
    assert len(streams()) == 1

    out = subprocess.run([BINARY, "logs", fn, "--since", "5m", "--endpoint-url", server.endpoint,
                          "--data-dir", server.data_dir], capture_output=True, text=True,
                         timeout=30, env=dict(os.environ, AWS_PROFILE="", AWS_ACCESS_KEY_ID="",
                                              AWS_SHARED_CREDENTIALS_FILE="/nonexistent"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(l.endswith(" hello from ada") and stream["logStreamName"] in l for l in lines)
    assert any(l.endswith(" hello from bob") for l in lines)
