"""Event source mappings with real clients and real functions (Python, Node.js, C++): the API
with AWS's documents and errors, in-order and exactly-once delivery, bisect, partial batch
failures, retries and record age with the OnFailure destination, filters, parallelization,
disable/enable, resharding, and a SIGKILL mid-stream."""
import json
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from freshet_server import FreshetServer, wait_for
from mappings_helpers import (batches, delivered, make_role, make_sink, make_stream,
                              open_to_functions, put,
                              read_stream, unique, wait_for_records, wait_for_state)
from streams_helpers import expect_error

AGED = {}  # the record-age test starts first and is checked last (records must be 60 s old)


@pytest.fixture(scope="module")
def lam(make_client):
    return make_client("lambda")


@pytest.fixture(scope="module")
def kinesis(make_client):
    return make_client("kinesis")


@pytest.fixture(scope="module")
def role(make_client):
    return make_role(make_client("iam"))


def by_shard(records):
    shards = {}
    for shard, seq, data, *_ in records:
        shards.setdefault(shard, []).append(int(seq))
    return shards


def test_record_age_setup(lam, kinesis, role, tmp_path_factory):
    """Starts a mapping whose function always fails, for the last test of this module."""
    sink = str(open_to_functions(tmp_path_factory.mktemp("aged")) / "sink")
    name, arn = make_stream(kinesis)
    dest_name, dest_arn = make_stream(kinesis)
    fn = make_sink(lam, role, sink, env={"SINK_MODE": "fail", "SINK_FAIL_ON": "*"})
    put(kinesis, name, [("k", "old")])
    m = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        MaximumRecordAgeInSeconds=60, DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    AGED.update(started=time.monotonic(), dest=dest_name, stream=arn, uuid=m["UUID"])


