#include "mappings/engine/window.h"

#include <boost/json.hpp>

#include "core/clock.h"

namespace freshet::mappings {

namespace json = boost::json;

int64_t window_start(int64_t arrival_ms, int64_t window_s) {
    const int64_t w = window_s * 1000;
    return arrival_ms - (arrival_ms % w);
}

std::string window_event(const EventSource& source, const std::vector<StreamRecord>& records,
                         const Window& window, int64_t window_s, bool final_invoke) {
    std::string out = event_document(source, records);
    out.pop_back();  // the closing brace: the window's members follow
    json::object extra{
        {"window",
         json::object{{"start", iso8601(from_epoch_millis(window.start_ms))},
                      {"end", iso8601(from_epoch_millis(window.start_ms + window_s * 1000))}}},
        {"state", json::parse(window.state)},
        {"shardId", source.shard_id},
        {"eventSourceARN", source.stream_arn},
        {"isFinalInvokeForWindow", final_invoke},
        {"isWindowTerminatedEarly", false}};
    std::string members = json::serialize(extra);
    out += ',';
    out.append(members, 1, std::string::npos);  // without its opening brace
    return out;
}

InvokeOutcome read_window_answer(const std::string& payload, const std::vector<StreamRecord>& batch,
                                 bool report_item_failures, std::string& state) {
    InvokeOutcome failure;
    failure.kind = InvokeOutcome::FunctionError;
    boost::system::error_code ec;
    json::value v = json::parse(payload, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    const json::value* s = o ? o->if_contains("state") : nullptr;
    if (!s || !s->is_object()) return failure;
    InvokeOutcome out;
    if (report_item_failures) {
        json::object items;
        if (const auto* f = o->if_contains("batchItemFailures")) items["batchItemFailures"] = *f;
        out = read_batch_item_failures(json::serialize(items), batch);
        if (out.kind == InvokeOutcome::FunctionError) return out;
    }
    state = json::serialize(*s);
    return out;
}

}  // namespace freshet::mappings
