"""IAM changes under SIGKILL, for pipeline_chaos.py.

A background thread makes IAM changes one after the other, on users named `ciam-<n>` (each
name used once): CreateUser, PutUserPolicy (a document that changes with every put, allowing
iam:GetUser), DeleteUserPolicy, CreateAccessKey (keeping its secret), DeleteAccessKey,
AttachUserPolicy and DetachUserPolicy of a customer managed policy that allows iam:ListUsers,
and deleting a user (its policies, keys and attachment first, then DeleteUser). The expected
state changes only when the server acknowledged a change. When a call fails (the server was
killed), the same change is made again once the server is back, as a client would: success, or
the answer that says the first attempt was applied (EntityAlreadyExists for CreateUser,
NoSuchEntity for a delete or a detach), settles it. A CreateAccessKey whose answer was lost is
not sent again: ListAccessKeys tells whether it made a key, whose secret nobody knows; that key
is kept in the expected state by its id.

check() then verifies, on the restarted server, that every acknowledged change survived
exactly:
  - the users named `ciam-` are exactly the expected ones; each has exactly the expected inline
    policies with their documents, access keys and attached policies;
  - every key with a known secret works: STS GetCallerIdentity signed with it answers the
    user's ARN; and what the user's policies say is enforced: iam:GetUser is allowed exactly
    when the user has an inline policy, iam:ListUsers exactly when the managed policy is
    attached;
  - deleted users are gone (GetUser answers NoSuchEntity), and every deleted key, and every key
    of a deleted user, is refused (InvalidClientTokenId).
"""
import json
import random
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from activity import Activity, server_failed

PREFIX = "ciam-"
MANAGED = "ciam-list-users"
MAX_LIVE = 25


def document(action, version):
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "v%d" % version, "Effect": "Allow", "Action": action, "Resource": "*"}]}


class User:
    def __init__(self, name):
        self.name = name
        self.policies = {}  # policy name -> document
        self.keys = {}  # access key id -> secret (None when its CreateAccessKey was not answered)
        self.attached = False
        self.dismantling = False  # its DeleteUser is queued