def test_api_documents_states_and_errors(lam, kinesis, role, tmp_path):
    name, arn = make_stream(kinesis)
    fn = make_sink(lam, role, str(tmp_path / "sink"))
    expect_error("InvalidParameterValueException",
                 "1 validation error detected: Value null at 'startingPosition' failed to "
                 "satisfy constraint: Member must not be null.",
                 lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=fn)
    missing = arn + "-missing"
    expect_error("InvalidParameterValueException", "Stream not found: " + missing,
                 lam.create_event_source_mapping, EventSourceArn=missing, FunctionName=fn,
                 StartingPosition="LATEST")
    expect_error("InvalidParameterValueException",
                 "Unsupported DestinationConfig parameter for given event source mapping type.",
                 lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=fn,
                 StartingPosition="LATEST",
                 DestinationConfig={"OnSuccess": {"Destination": arn}})
    expect_error("InvalidParameterValueException", "Invalid filter pattern definition.",
                 lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=fn,
                 StartingPosition="LATEST", FilterCriteria={"Filters": [{"Pattern": "{oops"}]})

    r = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                        StartingPosition="LATEST")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (r["State"], r["StateTransitionReason"]) == ("Creating", "User action")
    assert r["BatchSize"] == 100 and r["ParallelizationFactor"] == 1
    assert r["MaximumRetryAttempts"] == -1 and r["MaximumRecordAgeInSeconds"] == -1
    assert r["BisectBatchOnFunctionError"] is False and r["TumblingWindowInSeconds"] == 0
    assert r["FunctionResponseTypes"] == [] and r["DestinationConfig"] == {"OnFailure": {}}
    assert r["LastProcessingResult"] == "No records processed"
    assert r["MaximumBatchingWindowInSeconds"] == 0 and r["StartingPosition"] == "LATEST"
    assert r["FunctionArn"].endswith(":function:" + fn) and r["EventSourceArn"] == arn
    uuid_ = r["UUID"]
    if "EventSourceMappingArn" in r:  # newer models only
        assert r["EventSourceMappingArn"].endswith(":event-source-mapping:" + uuid_)
    wait_for_state(lam, uuid_, "Enabled")

    e = expect_error("ResourceConflictException",
                     "The event source arn ( %s ) and function ( %s ) provided mapping already "
                     "exists. Please update or delete the existing mapping with UUID %s"
                     % (arn, fn, uuid_),
                     lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=fn,
                     StartingPosition="LATEST")
    assert e["ResponseMetadata"]["HTTPStatusCode"] == 409

    other_name, other_arn = make_stream(kinesis)
    second = lam.create_event_source_mapping(EventSourceArn=other_arn, FunctionName=fn,
                                             StartingPosition="TRIM_HORIZON")["UUID"]
    listed = lam.list_event_source_mappings(FunctionName=fn)["EventSourceMappings"]
    assert sorted(m["UUID"] for m in listed) == sorted([uuid_, second])
    assert [m["UUID"] for m in
            lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"]] == [uuid_]
    page = lam.list_event_source_mappings(FunctionName=fn, MaxItems=1)
    rest = lam.list_event_source_mappings(FunctionName=fn, Marker=page["NextMarker"])
    assert len(page["EventSourceMappings"]) == 1 and "NextMarker" not in rest
    assert {m["UUID"] for m in page["EventSourceMappings"] + rest["EventSourceMappings"]} == \
        {uuid_, second}

    u = lam.update_event_source_mapping(UUID=uuid_, BatchSize=10)
    assert u["ResponseMetadata"]["HTTPStatusCode"] == 202 and u["State"] == "Updating"
    wait_for_state(lam, uuid_, "Enabled")
    assert lam.get_event_source_mapping(UUID=uuid_)["BatchSize"] == 10
    assert lam.update_event_source_mapping(UUID=uuid_, Enabled=False)["State"] == "Disabling"
    wait_for_state(lam, uuid_, "Disabled")

    d = lam.delete_event_source_mapping(UUID=uuid_)
    assert d["ResponseMetadata"]["HTTPStatusCode"] == 202 and d["State"] == "Deleting"

    def gone():
        try:
            lam.get_event_source_mapping(UUID=uuid_)
            return False
        except ClientError as e:
            err = e.response["Error"]
            assert err["Code"] == "ResourceNotFoundException"
            assert err["Message"] == "The resource you requested does not exist."
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404
            return True
    wait_for(gone)
    lam.delete_event_source_mapping(UUID=second)


def test_role_without_stream_permissions_cannot_create_the_mapping(lam, kinesis, make_client,
                                                                    tmp_path):
    name, arn = make_stream(kinesis)
    weak = make_role(make_client("iam"), actions=("kinesis:DescribeStream",))
    fn = make_sink(lam, weak, str(tmp_path / "sink"))
    expect_error("InvalidParameterValueException",
                 "Cannot access stream %s. Please ensure the role can perform the GetRecords, "
                 "GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your "
                 "stream in IAM." % arn,
                 lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=fn,
                 StartingPosition="TRIM_HORIZON")


@pytest.mark.parametrize("runtime", ["python3.11", "nodejs20.x", "provided.al2023"])
def test_in_order_exactly_once_delivery(lam, kinesis, role, tmp_path, runtime):
    name, arn = make_stream(kinesis, shards=2)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, runtime=runtime)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                    StartingPosition="TRIM_HORIZON", BatchSize=25)
    sent = put(kinesis, name, [("k%d" % (i % 7), "r%d" % i) for i in range(120)])
    wait_for_records(sink, 120)
    time.sleep(0.3)  # anything delivered twice would show now
    got = delivered(sink)
    assert sorted((s, q, d) for s, q, d, _ in got) == sorted(sent)
    for shard, seqs in by_shard(got).items():
        assert seqs == sorted(seqs), shard
    for event in batches(sink):
        records = event["Records"]
        assert 1 <= len(records) <= 25
        assert len({r["eventID"].split(":")[0] for r in records}) == 1
        r = records[0]
        assert (r["eventSource"], r["eventVersion"], r["eventName"]) == \
            ("aws:kinesis", "1.0", "aws:kinesis:record")
        assert r["invokeIdentityArn"] == role and r["eventSourceARN"] == arn
        assert r["awsRegion"] == "us-east-1"
        assert r["eventID"] == "%s:%s" % (r["eventID"].split(":")[0], r["kinesis"]["sequenceNumber"])
        assert r["kinesis"]["kinesisSchemaVersion"] == "1.0"
        # A number of seconds with milliseconds; one that falls on a whole second reaches a
        # Node.js sink's JSON as an integer.
        assert isinstance(r["kinesis"]["approximateArrivalTimestamp"], (int, float))
        assert abs(r["kinesis"]["approximateArrivalTimestamp"] - time.time()) < 120


