// An example C++ consumer for Kinesis event source mappings: appends one line per batch to the
// file named by SINK_FILE, {"received_us": <when the batch arrived>, "event": <the event>},
// with a single write so that concurrent environments never interleave lines. It fails the
// batch (so the mapping retries it) when SINK_FAIL_ON is set and occurs in the event. Built as
// `kinesis-sink-bootstrap` for the `provided` runtimes; the tests and `make bench` (P5) use it.
#include <fcntl.h>
#include <freshet/lambda_runtime.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

int main() {
    using freshet::lambda::Invocation;
    using freshet::lambda::Outcome;
    const char* path = std::getenv("SINK_FILE");
    const char* fail_on = std::getenv("SINK_FAIL_ON");
    return freshet::lambda::run_handler([&](const Invocation& inv) {
        auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        if (fail_on && *fail_on && inv.payload.find(fail_on) != std::string::npos)
            return Outcome::failure("SinkFailure", "the batch holds the record to fail on");
        if (!path || !*path) return Outcome::failure("SinkFailure", "SINK_FILE is not set");
        std::string line =
            "{\"received_us\":" + std::to_string(now) + ",\"event\":" + inv.payload + "}\n";
        int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return Outcome::failure("SinkFailure", "cannot open SINK_FILE");
        ssize_t n = ::write(fd, line.data(), line.size());
        ::close(fd);
        if (n != static_cast<ssize_t>(line.size()))
            return Outcome::failure("SinkFailure", "short write to SINK_FILE");
        return Outcome::success("{}");
    });
}
