"""GET /metrics with real clients: the families the console reads (src/console/README.md) count
exactly what a stream, a table and a function did, deleted resources' series go away, the
histogram's count is the invocations, and promtool accepts the whole exposition."""
import json
import re
import shutil
import subprocess
import urllib.request

import pytest
from botocore.exceptions import ClientError

from freshet_server import wait_for
from mappings_helpers import make_role, make_sink, make_stream, unique, wait_for_records, zip_of

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
DURATION_BOUNDS = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
                   "1", "2.5", "5", "10", "30", "60", "+Inf"]
FUNCTION = """
exports.handler = async (event) => {
  if (event.fail) throw new Error('asked to fail');
  return {ok: true};
};
"""


@pytest.fixture(scope="module")
def scrape(server):
    with open(server.data_dir + "/metrics-token") as f:
        token = f.read().strip()
    req = urllib.request.Request(server.endpoint + "/metrics",
                                 headers={"Authorization": "Bearer " + token})

    def get():
        with urllib.request.urlopen(req) as r:
            return r.read().decode()
    return get


def parse(text):
    """{family or sample name: {frozenset of (label, value): float}}, and the TYPE lines."""
    samples, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        labels = frozenset(LABEL.findall(m.group(2) or ""))
        samples.setdefault(m.group(1), {})[labels] = float(m.group(3))
    return samples, types


def value(samples, name, **labels):
    """The sample's value, or None when the series is absent."""
    return samples.get(name, {}).get(frozenset(labels.items()))


def test_metrics_count_streams_tables_and_functions(make_client, scrape):
    kinesis, ddb, lam = make_client("kinesis"), make_client("dynamodb"), make_client("lambda")
    role = make_role(make_client("iam"))

    # Streams: 4 records and 11 bytes of data in, the same out; failures count nothing.
    stream = unique("metrics-stream")
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    kinesis.put_record(StreamName=stream, PartitionKey="k", Data=b"hello")
    r = kinesis.put_records(StreamName=stream, Records=[
        {"PartitionKey": "a", "Data": b"a"}, {"PartitionKey": "b", "Data": b"bb"},
        {"PartitionKey": "c", "Data": b"ccc"}])
    assert r["FailedRecordCount"] == 0
    with pytest.raises(ClientError):
        kinesis.put_record(StreamName=stream, PartitionKey="k", Data=b"x",
                           SequenceNumberForOrdering="1")
    with pytest.raises(ClientError):
        kinesis.put_record(StreamName=stream + "-missing", PartitionKey="k", Data=b"x")
    it = kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    got = kinesis.get_records(ShardIterator=it)
    assert [x["Data"] for x in got["Records"]] == [b"hello", b"a", b"bb", b"ccc"]
    assert kinesis.get_records(ShardIterator=got["NextShardIterator"])["Records"] == []
    gone = unique("metrics-gone")
    kinesis.create_stream(StreamName=gone, ShardCount=1)
    kinesis.put_record(StreamName=gone, PartitionKey="k", Data=b"bye")

    # Tables: 7 items written (2 puts, 1 update, 1 delete, a batch of 3), 9 returned.
    table = unique("metrics-table")
    ddb.create_table(TableName=table, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}})
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=table, Item={"pk": {"S": "b"}},
                     ConditionExpression="attribute_not_exists(pk)")
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    ddb.update_item(TableName=table, Key={"pk": {"S": "c"}}, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "1"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": {"S": k}}}} for k in ("d", "e", "f")]})
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "b"}})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
    batch = ddb.batch_get_item(RequestItems={table: {"Keys": [
        {"pk": {"S": "b"}}, {"pk": {"S": "c"}}, {"pk": {"S": "zz"}}]}})
    assert len(batch["Responses"][table]) == 2
    assert ddb.query(TableName=table, KeyConditionExpression="pk = :k",
                     ExpressionAttributeValues={":k": {"S": "d"}})["Count"] == 1
    assert ddb.scan(TableName=table)["Count"] == 5

    # Functions: 4 invocations (3 RequestResponse, 1 Event), 1 of them an error; DryRun and
    # other calls are not invocations.
    fn = unique("metrics-fn")
    lam.create_function(FunctionName=fn, Runtime="nodejs20.x", Role=role,
                        Handler="index.handler", Code={"ZipFile": zip_of({"index.js": FUNCTION})})
    assert "FunctionError" not in lam.invoke(FunctionName=fn, Payload=b"{}")
    assert "FunctionError" not in lam.invoke(FunctionName=fn, Payload=b"{}")
    assert lam.invoke(FunctionName=fn, Payload=json.dumps({"fail": True}))["FunctionError"]
    assert lam.invoke(FunctionName=fn, Payload=b"{}", InvocationType="DryRun")[
        "StatusCode"] == 204
    assert lam.invoke(FunctionName=fn, Payload=b"{}", InvocationType="Event")["StatusCode"] == 202
    wait_for(lambda: value(parse(scrape())[0], "freshet_function_invocations_total",
                           function=fn) == 4, timeout=30)

    kinesis.delete_stream(StreamName=gone)
    text = scrape()
    s, types = parse(text)
    assert types["freshet_stream_incoming_records_total"] == "counter"
    assert value(s, "freshet_stream_incoming_records_total", stream=stream) == 4
    assert value(s, "freshet_stream_incoming_bytes_total", stream=stream) == 11
    assert value(s, "freshet_stream_outgoing_records_total", stream=stream) == 4
    assert value(s, "freshet_stream_outgoing_bytes_total", stream=stream) == 11
    assert 'stream="%s"' % gone not in text  # a deleted stream's series are gone

    assert types["freshet_table_write_items_total"] == "counter"
    assert value(s, "freshet_table_write_items_total", table=table) == 7
    assert value(s, "freshet_table_read_items_total", table=table) == 9

    assert types["freshet_function_duration_seconds"] == "histogram"
    assert types["freshet_function_concurrent_executions"] == "gauge"
    assert value(s, "freshet_function_invocations_total", function=fn) == 4
    assert value(s, "freshet_function_errors_total", function=fn) == 1
    assert value(s, "freshet_function_duration_seconds_count", function=fn) == 4
    assert value(s, "freshet_function_duration_seconds_sum", function=fn) > 0
    buckets = [value(s, "freshet_function_duration_seconds_bucket", function=fn, le=le)
               for le in DURATION_BOUNDS]
    assert None not in buckets and buckets == sorted(buckets) and buckets[-1] == 4
    assert value(s, "freshet_function_concurrent_executions", function=fn) == 0

    lam.delete_function(FunctionName=fn)
    assert 'function="%s"' % fn not in scrape()


