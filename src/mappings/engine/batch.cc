#include "mappings/engine/batch.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace freshet::mappings {

namespace json = boost::json;

namespace {

void append_string(std::string& out, std::string_view s) {
    out += json::serialize(json::string(s));
}

}  // namespace

size_t event_size(const StreamRecord& r) {
    return r.data_base64.size() + r.partition_key.size() + r.document.size() +
           2 * r.sequence_number.size() + 420;
}

std::string dynamodb_event(const EventSource& source, const std::vector<StreamRecord>& records) {
    std::string tail = R"(,"eventSourceARN":)";
    append_string(tail, source.stream_arn);
    tail += '}';
    std::string out;
    size_t total = 16;
    for (const auto& r : records) total += r.document.size() + tail.size() + 1;
    out.reserve(total);
    out += R"({"Records":[)";
    for (size_t i = 0; i < records.size(); ++i) {
        if (i) out += ',';
        const std::string& doc = records[i].document;  // a JSON object: drop its closing brace
        out.append(doc, 0, doc.size() - 1);
        out += tail;
    }
    out += "]}";
    return out;
}

std::string event_document(const EventSource& source, const std::vector<StreamRecord>& records) {
    return source.kind == SourceKind::TableStream ? dynamodb_event(source, records)
                                                  : kinesis_event(source, records);
}

std::string kinesis_event(const EventSource& source, const std::vector<StreamRecord>& records) {
    std::string shared;  // the members after "kinesis", the same for every record
    shared += R"(,"eventSource":"aws:kinesis","eventVersion":"1.0","eventID":)";
    std::string tail;
    tail += R"(,"eventName":"aws:kinesis:record","invokeIdentityArn":)";
    append_string(tail, source.role_arn);
    tail += R"(,"awsRegion":)";
    append_string(tail, source.region);
    tail += R"(,"eventSourceARN":)";
    append_string(tail, source.stream_arn);
    tail += '}';

    std::string out;
    size_t total = 16;
    for (const auto& r : records) total += event_size(r);
    out.reserve(total);
    out += R"({"Records":[)";
    for (size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        if (i) out += ',';
        out += R"({"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":)";
        append_string(out, r.partition_key);
        out += R"(,"sequenceNumber":")";
        out += r.sequence_number;
        out += R"(","data":")";
        out += r.data_base64;
        out += fmt::format(R"(","approximateArrivalTimestamp":{}.{:03d}}})", r.arrival_ms / 1000,
                           r.arrival_ms % 1000);
        out += shared;
        out += '"';
        out += source.shard_id;
        out += ':';
        out += r.sequence_number;
        out += '"';
        out += tail;
    }
    out += "]}";
    return out;
}

bool sequence_less(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

InvokeOutcome read_batch_item_failures(const std::string& payload,
                                       const std::vector<StreamRecord>& batch) {
    InvokeOutcome success;
    InvokeOutcome failure;
    failure.kind = InvokeOutcome::FunctionError;
    failure.function_error.clear();  // a failure reported in the answer, not an exception
    if (payload.find_first_not_of(" \t\r\n") == std::string::npos) return success;
    boost::system::error_code ec;
    json::value v = json::parse(payload, ec);
    if (ec) return failure;
    if (v.is_null()) return success;
    if (v.is_array()) return v.as_array().empty() ? success : failure;
    if (!v.is_object()) return failure;
    const json::object& o = v.as_object();
    if (o.empty()) return success;
    const json::value* items = o.if_contains("batchItemFailures");
    if (!items || o.size() != 1) return failure;
    if (items->is_null()) return success;
    if (!items->is_array()) return failure;
    if (items->as_array().empty()) return success;
    std::optional<size_t> lowest;
    for (const auto& item : items->as_array()) {
        const json::object* io = item.if_object();
        const json::value* id = io ? io->if_contains("itemIdentifier") : nullptr;
        if (!id || !id->is_string() || id->as_string().empty()) return failure;
        std::string_view seq = id->as_string();
        size_t at = batch.size();
        for (size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].sequence_number == seq) {
                at = i;
                break;
            }
        }
        if (at == batch.size()) return failure;
        if (!lowest || at < *lowest) lowest = at;
    }
    InvokeOutcome partial;
    partial.kind = InvokeOutcome::PartialFailure;
    partial.first_failed = *lowest;
    return partial;
}

}  // namespace freshet::mappings
