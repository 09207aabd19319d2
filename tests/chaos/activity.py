"""What the chaos activities of pipeline_chaos.py share (stack_activity.py, iam_activity.py)."""
import traceback


def server_failed(error):
    """True for a ClientError that says nothing of the call's outcome (a 5xx: the server was
    going down), as opposed to a refusal."""
    return error.response["ResponseMetadata"].get("HTTPStatusCode", 0) >= 500


class Activity:
    """A background activity: run() is its thread, loop() its work. A bug in the activity
    itself is reported among its problems instead of silently ending the thread."""

    def __init__(self):
        self.problems = []

    def run(self):
        try:
            self.loop()
        except Exception:
            self.problems.append("the thread stopped: %s" % traceback.format_exc())

    def loop(self):
        raise NotImplementedError
