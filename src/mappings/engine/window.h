// Tumbling windows (TumblingWindowInSeconds): records are grouped into fixed windows by their
// arrival time (window starts are multiples of the window length since the epoch). Each
// invocation of a window carries the state the function returned last time; when the window
// is over, a final invocation (isFinalInvokeForWindow: true, no records) hands over the
// aggregate, and the next window starts with an empty state. The function must answer
// {"state": {...}, "batchItemFailures": [...]}: an answer without a state object is a failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mappings/engine/batch.h"

namespace freshet::mappings {

struct Window {
    int64_t start_ms = -1;  // -1: no window open
    std::string state = "{}";
    bool open() const { return start_ms >= 0; }
};

int64_t window_start(int64_t arrival_ms, int64_t window_s);

// The Kinesis event document with the window's members: window {start, end}, state,
// shardId, eventSourceARN, isFinalInvokeForWindow, isWindowTerminatedEarly.
std::string window_event(const EventSource& source, const std::vector<StreamRecord>& records,
                         const Window& window, int64_t window_s, bool final_invoke);

// Reads the answer of a window invocation. On anything but a failure, `state` is set to the
// returned state (serialised).
InvokeOutcome read_window_answer(const std::string& payload, const std::vector<StreamRecord>& batch,
                                 bool report_item_failures, std::string& state);

}  // namespace freshet::mappings