def test_bisect_isolates_the_bad_record_and_sends_it_to_the_destination(lam, kinesis, role,
                                                                         tmp_path):
    name, arn = make_stream(kinesis)
    dest_name, dest_arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, env={"SINK_MODE": "fail", "SINK_FAIL_ON": "bad"})
    data = ["g%d" % i for i in range(5)] + ["bad"] + ["g%d" % i for i in range(6, 10)]
    sent = put(kinesis, name, [("k", d) for d in data])
    lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        BisectBatchOnFunctionError=True, MaximumRetryAttempts=0,
        DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    got = wait_for_records(sink, 9)
    wait_for(lambda: read_stream(kinesis, dest_name), timeout=20)
    time.sleep(0.3)
    assert [d for _, _, d, _ in delivered(sink)] == [d for d in data if d != "bad"]
    [failure] = read_stream(kinesis, dest_name)
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 1
    assert failure["requestContext"]["functionArn"].endswith(":function:" + fn)
    assert failure["responseContext"]["functionError"] == "Unhandled"
    assert failure["version"] == "1.0"
    info = failure["KinesisBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == arn
    assert info["startSequenceNumber"] == info["endSequenceNumber"] == sent[5][1]
    assert info["shardId"] == sent[5][0]
    assert "Records" not in failure and got


def test_report_batch_item_failures_checkpoint_at_the_lowest_failure(lam, kinesis, role,
                                                                     tmp_path):
    name, arn = make_stream(kinesis)
    dest_name, dest_arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, env={"SINK_MODE": "report", "SINK_FAIL_ON": "bad"})
    sent = put(kinesis, name, [("k", d) for d in ["g0", "g1", "bad", "g3", "g4"]])
    m = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"], MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    assert m["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    wait_for(lambda: read_stream(kinesis, dest_name), timeout=20)
    [failure] = read_stream(kinesis, dest_name)
    assert failure["requestContext"]["approximateInvokeCount"] == 2
    assert failure["responseContext"]["functionError"] is None
    info = failure["KinesisBatchInfo"]
    assert (info["startSequenceNumber"], info["endSequenceNumber"]) == (sent[2][1], sent[4][1])
    assert info["batchSize"] == 3
    put(kinesis, name, [("k", "g5")])  # the shard moves on past the given-up records
    wait_for_records(sink, 3)
    time.sleep(0.3)
    assert [d for _, _, d, _ in delivered(sink)] == ["g0", "g1", "g5"]


def test_maximum_retry_attempts_then_the_shard_moves_on(lam, kinesis, role, tmp_path):
    name, arn = make_stream(kinesis)
    dest_name, dest_arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink, env={"SINK_MODE": "fail", "SINK_FAIL_ON": "poison"})
    put(kinesis, name, [("k", "poison")])
    m = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=fn, StartingPosition="TRIM_HORIZON",
        MaximumRetryAttempts=2, DestinationConfig={"OnFailure": {"Destination": dest_arn}})
    wait_for(lambda: read_stream(kinesis, dest_name), timeout=20)
    [failure] = read_stream(kinesis, dest_name)
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 3
    assert failure["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST",
                                          "functionError": "Unhandled"}
    put(kinesis, name, [("k", "fine")])
    wait_for_records(sink, 1)
    assert [d for _, _, d, _ in delivered(sink)] == ["fine"]
    # The sink writes before the function returns; the result is recorded when it has.
    wait_for(lambda: lam.get_event_source_mapping(
        UUID=m["UUID"])["LastProcessingResult"] == "OK")


def test_filter_criteria_drop_records_that_do_not_match(lam, kinesis, role, tmp_path):
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    pattern = json.dumps({"data": {"kind": ["keep"], "n": [{"numeric": [">", 2]}]}})
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                    StartingPosition="TRIM_HORIZON",
                                    FilterCriteria={"Filters": [{"Pattern": pattern}]})
    items = [json.dumps({"kind": k, "n": n}) for k in ("keep", "drop") for n in range(5)]
    put(kinesis, name, [("k", d) for d in items + ["not json"]])
    wait_for_records(sink, 2)
    time.sleep(0.5)
    assert [json.loads(d) for _, _, d, _ in delivered(sink)] == \
        [{"kind": "keep", "n": 3}, {"kind": "keep", "n": 4}]


def test_parallelization_factor_keeps_order_per_partition_key(lam, kinesis, role, tmp_path):
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    put(kinesis, name, [("key%d" % (i % 8), "%d:%d" % (i % 8, i)) for i in range(80)])
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                    StartingPosition="TRIM_HORIZON", BatchSize=10,
                                    ParallelizationFactor=4)
    wait_for_records(sink, 80)
    time.sleep(0.3)
    got = [d for _, _, d, _ in delivered(sink)]
    assert sorted(got) == sorted("%d:%d" % (i % 8, i) for i in range(80))
    for key in range(8):
        mine = [int(d.split(":")[1]) for d in got if d.startswith("%d:" % key)]
        assert mine == sorted(mine)


