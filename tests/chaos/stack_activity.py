"""CloudFormation stacks under SIGKILL, for pipeline_chaos.py.

Every stack comes from one template: a Kinesis stream, a DynamoDB table, an IAM role and an S3
bucket; then a custom resource whose function waits a given time before it answers (so that
a kill finds the stack half made); then a Python function with inline code that runs as the
role and names the stream and the custom resource's value. Each stack name (`cstk-<n>`) is used
once. Two stacks are created before the kills; then a background thread keeps creating stacks
(at most two in progress, waits of 0.05-0.6 s), updates completed ones in place (the stream's
retention and the function's environment, from parameters) and deletes finished ones (rolled
back, or complete while another complete one remains). It records what the server
acknowledged: CreateStack's StackId, UpdateStack's and DeleteStack's answers, and how many kills
had come before each call. `create_before_kill()` starts a stack (a 1 s wait) for
pipeline_chaos.py to kill the server in the middle of.

check() then verifies, on the restarted server:
  - within 120 s no stack is in an *_IN_PROGRESS state (after a restart a create rolls back and
    a delete goes on: Engine::resume);
  - every acknowledged create exists and ended CREATE_COMPLETE, or ROLLBACK_COMPLETE when a
    kill came after its CreateStack; an acknowledged update ended UPDATE_COMPLETE with its
    retention and environment applied, or UPDATE_ROLLBACK_FAILED when a kill came after it
    (how Engine::resume marks an interrupted update); an acknowledged delete ended
    DELETE_COMPLETE; a call that was not acknowledged ended in the state before it or after it;
  - each stack's last event is its status (figures from the events: stacks ever created, rolled
    back, updated, deleted; creates cut by a kill, and how many kills cut one);
  - every resource of a live stack exists (DescribeStreamSummary, DescribeTable, GetRole,
    HeadBucket, GetFunction);
  - nothing leaked: every stream, table, role, bucket and function whose name begins with
    `cstk-` is a physical resource of a live stack (the engine's names are
    `<stack>-<LogicalId>-<suffix>`), so a rolled-back or deleted stack left nothing behind.
"""
import json
import random
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError
from mappings_helpers import TRUST, zip_of

from activity import Activity, server_failed

PREFIX = "cstk-"
RESTARTED = "The server restarted during the operation"
CODE = "import os\n\ndef handler(event, context):\n    return os.environ['NOTE']\n"
# The custom resource's function (not a stack's: its name does not begin with PREFIX). A create
# waits `Seconds` before it answers, so that a kill finds the stack half made; other requests
# answer at once. The response is what the cfn-response module PUTs.
PAUSE = """
import json, time, urllib.request

def handler(event, context):
    if event["RequestType"] == "Create":
        time.sleep(float(event["ResourceProperties"]["Seconds"]))
    body = json.dumps({"Status": "SUCCESS", "Reason": "", "PhysicalResourceId":
                       event.get("PhysicalResourceId") or "pause-" + event["RequestId"],
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"],
                       "Data": {"Token": event["RequestId"]}}).encode()
    urllib.request.urlopen(urllib.request.Request(
        event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""}), timeout=10)
"""
# Wave 1: stream, table, role, bucket; wave 2: the pause (names the stream and the table);
# wave 3: the function (runs as the role, names the stream and the pause's token).
TEMPLATE = json.dumps({
    "Parameters": {"Retention": {"Type": "Number", "Default": "24"},
                   "Note": {"Type": "String", "Default": "created"},
                   "PauseSeconds": {"Type": "String"}, "PauseFunction": {"Type": "String"}},
    "Resources": {
        "Stream": {"Type": "AWS::Kinesis::Stream",
                   "Properties": {"ShardCount": 1, "RetentionPeriodHours": {"Ref": "Retention"}}},
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}},
        "Role": {"Type": "AWS::IAM::Role",
                 "Properties": {"AssumeRolePolicyDocument": json.loads(TRUST)}},
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "Pause": {"Type": "Custom::Pause", "Properties": {
            "ServiceToken": {"Ref": "PauseFunction"}, "Seconds": {"Ref": "PauseSeconds"},
            "Stream": {"Ref": "Stream"}, "Table": {"Ref": "Table"}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.11", "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": CODE},
            "Environment": {"Variables": {"NOTE": {"Ref": "Note"}, "STREAM": {"Ref": "Stream"},
                                          "TOKEN": {"Fn::GetAtt": ["Pause", "Token"]}}}}}}})
TYPES = {"AWS::Kinesis::Stream", "AWS::DynamoDB::Table", "AWS::IAM::Role", "AWS::S3::Bucket",
         "AWS::Lambda::Function", "Custom::Pause"}
LIVE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_FAILED"}


