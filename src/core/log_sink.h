// Where a module sends log lines that belong in CloudWatch Logs (functions' output, START, END
// and REPORT lines) without knowing the logs module: the logs service implements it, app/
// hands it to the modules that write logs.
//
// Contract: write() never blocks on I/O and never fails the caller; the sink creates the log
// group and stream when missing and stores the events durably in one write per call, so a
// caller batches (one call per invocation, not per line). Events are given in chronological
// order. Writes after the sink stopped, or that storage refuses, are dropped (and logged).
// Thread safety: write() from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace freshet {

struct LogEvent {
    int64_t timestamp_ms = 0;  // milliseconds since the epoch
    std::string message;
};

struct LogDestination {
    std::string account;
    std::string region;
    std::string group;   // "/aws/lambda/<function>"
    std::string stream;  // "2024/01/31/[$LATEST]0123456789abcdef0123456789abcdef"
};

class LogSink {
  public:
    virtual ~LogSink() = default;
    virtual void write(LogDestination destination, std::vector<LogEvent> events) = 0;
};

}  // namespace freshet