def test_disable_then_enable_resumes_where_it_stopped(lam, kinesis, role, tmp_path):
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    uuid_ = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                            StartingPosition="LATEST")["UUID"]
    wait_for_state(lam, uuid_, "Enabled")
    put(kinesis, name, [("k", "a%d" % i) for i in range(5)])
    wait_for_records(sink, 5)
    lam.update_event_source_mapping(UUID=uuid_, Enabled=False)
    wait_for_state(lam, uuid_, "Disabled")
    put(kinesis, name, [("k", "b%d" % i) for i in range(5)])
    time.sleep(1.0)
    assert len(delivered(sink)) == 5
    lam.update_event_source_mapping(UUID=uuid_, Enabled=True)
    wait_for_state(lam, uuid_, "Enabled")
    wait_for_records(sink, 10)
    time.sleep(0.3)
    assert [d for _, _, d, _ in delivered(sink)] == \
        ["a%d" % i for i in range(5)] + ["b%d" % i for i in range(5)]


def test_resharding_mid_stream_loses_nothing_and_keeps_parents_first(lam, kinesis, role,
                                                                      tmp_path):
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                    StartingPosition="TRIM_HORIZON", BatchSize=5)
    keys = ["k%d" % i for i in range(6)]
    counter = iter(range(1000))

    def put_round():
        put(kinesis, name, [(k, "%s:%d" % (k, next(counter))) for k in keys for _ in range(3)])

    put_round()
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(2 ** 127))
    put_round()
    open_shards = [s["ShardId"] for s in kinesis.list_shards(StreamName=name)["Shards"]
                   if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    kinesis.merge_shards(StreamName=name, ShardToMerge=open_shards[0],
                         AdjacentShardToMerge=open_shards[1])
    put_round()
    wait_for_records(sink, 54, timeout=40)
    time.sleep(0.3)
    got = [d for _, _, d, _ in delivered(sink)]
    assert len(got) == 54 and len(set(got)) == 54
    for k in keys:
        mine = [int(d.split(":")[1]) for d in got if d.startswith(k + ":")]
        assert mine == sorted(mine), k


def test_sigkill_mid_stream_resumes_from_the_checkpoint(tmp_path):
    srv = FreshetServer().start()
    try:
        def clients():
            key, secret = srv.root_credentials()
            make = lambda s: boto3.session.Session().client(  # noqa: E731
                s, endpoint_url=srv.endpoint, region_name="us-east-1", aws_access_key_id=key,
                aws_secret_access_key=secret, config=Config(retries={"max_attempts": 0}))
            return make("lambda"), make("kinesis"), make("iam")
        lam, kinesis, iam = clients()
        sink = str(tmp_path / "sink")
        fn = make_sink(lam, make_role(iam), sink)
        name, arn = make_stream(kinesis, shards=2)
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                        StartingPosition="TRIM_HORIZON", BatchSize=10)
        acked = []

        def producer():
            for i in range(400):
                try:
                    acked.append(put(kinesis, name, [("k%d" % (i % 5), "r%d" % i)])[0])
                except Exception:
                    return

        t = threading.Thread(target=producer)
        t.start()
        wait_for(lambda: len(acked) >= 100 and len(delivered(sink)) >= 20, timeout=30)
        srv.kill()
        t.join()
        srv.start()
        lam, kinesis, iam = clients()
        acked += put(kinesis, name, [("k%d" % (i % 5), "late%d" % i) for i in range(20)])
        want = {d for _, _, d in acked}
        wait_for(lambda: want <= {d for _, _, d, _ in delivered(sink)}, timeout=60)
        got = delivered(sink)
        first_seen = {}
        for shard, seq, data, _ in got:
            first_seen.setdefault((shard, int(seq)), data)
        for shard, seqs in by_shard([(s, q, d) for (s, q), d in first_seen.items()]).items():
            order = [int(q) for s, q, _, _ in got if s == shard]
            firsts = []
            for q in order:
                if q not in firsts:
                    firsts.append(q)
            assert firsts == sorted(firsts), shard
    finally:
        srv.cleanup()


