// An example C++ function: answers {"echo": <event>, "remaining_ms": N}, or fails with
// InvalidInput when the event is not a JSON object. Built as `bootstrap` for the `provided`
// runtimes (see ../README.md).
#include <freshet/lambda_runtime.h>

#include <string>

int main() {
    using freshet::lambda::Invocation;
    using freshet::lambda::Outcome;
    return freshet::lambda::run_handler([](const Invocation& inv) {
        if (inv.payload.empty() || inv.payload.front() != '{') {
            return Outcome::failure("InvalidInput", "the event must be a JSON object");
        }
        return Outcome::success("{\"echo\":" + inv.payload +
                                ",\"remaining_ms\":" + std::to_string(inv.remaining_ms()) + "}");
    });
}
