"""CloudFormation through the AWS CLI: `aws cloudformation package` uploads a local CodeUri to
S3, `aws cloudformation deploy` creates the reference stack through a change set, and a
second deploy with nothing changed says so. Then Freshet's own `freshet deploy` (which packages
local code itself), `freshet outputs`, `freshet stacks` and `freshet delete`."""
import hashlib
import json
import os
import re
import shutil
import subprocess

import botocore
import pytest

from freshet_server import BINARY
from stacks_helpers import HANDLER, REFARCH, stack_name

LOCAL_CODE = REFARCH.replace("""      CodeUri:
        Bucket: !Ref CodeBucket
        Key: !Ref CodeKey
""", "      CodeUri: ./handler\n").replace("""  CodeBucket:
    Type: String
  CodeKey:
    Type: String
""", "")


def cli_versions():
    """Each AWS CLI on the machine with its version: Debian's v2 and the image's v1."""
    found = {}
    for exe in [shutil.which("aws", path="/usr/bin"), shutil.which("aws")]:
        if exe and exe not in found:
            out = subprocess.run([exe, "--version"], capture_output=True, text=True)
            m = re.match(r"aws-cli/(\d+)\.(\d+)", out.stdout + out.stderr)
            if m:
                found[exe] = (int(m.group(1)), int(m.group(2)))
    return found


def packaging_cli():
    """A CLI whose `package` honours AWS_ENDPOINT_URL (v1 1.29+, v2 2.13+): older ones send
    the upload to AWS's own S3 whatever --endpoint-url says."""
    for exe, (major, minor) in cli_versions().items():
        if (major, minor) >= ((1, 29) if major == 1 else (2, 13)):
            return exe
    return None


def aws(server, root_keys, *args, check=True, cwd=None, exe=None):
    exe = exe or shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    if exe is None:
        pytest.skip("no AWS CLI on this machine")
    # `package` and `deploy` make their own S3 client: AWS_ENDPOINT_URL points it here too.
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="", AWS_ENDPOINT_URL=server.endpoint)
    env.pop("AWS_PROFILE", None)
    out = subprocess.run([exe, "--endpoint-url", server.endpoint, "--output", "json", *args],
                         capture_output=True, text=True, timeout=180, env=env, cwd=cwd)
    if check:
        assert out.returncode == 0, out.stdout + out.stderr
    return out


def test_package_and_deploy_the_reference_stack(server, root_keys, make_client, tmp_path):
    assert "CodeBucket" not in LOCAL_CODE and "./handler" in LOCAL_CODE
    (tmp_path / "handler").mkdir()
    (tmp_path / "handler" / "index.js").write_text(HANDLER)
    (tmp_path / "template.yaml").write_text(LOCAL_CODE)
    bucket = stack_name("freshet-cli-deploy")
    make_client("s3").create_bucket(Bucket=bucket)
    packager = packaging_cli()
    if packager is None:
        pytest.skip("no AWS CLI here can package to a local endpoint")
    aws(server, root_keys, "cloudformation", "package", "--template-file", "template.yaml",
        "--s3-bucket", bucket, "--output-template-file", "packaged.yaml", cwd=tmp_path,
        exe=packager)
    packaged = (tmp_path / "packaged.yaml").read_text()
    assert re.search(r"CodeUri: s3://%s/[0-9a-f]{32}" % bucket, packaged), packaged

    name = stack_name("cli")
    aws(server, root_keys, "cloudformation", "deploy", "--template-file", "packaged.yaml",
        "--stack-name", name, "--capabilities", "CAPABILITY_IAM", cwd=tmp_path)
    stack = json.loads(aws(server, root_keys, "cloudformation", "describe-stacks",
                           "--stack-name", name).stdout)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert set(out) == {"AccessKeyId", "SecretAccessKey", "KinesisStream", "Region"}
    fn = json.loads(aws(server, root_keys, "cloudformation", "describe-stack-resource",
                        "--stack-name", name, "--logical-resource-id", "DDBEventProcessor")
                    .stdout)["StackResourceDetail"]["PhysicalResourceId"]
    assert re.fullmatch(re.escape(name) + r"-DDBEventProcessor-[A-Za-z0-9]{12}", fn)

    again = aws(server, root_keys, "cloudformation", "deploy", "--template-file",
                "packaged.yaml", "--stack-name", name, "--capabilities", "CAPABILITY_IAM",
                "--no-fail-on-empty-changeset", cwd=tmp_path, check=False)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes to deploy" in again.stdout + again.stderr

    aws(server, root_keys, "cloudformation", "delete-stack", "--stack-name", name)
    aws(server, root_keys, "cloudformation", "wait", "stack-delete-complete", "--stack-name",
        name)