def parameters(pause_function, pause, retention=None, note=None):
    out = [{"ParameterKey": "PauseFunction", "ParameterValue": pause_function},
           {"ParameterKey": "PauseSeconds", "ParameterValue": pause}]
    if retention is not None:
        out += [{"ParameterKey": "Retention", "ParameterValue": str(retention)},
                {"ParameterKey": "Note", "ParameterValue": note}]
    return out


class Stack:
    def __init__(self, name, kills, pause):
        self.name = name
        self.pause = pause  # the custom resource's wait, seconds (a string)
        self.kills_at_create = kills  # kills before CreateStack was sent
        self.stack_id = None  # set when CreateStack was acknowledged
        self.seen = None  # the last status the thread saw
        self.completed = False  # seen CREATE_COMPLETE (or later) once
        self.update_sent = None  # (kills before it, retention, note)
        self.update_acked = False
        self.delete_sent = None  # kills before DeleteStack was sent
        self.delete_acked = False


class StackActivity(Activity):
    def __init__(self, pipeline, seed):
        super().__init__()
        self.p = pipeline
        self.rnd = random.Random(seed * 31 + 7)
        self.lock = threading.Lock()
        self.stacks = []
        self.kills = 0
        self.pause_function = None

    def setup(self):
        iam, lam = self.p.client("iam"), self.p.client("lambda")
        role = iam.create_role(RoleName="chaos-pause", AssumeRolePolicyDocument=TRUST)["Role"][
            "Arn"]
        self.pause_function = lam.create_function(
            FunctionName="chaos-pause", Runtime="python3.11", Role=role, Handler="pause.handler",
            Timeout=30, Code={"ZipFile": zip_of({"pause.py": PAUSE})})["FunctionArn"]
        deadline = time.monotonic() + 60
        while lam.get_function_configuration(FunctionName="chaos-pause")["State"] != "Active":
            if time.monotonic() > deadline:
                raise RuntimeError("chaos-pause is not Active after 60 s")
            time.sleep(0.1)
        # Two stacks complete before the kills, for the thread to update while they come.
        cfn = self.p.client("cloudformation")
        ready = [self.create(cfn, 0.0) for _ in range(2)]
        deadline = time.monotonic() + 120
        for s in ready:
            while True:
                s.seen = cfn.describe_stacks(StackName=s.stack_id)["Stacks"][0]["StackStatus"]
                if not s.seen.endswith("_IN_PROGRESS"):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("stack %s is %s after 120 s" % (s.name, s.seen))
                time.sleep(0.1)
            s.completed = s.seen == "CREATE_COMPLETE"

    def note_kill(self):
        with self.lock:
            self.kills += 1

    def create(self, cfn, pause):
        """Sends CreateStack for a new stack; records it, and its StackId when acknowledged."""
        with self.lock:
            s = Stack("%s%04d" % (PREFIX, len(self.stacks)), self.kills, "%.2f" % pause)
            self.stacks.append(s)
        s.stack_id = cfn.create_stack(
            StackName=s.name, TemplateBody=TEMPLATE, Capabilities=["CAPABILITY_IAM"],
            Parameters=parameters(self.pause_function, s.pause))["StackId"]
        return s

    def create_before_kill(self, cfn):
        """A create for the caller to kill the server in the middle of (it takes seconds)."""
        try:
            self.create(cfn, 1.0)
        except Exception as e:  # the point is the kill, not the call
            print("disturb stack: %s" % e)

    def completed(self):
        """How many stacks were seen complete, and how many deletes were acknowledged."""
        with self.lock:
            return (sum(1 for s in self.stacks if s.completed),
                    sum(1 for s in self.stacks if s.delete_acked))

    def loop(self):
        cfn, endpoint = None, None
        while not self.p.stop.is_set():
            self.p.up.wait()
            if endpoint != self.p.server.endpoint:
                cfn, endpoint = self.p.client("cloudformation"), self.p.server.endpoint
            try:
                self.step(cfn)
            except ClientError as e:
                if not server_failed(e):
                    self.problems.append("refused: %s" % e)
                time.sleep(0.05)
            except BotoCoreError:
                time.sleep(0.05)  # no answer: the server was killed
            time.sleep(0.05)

    def step(self, cfn):
        seen = {}
        for page in cfn.get_paginator("describe_stacks").paginate():
            for st in page["Stacks"]:
                seen[st["StackName"]] = st["StackStatus"]
        with self.lock:
            for s in self.stacks:
                if s.name in seen and s.stack_id:
                    s.seen = seen[s.name]
                    s.completed = s.completed or s.seen in LIVE
                elif s.delete_sent is not None:
                    s.seen = "DELETE_COMPLETE"  # DescribeStacks without a name omits deleted ones
            stacks = list(self.stacks)
        busy = [s for s in stacks if s.seen is None or s.seen.endswith("_IN_PROGRESS")]
        finished = [s for s in stacks if s.stack_id and s.delete_sent is None
                    and s.seen is not None and not s.seen.endswith("_IN_PROGRESS")]
        # Keep one live stack, so that the checks find one whose resources must exist.
        deletable = [s for s in finished if s.seen not in LIVE
                     or sum(1 for x in finished if x.seen in LIVE) > 1]
        updatable = [s for s in finished if s.seen == "CREATE_COMPLETE" and s.update_sent is None]
        r = self.rnd.random()
        if r < 0.3 and updatable:
            s = self.rnd.choice(updatable)
            s.update_sent = (self.kills, 48, "updated-%s" % s.name)
            cfn.update_stack(StackName=s.stack_id, TemplateBody=TEMPLATE,
                             Capabilities=["CAPABILITY_IAM"],
                             Parameters=parameters(self.pause_function, s.pause, 48,
                                                   s.update_sent[2]))
            s.update_acked = True
        elif r < 0.55 and deletable:
            s = self.rnd.choice(deletable)
            s.delete_sent = self.kills
            cfn.delete_stack(StackName=s.stack_id)
            s.delete_acked = True
        elif len([s for s in busy if s.stack_id]) < 2:
            self.create(cfn, self.rnd.uniform(0.05, 0.6))

    # --- check ---

    def wait_settled(self, cfn, timeout):
        """ListStacks until no stack of ours is in progress; returns {name: summary}."""
        deadline = time.monotonic() + timeout
        while True:
            listed = {}
            for page in cfn.get_paginator("list_stacks").paginate():
                for st in page["StackSummaries"]:
                    if st["StackName"].startswith(PREFIX):
                        listed[st["StackName"]] = st
            busy = [n for n, st in listed.items() if st["StackStatus"].endswith("_IN_PROGRESS")]
            if not busy or time.monotonic() >= deadline:
                return listed, busy
            time.sleep(0.5)

    def expected(self, s):
        """The statuses s may end in, from what was acknowledged and the kills that followed."""
        killed_after = lambda n: self.kills > n  # noqa: E731
        ok = {"CREATE_COMPLETE"}
        if killed_after(s.kills_at_create):
            ok.add("ROLLBACK_COMPLETE")
        if s.update_sent is not None:
            after = {"UPDATE_COMPLETE"}
            if killed_after(s.update_sent[0]):
                after.add("UPDATE_ROLLBACK_FAILED")
            ok = after if s.update_acked else ok | after
        if s.delete_sent is not None:
            ok = {"DELETE_COMPLETE"} if s.delete_acked else ok | {"DELETE_COMPLETE"}
        return ok

    def check(self):
        """Returns (summary figures, list of problems)."""
        cfn = self.p.client("cloudformation")
        listed, busy = self.wait_settled(cfn, 120)
        problems = self.problems + ["stack %s still %s 120 s after the last restart" % (
            n, listed[n]["StackStatus"]) for n in busy]
        with self.lock:
            stacks = list(self.stacks)
        by_name = {s.name: s for s in stacks}
        figures = {"stacks_sent": len(stacks),
                   "creates_acknowledged": sum(1 for s in stacks if s.stack_id),
                   "updates_acknowledged": sum(1 for s in stacks if s.update_acked),
                   "deletes_acknowledged": sum(1 for s in stacks if s.delete_acked),
                   "created_unacknowledged": 0}
        statuses = {}
        for name, st in listed.items():
            status = st["StackStatus"]
            statuses[status] = statuses.get(status, 0) + 1
            s = by_name.get(name)
            if s is None:
                problems.append("stack %s listed but never sent" % name)
                continue
            if s.stack_id is None:
                figures["created_unacknowledged"] += 1
                s.stack_id = st["StackId"]
            if s.stack_id != st["StackId"]:
                problems.append("stack %s has id %s, not %s" % (name, st["StackId"], s.stack_id))
            elif name not in busy and status not in self.expected(s):
                problems.append("stack %s is %s, expected one of %s" % (
                    name, status, sorted(self.expected(s))))
        for s in stacks:
            if s.stack_id and s.name not in listed:
                problems.append("acknowledged stack %s is not listed" % s.name)
        figures["statuses"] = statuses
        figures_h, problems_h = self.histories(
            cfn, [by_name[n] for n in listed if n in by_name], listed)
        figures.update(figures_h)
        problems += problems_h
        owned, res_problems, checked = self.check_resources(listed)
        figures["live_resources_checked"] = checked
        problems += res_problems
        leaks, names = self.leaks(owned)
        figures["resources_named_by_stacks"] = names
        figures["leaked"] = len(leaks)
        problems += ["leaked %s %s (stack %s is %s)" % (kind, name, owner, listed.get(
            owner, {}).get("StackStatus", "absent")) for kind, name, owner in leaks]
        return figures, problems

    def histories(self, cfn, stacks, listed):
        """Figures from the stacks' own events (how many were ever created, rolled back,
        updated, deleted; creates cut by a kill: the first restart event right after
        CREATE_IN_PROGRESS, and the kills that cut them), and problems: a stack whose last event
        is not its status."""
        seen = {k: 0 for k in ("CREATE_COMPLETE", "ROLLBACK_COMPLETE", "UPDATE_COMPLETE",
                               "UPDATE_ROLLBACK_FAILED", "DELETE_COMPLETE")}
        cut, problems = {}, []
        for s in stacks:
            events = []
            for page in cfn.get_paginator("describe_stack_events").paginate(StackName=s.stack_id):
                events += [e for e in page["StackEvents"] if e["LogicalResourceId"] == s.name]
            events.reverse()  # oldest first
            statuses = [e["ResourceStatus"] for e in events]
            for k in seen:
                seen[k] += k in statuses
            if not statuses or statuses[-1] != listed[s.name]["StackStatus"]:
                problems.append("stack %s is %s, its events end %s" % (
                    s.name, listed[s.name]["StackStatus"], statuses[-3:]))
            for before, e in zip(events, events[1:]):
                if RESTARTED in e.get("ResourceStatusReason", ""):
                    if before["ResourceStatus"] == "CREATE_IN_PROGRESS":
                        cut[s.name] = s.kills_at_create
                    break
        figures = {"ever_" + k.lower(): n for k, n in seen.items()}
        figures.update(creates_interrupted=len(cut), kills_mid_create=len(set(cut.values())))
        return figures, problems

    def check_resources(self, listed):
        """Live stacks' resources exist; returns ({physical name: stack}, problems, count)."""
        cfn = self.p.client("cloudformation")
        owned, problems, checked = {}, [], 0
        for name, st in sorted(listed.items()):
            if st["StackStatus"] not in LIVE:
                continue
            res = cfn.describe_stack_resources(StackName=st["StackId"])["StackResources"]
            types = {r["ResourceType"] for r in res}
            if types != TYPES:
                problems.append("stack %s has resources %s" % (name, sorted(types)))
            for r in res:
                pid = r.get("PhysicalResourceId")
                if not pid:
                    problems.append("%s %s has no physical id" % (name, r["LogicalResourceId"]))
                    continue
                owned[pid.lower()] = name
                checked += 1
                problem = self.resource_problem(r["ResourceType"], pid, st["StackStatus"])
                if problem:
                    problems.append("%s %s: %s" % (name, r["LogicalResourceId"], problem))
        return owned, problems, checked

    def resource_problem(self, kind, pid, status):
        """None when the resource exists (and, for an updated stack, carries the update)."""
        c = self.p.client
        try:
            if kind == "AWS::Kinesis::Stream":
                s = c("kinesis").describe_stream_summary(StreamName=pid)[
                    "StreamDescriptionSummary"]
                if status == "UPDATE_COMPLETE" and s["RetentionPeriodHours"] != 48:
                    return "retention %d after the update" % s["RetentionPeriodHours"]
            elif kind == "AWS::DynamoDB::Table":
                c("dynamodb").describe_table(TableName=pid)
            elif kind == "AWS::IAM::Role":
                c("iam").get_role(RoleName=pid)
            elif kind == "AWS::S3::Bucket":
                c("s3").head_bucket(Bucket=pid)
            elif kind == "AWS::Lambda::Function":
                f = c("lambda").get_function(FunctionName=pid)["Configuration"]
                note = f["Environment"]["Variables"]["NOTE"]
                if status == "UPDATE_COMPLETE" and not note.startswith("updated-"):
                    return "environment %s after the update" % note
        except Exception as e:
            return "missing (%s)" % e
        return None

    def leaks(self, owned):
        """Resources named by a stack (`cstk-...`) that no live stack owns."""
        c = self.p.client
        found = []

        def pages(client, op, key, **kw):
            for page in client.get_paginator(op).paginate(**kw):
                for x in page[key]:
                    yield x

        for n in pages(c("kinesis"), "list_streams", "StreamNames"):
            found.append(("stream", n))
        for n in pages(c("dynamodb"), "list_tables", "TableNames"):
            found.append(("table", n))
        for r in pages(c("iam"), "list_roles", "Roles"):
            found.append(("role", r["RoleName"]))
        for f in pages(c("lambda"), "list_functions", "Functions"):
            found.append(("function", f["FunctionName"]))
        for b in c("s3").list_buckets()["Buckets"]:
            found.append(("bucket", b["Name"]))
        mine = [(kind, n) for kind, n in found if n.lower().startswith(PREFIX)]
        leaks = [(kind, n, n.rsplit("-", 2)[0]) for kind, n in mine if n.lower() not in owned]
        return leaks, len(mine)