class IamActivity(Activity):
    def __init__(self, pipeline, seed):
        super().__init__()
        self.p = pipeline
        self.rnd = random.Random(seed * 17 + 3)
        self.users = {}  # live users
        self.deleted = []  # users whose DeleteUser was settled
        self.gone_keys = {}  # access key id -> secret, deleted keys (with a known secret)
        self.queue = []  # changes to make, the first one possibly sent without an answer
        self.retried = False  # the first of the queue failed once
        self.next_user = 0
        self.version = 0
        self.acknowledged = 0  # changes acknowledged at the first attempt
        self.settled_on_retry = 0  # changes whose first attempt's answer was lost
        self.applied_before_retry = 0  # of which the first attempt had been applied
        self.orphan_keys = 0  # keys made by a CreateAccessKey that was not answered
        self.kills = 0
        self.kills_in_flight = 0
        self.in_flight = threading.Event()
        self.policy_arn = None

    def setup(self):
        self.policy_arn = self.p.client("iam").create_policy(
            PolicyName=MANAGED, PolicyDocument=json.dumps(document("iam:ListUsers", 0)))[
            "Policy"]["Arn"]

    def note_kill(self):
        self.kills += 1
        if self.in_flight.is_set():
            self.kills_in_flight += 1

    def loop(self):
        iam, endpoint = None, None
        while True:
            self.p.up.wait()
            if self.p.stop.is_set() and not self.queue:
                return
            if endpoint != self.p.server.endpoint:
                iam, endpoint = self.p.client("iam"), self.p.server.endpoint
            while not self.queue:
                self.plan()
            self.in_flight.set()
            try:
                self.apply(iam, self.queue[0])
                self.queue.pop(0)
                self.retried = False
            except ClientError as e:
                if server_failed(e):
                    self.retried = True  # not applied, or applied and then the server died
                    time.sleep(0.05)
                    continue
                code = e.response["Error"]["Code"]
                if not self.retried or not self.settles(self.queue[0], code):
                    self.problems.append("%s refused: %s" % (self.queue[0], code))
                self.queue.pop(0)
                self.retried = False
            except BotoCoreError:
                self.retried = True  # no answer: the server was killed
                time.sleep(0.05)
            finally:
                self.in_flight.clear()
            time.sleep(0.02)

    def plan(self):
        """Queues the next change(s)."""
        live = [u for u in self.users.values() if not u.dismantling]
        if len(live) < 3 or (len(live) < MAX_LIVE and self.rnd.random() < 0.15):
            self.queue.append(("create_user", "%s%04d" % (PREFIX, self.next_user)))
            self.next_user += 1
            return
        u = self.rnd.choice(live)
        r = self.rnd.random()
        if r < 0.3:
            self.version += 1
            self.queue.append(("put_policy", u.name, "p%d" % self.rnd.randrange(3),
                               document("iam:GetUser", self.version)))
        elif r < 0.4 and u.policies:
            self.queue.append(("delete_policy", u.name, self.rnd.choice(sorted(u.policies))))
        elif r < 0.55 and len(u.keys) < 2:
            self.queue.append(("create_key", u.name))
        elif r < 0.65 and u.keys:
            self.queue.append(("delete_key", u.name, self.rnd.choice(sorted(u.keys))))
        elif r < 0.8:
            self.queue.append(("detach" if u.attached else "attach", u.name))
        elif r < 0.9:
            u.dismantling = True
            self.queue += [("delete_policy", u.name, n) for n in sorted(u.policies)]
            self.queue += [("delete_key", u.name, k) for k in sorted(u.keys)]
            if u.attached:
                self.queue.append(("detach", u.name))
            self.queue.append(("delete_user", u.name))

    def apply(self, iam, change):
        """Makes one change; on success records it in the expected state."""
        what, name = change[0], change[1]
        retry = self.retried
        if what == "create_key" and retry:
            # Not sent again: a key made by the lost call is found by ListAccessKeys.
            u = self.users[name]
            for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
                if k["AccessKeyId"] not in u.keys:
                    u.keys[k["AccessKeyId"]] = None
                    self.orphan_keys += 1
            self.settled(retry)
            return
        if what == "create_user":
            iam.create_user(UserName=name)
            self.users[name] = User(name)
        elif what == "put_policy":
            iam.put_user_policy(UserName=name, PolicyName=change[2],
                                PolicyDocument=json.dumps(change[3]))
            self.users[name].policies[change[2]] = change[3]
        elif what == "delete_policy":
            iam.delete_user_policy(UserName=name, PolicyName=change[2])
            del self.users[name].policies[change[2]]
        elif what == "create_key":
            k = iam.create_access_key(UserName=name)["AccessKey"]
            self.users[name].keys[k["AccessKeyId"]] = k["SecretAccessKey"]
        elif what == "delete_key":
            iam.delete_access_key(UserName=name, AccessKeyId=change[2])
            self.forget_key(name, change[2])
        elif what in ("attach", "detach"):
            call = iam.attach_user_policy if what == "attach" else iam.detach_user_policy
            call(UserName=name, PolicyArn=self.policy_arn)
            self.users[name].attached = what == "attach"
        elif what == "delete_user":
            iam.delete_user(UserName=name)
            self.deleted.append(self.users.pop(name))
        self.settled(retry)

    def settles(self, change, code):
        """True when `code`, answering a repeat of `change`, says the first attempt applied; then
        records the change as applied."""
        what, name = change[0], change[1]
        if what == "create_user" and code == "EntityAlreadyExists":
            self.users[name] = User(name)
        elif what == "delete_policy" and code == "NoSuchEntity":
            del self.users[name].policies[change[2]]
        elif what == "delete_key" and code == "NoSuchEntity":
            self.forget_key(name, change[2])
        elif what == "detach" and code == "NoSuchEntity":
            self.users[name].attached = False
        elif what == "delete_user" and code == "NoSuchEntity":
            self.deleted.append(self.users.pop(name))
        else:
            return False
        self.applied_before_retry += 1
        self.settled(True)
        return True

    def settled(self, retry):
        if retry:
            self.settled_on_retry += 1
        else:
            self.acknowledged += 1

    def forget_key(self, user, key):
        secret = self.users[user].keys.pop(key)
        if secret is not None:
            self.gone_keys[key] = secret

    # --- check ---

    def client_with(self, service, key, secret):
        return boto3.session.Session().client(
            service, endpoint_url=self.p.server.endpoint, region_name="us-east-1",
            aws_access_key_id=key, aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 0}, connect_timeout=2, read_timeout=10))

    def allowed(self, call):
        try:
            call()
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] != "AccessDenied":
                raise
            return False

    def check(self):
        """Returns (summary figures, list of problems)."""
        iam = self.p.client("iam")
        problems = list(self.problems)
        if self.queue:
            problems.append("changes never settled: %s" % self.queue[:3])
        listed = {u["UserName"]: u for page in iam.get_paginator("list_users").paginate()
                  for u in page["Users"] if u["UserName"].startswith(PREFIX)}
        if set(listed) != set(self.users):
            problems.append("users: %d listed, %d expected (extra %s, missing %s)" % (
                len(listed), len(self.users), sorted(set(listed) - set(self.users))[:3],
                sorted(set(self.users) - set(listed))[:3]))
        keys_used = 0
        for u in self.users.values():
            if u.name in listed:
                p, n = self.check_user(iam, u, listed[u.name]["Arn"])
                problems += p
                keys_used += n
        for u in self.deleted:
            try:
                iam.get_user(UserName=u.name)
                problems.append("deleted user %s exists" % u.name)
            except iam.exceptions.NoSuchEntityException:
                pass
        for key, secret in self.gone_keys.items():
            try:
                self.client_with("sts", key, secret).get_caller_identity()
                problems.append("deleted key %s still works" % key)
            except ClientError as e:
                if e.response["Error"]["Code"] != "InvalidClientTokenId":
                    problems.append("deleted key %s: %s" % (key, e.response["Error"]["Code"]))
        figures = {"changes_acknowledged": self.acknowledged,
                   "settled_on_retry": self.settled_on_retry,
                   "applied_before_retry": self.applied_before_retry,
                   "kills_during_change": self.kills_in_flight, "users_live": len(self.users),
                   "users_deleted": len(self.deleted),
                   "policies_checked": sum(len(u.policies) for u in self.users.values()),
                   "keys_used": keys_used, "keys_refused": len(self.gone_keys),
                   "keys_of_unanswered_creates": self.orphan_keys}
        return figures, problems

    def check_user(self, iam, u, arn):
        """Problems with one live user, and how many of its keys were used."""
        problems = []
        names = set(iam.list_user_policies(UserName=u.name)["PolicyNames"])
        if names != set(u.policies):
            problems.append("%s: policies %s, expected %s" % (u.name, sorted(names),
                                                              sorted(u.policies)))
        for n in names & set(u.policies):
            doc = iam.get_user_policy(UserName=u.name, PolicyName=n)["PolicyDocument"]
            if doc != u.policies[n]:
                problems.append("%s: policy %s is %s, expected %s" % (u.name, n, doc,
                                                                      u.policies[n]))
        keys = {k["AccessKeyId"]: k["Status"]
                for k in iam.list_access_keys(UserName=u.name)["AccessKeyMetadata"]}
        if keys != {k: "Active" for k in u.keys}:
            problems.append("%s: keys %s, expected %s" % (u.name, keys, sorted(u.keys)))
        attached = [a["PolicyArn"] for a in
                    iam.list_attached_user_policies(UserName=u.name)["AttachedPolicies"]]
        if attached != ([self.policy_arn] if u.attached else []):
            problems.append("%s: attached %s, expected %s" % (u.name, attached, u.attached))
        used = 0
        for key, secret in u.keys.items():
            if secret is None:
                continue
            used += 1
            try:
                signer = self.client_with("sts", key, secret).get_caller_identity()["Arn"]
                if signer != arn:
                    problems.append("%s: key %s signs as %s" % (u.name, key, signer))
                    continue
            except ClientError as e:
                problems.append("%s: key %s refused (%s)" % (u.name, key,
                                                              e.response["Error"]["Code"]))
                continue
            as_user = self.client_with("iam", key, secret)
            if self.allowed(lambda: as_user.get_user()) != bool(u.policies):
                problems.append("%s: iam:GetUser %s with policies %s" % (
                    u.name, "denied" if u.policies else "allowed", sorted(u.policies)))
            if self.allowed(lambda: as_user.list_users(MaxItems=1)) != u.attached:
                problems.append("%s: iam:ListUsers %s, attached %s" % (
                    u.name, "denied" if u.attached else "allowed", u.attached))
        return problems, used