# `freshet deploy`, `outputs`, `stacks` and `delete`: Freshet's own CLI for stacks.

FRESHET_TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: freshet deploy packages local code  # this comment must survive packaging
Resources:
  Events:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Counter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.11
      Handler: index.handler
      CodeUri: ./src   # a local folder
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Events.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
Outputs:
  StreamName:
    Value: !Ref Events
  FunctionName:
    Value: !Ref Counter
"""

COUNTER = "def handler(event, context):\n    return len(event['Records'])\n"


def freshet(server, *args, timeout=30, cwd=None):
    # As in test_streams_clients.py: the binary signs with the data directory's credentials.
    return subprocess.run([BINARY, *args, "--endpoint-url", server.endpoint, "--data-dir",
                           server.data_dir], capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, env=dict(os.environ, AWS_PROFILE="", AWS_ACCESS_KEY_ID="",
                                            AWS_SHARED_CREDENTIALS_FILE="/nonexistent"))


def test_freshet_deploy_packages_local_code_and_prints_outputs(server, make_client, tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.py").write_text(COUNTER)
    (tmp_path / "template.yaml").write_text(FRESHET_TEMPLATE)
    name = stack_name("fdeploy")
    deploy = freshet(server, "deploy", "template.yaml", "--stack", name, timeout=180,
                     cwd=tmp_path)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    lines = deploy.stdout.splitlines()
    # One line per event, oldest first: the stack starts, its resources complete, it completes.
    assert re.fullmatch(r"\S+ %s AWS::CloudFormation::Stack CREATE_IN_PROGRESS( .*)?" % name,
                        lines[0]), deploy.stdout
    for resource in ("Events AWS::Kinesis::Stream", "Counter AWS::Lambda::Function"):
        assert any(re.fullmatch(r"\S+ %s CREATE_COMPLETE" % resource, line) for line in lines), \
            deploy.stdout
    done = [i for i, line in enumerate(lines)
            if re.fullmatch(r"\S+ %s AWS::CloudFormation::Stack CREATE_COMPLETE" % name, line)]
    assert len(done) == 1, deploy.stdout
    cfn = make_client("cloudformation")
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    expected = sorted("%s = %s" % (o["OutputKey"], o["OutputValue"]) for o in stack["Outputs"])
    assert sorted(lines[done[0] + 1:]) == expected and len(expected) == 2, deploy.stdout
    assert "StreamName = %s" % name in deploy.stdout

    # The code went to freshet-deploy-<account> under its SHA-256, and the template was
    # rewritten only where the path was: the comment and the short-form tags are still there.
    account = make_client("sts").get_caller_identity()["Account"]
    body = cfn.get_template(StackName=name)["TemplateBody"]
    m = re.search(r"CodeUri: s3://freshet-deploy-%s/([0-9a-f]{64})\.zip   # a local folder\n"
                  % account, body)
    assert m, body
    assert body == FRESHET_TEMPLATE.replace("./src", "s3://freshet-deploy-%s/%s.zip"
                                            % (account, m.group(1)))
    zipped = make_client("s3").get_object(Bucket="freshet-deploy-" + account,
                                          Key=m.group(1) + ".zip")["Body"].read()
    assert hashlib.sha256(zipped).hexdigest() == m.group(1)
    function = [o["OutputValue"] for o in stack["Outputs"] if o["OutputKey"] == "FunctionName"][0]
    answer = make_client("lambda").invoke(FunctionName=function,
                                          Payload=json.dumps({"Records": [{}, {}, {}]}))
    assert answer["Payload"].read() == b"3"

    out = freshet(server, "outputs", name)
    assert out.returncode == 0, out.stderr
    assert sorted(out.stdout.splitlines()) == expected
    listed = freshet(server, "stacks")
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^%s +CREATE_COMPLETE +\S+$" % name, listed.stdout, re.M), listed.stdout

    # The same files zip to the same bytes, so a second deploy changes nothing.
    again = freshet(server, "deploy", "template.yaml", "--stack", name, timeout=180,
                    cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == "No changes to deploy; stack %s is up to date.\n" % name

    gone = freshet(server, "delete", name, timeout=180)
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert re.search(r"^\S+ %s AWS::CloudFormation::Stack DELETE_COMPLETE$" % name,
                     gone.stdout, re.M), gone.stdout
    assert "CREATE_COMPLETE" not in gone.stdout  # only the deletion's events
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cfn.describe_stacks(StackName=name)
    assert "Stack with id %s does not exist" % name in str(e.value)
    assert name not in freshet(server, "stacks").stdout


def test_freshet_outputs_of_a_missing_stack_fails(server):
    out = freshet(server, "outputs", "nosuchstack")
    assert out.returncode == 1
    assert out.stderr == "ValidationError: Stack with id nosuchstack does not exist\n"
