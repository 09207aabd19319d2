"""DynamoDB through other real clients: the AWS SDK for JavaScript v2 DocumentClient (the
reference architecture's writer), v3 with @aws-sdk/lib-dynamodb, and the AWS CLI."""
import json
import os
import subprocess

import tables_helpers
from tables_helpers import table_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_node(server, root_keys, script, table):
    out = subprocess.run(["node", "--no-warnings", os.path.join(ROOT, "tests/compat/js", script),
                          server.endpoint, *root_keys, table],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_javascript_sdk_v2_document_client(server, root_keys):
    r = run_node(server, root_keys, "dynamodb_v2_document_client.js", table_name("js2"))
    assert r["got"]["reading"] == 1.25
    assert r["got"]["meta"] == {"ok": True, "list": [1, "x", None]}
    assert r["tags"] == ["a", "b"]
    assert r["updated"]["reading"] == 1.75 and r["updated"]["count"] == 1
    assert r["unprocessed"] == 0
    assert r["seen"] == list(range(11, 61))
    assert r["pages"] == 3
    assert r["conditional"] == "ConditionalCheckFailedException"


def test_javascript_sdk_v3_lib_dynamodb(server, root_keys):
    r = run_node(server, root_keys, "dynamodb_v3_lib.mjs", table_name("js3"))
    assert r["status"] == "ACTIVE"
    assert r["got"] == {"pk": "u", "sk": "profile", "name": "Ada", "n": 3}
    assert r["updated"] == {"n": 4}
    assert r["orders"] == ["order#c", "order#b", "order#a"]
    assert r["conditional"] == "ConditionalCheckFailedException"


def aws_cli(server, root_keys, *args):
    return tables_helpers.aws_cli(server, root_keys, "dynamodb", *args)


def test_aws_cli_create_put_query(server, root_keys):
    name = table_name("cli")
    d = aws_cli(server, root_keys, "create-table", "--table-name", name,
                "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                "AttributeName=sk,AttributeType=N",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                "--billing-mode", "PAY_PER_REQUEST")
    assert d["TableDescription"]["TableStatus"] == "ACTIVE"
    aws_cli(server, root_keys, "wait", "table-exists", "--table-name", name)
    for sk in ("10", "9", "100"):
        aws_cli(server, root_keys, "put-item", "--table-name", name, "--item",
                json.dumps({"pk": {"S": "cli"}, "sk": {"N": sk}, "v": {"S": "x" + sk}}))
    out = aws_cli(server, root_keys, "query", "--table-name", name,
                  "--key-condition-expression", "pk = :p",
                  "--expression-attribute-values", json.dumps({":p": {"S": "cli"}}))
    assert [i["sk"]["N"] for i in out["Items"]] == ["9", "10", "100"]
    # The CLI pages through Limit-sized pages by itself.
    out = aws_cli(server, root_keys, "scan", "--table-name", name, "--page-size", "1")
    assert out["Count"] == 3


def test_freshet_scan_pages_and_prints_plain_json(server, root_keys, make_client):
    from freshet_server import BINARY
    from tables_helpers import create
    ddb = make_client("dynamodb")
    name = create(ddb)
    for i in range(7):
        ddb.put_item(TableName=name, Item={"pk": {"S": "k%d" % i},
                                           "n": {"N": "12345678901234567890123456789.%d" % i},
                                           "tags": {"SS": ["x"]}, "m": {"M": {"b": {"BOOL": True}}}})
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1])
    out = subprocess.run([BINARY, "scan", name, "--page-size", "3",
                          "--endpoint-url", server.endpoint],
                         capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 7
    assert "7 items in 3 pages" in out.stderr
    items = [json.loads(line, parse_float=str, parse_int=str) for line in lines]
    assert items[0]["tags"] == ["x"] and items[0]["m"] == {"b": True}
    # Every digit kept (a double would round them away); "...89.0" is stored as "...89".
    assert sorted(i["n"] for i in items) == ["12345678901234567890123456789"] + [
        "12345678901234567890123456789.%d" % i for i in range(1, 7)]
    limited = subprocess.run([BINARY, "scan", name, "-n", "2", "--typed",
                              "--endpoint-url", server.endpoint],
                             capture_output=True, text=True, timeout=60, env=env)
    assert limited.returncode == 0, limited.stderr
    assert len(limited.stdout.strip().splitlines()) == 2
    assert json.loads(limited.stdout.splitlines()[0])["pk"]["S"].startswith("k")
    missing = subprocess.run([BINARY, "scan", table_name(), "--endpoint-url", server.endpoint],
                             capture_output=True, text=True, timeout=60, env=env)
    assert missing.returncode == 1 and "ResourceNotFoundException" in missing.stderr
