"""DynamoDB time to live with real clients: UpdateTimeToLive and DescribeTimeToLive with
DynamoDB's checks and messages, expired items deleted by the sweeper (and only those: future
expiry times, non-Numbers and times more than five years old stay), also for items that
expired while the server was down. The server sweeps every 100 ms (FRESHET_TTL_SWEEP_MS)."""
import time

import boto3
import pytest
from botocore.config import Config

from freshet_server import FreshetServer, wait_for
from tables_helpers import create, expect_error, table_name

SWEEP_ENV = {"FRESHET_TTL_SWEEP_MS": "100"}


def client_for(server):
    key, secret = server.root_credentials()
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def fast_server():
    s = FreshetServer(env=SWEEP_ENV).start()
    yield s
    code = s.stop()
    s.cleanup()
    assert code == 0, "freshet did not exit cleanly:\n" + "".join(s.output)


def keys(ddb, table):
    return sorted(i["pk"]["S"] for i in ddb.scan(TableName=table)["Items"])


def enable(ddb, table, attribute="exp"):
    return ddb.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute})


def test_enable_describe_disable_and_errors(make_client):
    ddb = make_client("dynamodb")
    t = create(ddb)
    assert ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    spec = {"Enabled": False, "AttributeName": "exp"}
    expect_error("ValidationException", "TimeToLive is already disabled",
                 ddb.update_time_to_live, TableName=t, TimeToLiveSpecification=spec)
    out = enable(ddb, t)
    assert out["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "exp"}
    assert ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    expect_error("ValidationException", "TimeToLive is already enabled", enable, ddb, t)
    different = "TimeToLive is active on a different AttributeName: current AttributeName is exp"
    expect_error("ValidationException", different, enable, ddb, t, "other")
    expect_error("ValidationException", different, ddb.update_time_to_live, TableName=t,
                 TimeToLiveSpecification={"Enabled": False, "AttributeName": "other"})
    # DescribeTable shows nothing of time to live, as on DynamoDB.
    assert "TimeToLiveDescription" not in ddb.describe_table(TableName=t)["Table"]
    out = ddb.update_time_to_live(TableName=t, TimeToLiveSpecification=spec)
    assert out["TimeToLiveSpecification"] == spec
    assert ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    # Re-enabling at once, with another attribute, is allowed (no one-hour wait in Freshet).
    enable(ddb, t, "other")
    missing = table_name()
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % missing,
                 ddb.describe_time_to_live, TableName=missing)
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % missing, enable, ddb,
                 missing)


def test_expired_items_disappear(fast_server):
    ddb = client_for(fast_server)
    t = create(ddb)
    now = int(time.time())
    items = {
        "past": {"N": str(now - 10)},
        "just-now": {"N": str(now)},
        "future": {"N": str(now + 3600)},
        "string": {"S": str(now - 10)},
        "millis": {"N": str((now - 10) * 1000)},  # far in the future as seconds
        "ancient": {"N": str(now - 6 * 365 * 86400)},  # more than five years ago: ignored
    }
    for pk, exp in items.items():
        ddb.put_item(TableName=t, Item={"pk": {"S": pk}, "exp": exp})
    ddb.put_item(TableName=t, Item={"pk": {"S": "none"}})
    # TTL is off: expired items stay (and reads are never filtered).
    time.sleep(0.5)
    assert len(keys(ddb, t)) == 7
    enable(ddb, t)
    stays = ["ancient", "future", "millis", "none", "string"]
    wait_for(lambda: keys(ddb, t) == stays, timeout=10)
    # An item written already expired goes too; one whose expiry is extended stays.
    ddb.put_item(TableName=t, Item={"pk": {"S": "late"}, "exp": {"N": str(now - 1)}})
    wait_for(lambda: keys(ddb, t) == stays, timeout=10)
    ddb.update_item(TableName=t, Key={"pk": {"S": "future"}}, UpdateExpression="SET exp = :e",
                    ExpressionAttributeValues={":e": {"N": str(now + 7200)}})
    time.sleep(0.5)
    assert keys(ddb, t) == stays


def test_items_that_expired_while_down_are_deleted_after_start():
    server = FreshetServer(env=SWEEP_ENV).start()
    try:
        ddb = client_for(server)
        t = create(ddb)
        enable(ddb, t)
        expiry = time.time() + 3
        ddb.put_item(TableName=t, Item={"pk": {"S": "soon"}, "exp": {"N": str(int(expiry))}})
        ddb.put_item(TableName=t, Item={"pk": {"S": "later"},
                                        "exp": {"N": str(int(expiry) + 3600)}})
        assert keys(ddb, t) == ["later", "soon"]
        server.kill()
        while time.time() < expiry + 1.5:
            time.sleep(0.1)
        restarted = FreshetServer(data_dir=server.data_dir, env=SWEEP_ENV)
        restarted._tmp, server._tmp = server._tmp, None
        server = restarted.start()
        ddb = client_for(server)
        wait_for(lambda: keys(ddb, t) == ["later"], timeout=10)
        assert ddb.describe_time_to_live(TableName=t)["TimeToLiveDescription"] == {
            "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0