def test_maximum_record_age_gives_up_old_records(kinesis):
    """Checks the mapping started by test_record_age_setup, once its record is 60 s old."""
    assert AGED, "test_record_age_setup did not run"
    deadline = AGED["started"] + 90
    wait_for(lambda: read_stream(kinesis, AGED["dest"]),
             timeout=max(1.0, deadline - time.monotonic()), interval=0.5)
    [failure] = read_stream(kinesis, AGED["dest"])
    assert failure["requestContext"]["condition"] == "RecordAgeExceeded"
    assert "responseContext" not in failure
    assert failure["KinesisBatchInfo"]["streamArn"] == AGED["stream"]
    assert failure["requestContext"]["approximateInvokeCount"] >= 1


WINDOW_SINK = """
import json, os

def handler(event, context):
    n = (event.get("state") or {}).get("count", 0) + len(event["Records"])
    if event["isFinalInvokeForWindow"]:
        with open(os.environ["SINK_FILE"], "a") as f:
            f.write(json.dumps({"count": n, "window": event["window"],
                                "shardId": event["shardId"],
                                "source": event["eventSourceARN"]}) + "\\n")
    return {"state": {"count": n}}
"""


def test_tumbling_window_keeps_state_and_ends_with_a_final_invocation(lam, kinesis, role,
                                                                      tmp_path):
    from mappings_helpers import zip_of
    name, arn = make_stream(kinesis)
    sink = tmp_path / "windows"
    fn = unique("window")
    lam.create_function(FunctionName=fn, Runtime="python3.11", Role=role, Handler="w.handler",
                        Code={"ZipFile": zip_of({"w.py": WINDOW_SINK})},
                        Environment={"Variables": {"SINK_FILE": str(sink)}})
    m = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                        StartingPosition="TRIM_HORIZON", BatchSize=2,
                                        TumblingWindowInSeconds=2)
    assert m["TumblingWindowInSeconds"] == 2
    put(kinesis, name, [("k", "x%d" % i) for i in range(5)])
    # The records may straddle two windows: each ends with its own final invocation.
    def finals():
        text = sink.read_text() if sink.exists() else ""
        return [json.loads(line) for line in text.splitlines()]
    wait_for(lambda: sum(f["count"] for f in finals()) >= 5, timeout=15)
    time.sleep(0.3)
    assert sum(f["count"] for f in finals()) == 5
    for f in finals():
        assert f["shardId"] == "shardId-000000000000" and f["source"] == arn
        assert f["window"]["start"].endswith("Z") and f["window"]["end"] > f["window"]["start"]


def test_without_a_destination_the_failure_goes_to_the_functions_log_group(
        lam, kinesis, role, make_client, tmp_path):
    name, arn = make_stream(kinesis)
    fn = make_sink(lam, role, str(tmp_path / "sink"),
                   env={"SINK_MODE": "fail", "SINK_FAIL_ON": "*"})
    put(kinesis, name, [("k", "doomed")])
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                    StartingPosition="TRIM_HORIZON", MaximumRetryAttempts=0)
    logs = make_client("logs")
    found = []

    def logged():
        try:
            events = logs.filter_log_events(
                logGroupName="/aws/lambda/" + fn,
                logStreamNames=["event-source-mapping-failures"])["events"]
        except ClientError:
            return False
        found[:] = [json.loads(e["message"]) for e in events]
        return bool(found)
    wait_for(logged, timeout=20)
    assert found[0]["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert found[0]["KinesisBatchInfo"]["streamArn"] == arn


def test_metrics_endpoint_shows_the_mappings_counters(lam, kinesis, role, server, tmp_path):
    import urllib.error
    import urllib.request
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    uuid_ = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                            StartingPosition="TRIM_HORIZON")["UUID"]
    put(kinesis, name, [("k", "m%d" % i) for i in range(4)])
    wait_for_records(sink, 4)
    url = server.endpoint + "/metrics"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url)
    assert e.value.code == 401
    with open(server.data_dir + "/metrics-token") as f:
        token = f.read().strip()
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})

    def delivered_count():
        text = urllib.request.urlopen(req).read().decode()
        for line in text.splitlines():
            if line.startswith("freshet_mapping_records_delivered_total{uuid=\"%s\"" % uuid_):
                return int(line.rsplit(" ", 1)[1])
        return -1
    wait_for(lambda: delivered_count() == 4)
    text = urllib.request.urlopen(req).read().decode()
    assert "# TYPE freshet_mapping_iterator_age_seconds gauge" in text
    assert "# TYPE freshet_http_requests_total counter" in text
    assert 'function="%s"' % fn in text