def test_mapping_invocations_are_function_invocations(make_client, scrape, tmp_path):
    kinesis, lam = make_client("kinesis"), make_client("lambda")
    role = make_role(make_client("iam"))
    name, arn = make_stream(kinesis)
    sink = str(tmp_path / "sink")
    fn = make_sink(lam, role, sink)
    uuid_ = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName=fn,
                                            StartingPosition="TRIM_HORIZON")["UUID"]
    kinesis.put_records(StreamName=name, Records=[
        {"PartitionKey": "k", "Data": ("r%d" % i).encode()} for i in range(5)])
    wait_for_records(sink, 5)
    labels = {"uuid": uuid_, "function": fn, "event_source_arn": arn}

    def counts():
        s = parse(scrape())[0]
        return (value(s, "freshet_mapping_invocations_total", **labels),
                value(s, "freshet_function_invocations_total", function=fn),
                value(s, "freshet_function_duration_seconds_count", function=fn),
                value(s, "freshet_mapping_records_delivered_total", **labels))
    wait_for(lambda: counts()[3] == 5 and counts()[0] == counts()[1], timeout=30)
    batches, invocations, durations, _ = counts()
    assert batches >= 1 and invocations == batches and durations == invocations
    s = parse(scrape())[0]
    assert value(s, "freshet_function_errors_total", function=fn) == 0
    # The mapping read the records with GetRecords: they count as the stream's outgoing.
    assert value(s, "freshet_stream_incoming_records_total", stream=name) == 5
    assert value(s, "freshet_stream_outgoing_records_total", stream=name) >= 5
    age = value(s, "freshet_mapping_iterator_age_seconds", **labels)
    assert age is not None and age >= 0
    lam.delete_event_source_mapping(UUID=uuid_)


def test_promtool_accepts_the_exposition(scrape):
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: tools/setup.sh installs Debian's prometheus package"
    text = scrape()
    for family in ("freshet_http_requests_total", "freshet_stream_incoming_records_total",
                   "freshet_stream_outgoing_bytes_total", "freshet_function_invocations_total",
                   "freshet_function_errors_total", "freshet_function_duration_seconds",
                   "freshet_function_concurrent_executions", "freshet_table_write_items_total",
                   "freshet_table_read_items_total", "freshet_mapping_iterator_age_seconds",
                   "freshet_mapping_invocations_total"):
        assert "# HELP %s " % family in text and "# TYPE %s " % family in text, family
    r = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == "", (r.stdout, r.stderr, text)


def test_a_bucket_named_metrics_is_s3s_and_the_endpoint_stays(make_client, scrape):
    # Path-style S3 calls on /metrics are signed with SigV4: they go to S3, not to the
    # metrics endpoint, which answers the bearer token (and console sessions) only.
    s3 = make_client("s3")
    s3.create_bucket(Bucket="metrics")
    s3.put_object(Bucket="metrics", Key="k", Body=b"v")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="metrics")["Contents"]] == ["k"]
    assert s3.get_object(Bucket="metrics", Key="k")["Body"].read() == b"v"
    s3.delete_object(Bucket="metrics", Key="k")
    s3.delete_bucket(Bucket="metrics")
    assert "# TYPE freshet_http_requests_total counter" in scrape()
