#include "mappings/engine/shard_worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/encoding.h"
#include "mappings/engine/runner.h"
#include "mappings/engine/source.h"

namespace freshet::mappings {

namespace json = boost::json;
using namespace std::chrono_literals;

ShardWorker::ShardWorker(Runner& runner, std::string shard_id, store::Checkpoint checkpoint,
                         bool child)
    : runner_(runner),
      shard_id_(std::move(shard_id)),
      saved_(std::move(checkpoint)),
      child_(child),
      position_(saved_.sequence_number) {
    window_.start_ms = saved_.window_start_ms;
    window_.state = saved_.window_state;
}

ShardWorker::~ShardWorker() {
    request_stop();
    join();
}

void ShardWorker::start() {
    thread_ = std::thread([this] { run(); });
}

void ShardWorker::wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_one();
}

void ShardWorker::request_stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
}

void ShardWorker::join() {
    if (thread_.joinable()) thread_.join();
}

bool ShardWorker::stopping() const {
    std::lock_guard lock(mu_);
    return stopping_;
}

// Waits for `d`, or less when woken; false when stopping.
bool ShardWorker::sleep(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, d, [this] { return stopping_ || woken_; });
    woken_ = false;
    return !stopping_;
}

void ShardWorker::checkpoint(const std::string& sequence_number, bool closed) {
    if (sequence_number == saved_.sequence_number && closed == saved_.closed &&
        window_.start_ms == saved_.window_start_ms && window_.state == saved_.window_state)
        return;
    store::Checkpoint c{sequence_number, closed, window_.start_ms, window_.state};
    auto r = runner_.store().save_checkpoint(runner_.spec().uuid, shard_id_, c);
    if (!r.ok()) {
        spdlog::error("mappings: checkpoint of {} {} not saved: {}", runner_.spec().uuid, shard_id_,
                      r.error().message);
        return;
    }
    saved_ = std::move(c);
}

bool ShardWorker::acquire_iterator() {
    const MappingSpec& spec = runner_.spec();
    std::string type = "AFTER_SEQUENCE_NUMBER";
    if (position_.empty()) {
        // LATEST is kept as the time the mapping was created (AT_TIMESTAMP), so records put
        // between CreateEventSourceMapping and the first read are not missed. Table streams
        // have no AT_TIMESTAMP: their LATEST starts where the stream is at the first read.
        if (child_ || spec.starting_position == "TRIM_HORIZON") {
            type = "TRIM_HORIZON";
        } else {
            type = spec.kind == SourceKind::TableStream ? "LATEST" : "AT_TIMESTAMP";
        }
    }
    auto role = runner_.role();
    if (!role) return false;
    auto r = shard_iterator(runner_.deps(), spec.kind, spec.stream_arn, shard_id_, type, position_,
                            static_cast<double>(spec.start_ms) / 1000.0, *role);
    if (!r.ok()) {
        runner_.set_result("PROBLEM: Cannot access stream " + spec.stream_arn + ": " +
                           r.error().message);
        return false;
    }
    iterator_ = std::move(r).value();
    return true;
}

std::vector<StreamRecord> ShardWorker::collect() {
    const MappingSpec& spec = runner_.spec();
    const auto& clock = *runner_.deps().clock;
    const auto batch_size = static_cast<size_t>(spec.batch_size);
    std::vector<StreamRecord> batch;
    size_t bytes = 0;
    const TimePoint deadline = clock.now() + std::chrono::seconds(spec.batching_window_s);
    bool read_now = true;
    for (;;) {
        while (!pending_.empty() && batch.size() < batch_size &&
               (batch.empty() || bytes + event_size(pending_.front()) <= kMaxEventBytes)) {
            bytes += event_size(pending_.front());
            batch.push_back(std::move(pending_.front()));
            pending_.pop_front();
        }
        if (batch.size() >= batch_size || !pending_.empty() || closed_ || stopping()) return batch;
        TimePoint now = clock.now();
        // An open tumbling window that is over: return so that it gets its final invocation.
        if (batch.empty() && window_.open() &&
            epoch_millis(now) >= window_.start_ms + spec.tumbling_window_s * 1000)
            return batch;
        if (!batch.empty() && !read_now && now >= deadline) return batch;
        if (!read_now) {
            auto timeout =
                batch.empty()
                    ? std::chrono::milliseconds(1000)
                    : std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
            if (!sleep(std::min<std::chrono::milliseconds>(timeout, 1000ms))) return batch;
        }
        read_now = false;
        if (iterator_.empty() && !acquire_iterator()) {
            sleep(1000ms);
            return batch;
        }
        auto role = runner_.role();
        if (!role) return batch;
        int64_t limit =
            std::min<int64_t>(max_read_limit(spec.kind), spec.batch_size - int64_t(batch.size()));
        auto r = read_records(runner_.deps(), spec.kind, spec.stream_arn, iterator_, limit, *role);
        if (!r.ok()) {
            iterator_.clear();
            if (!error_is(r.error(), "ExpiredIteratorException")) {
                runner_.set_result("PROBLEM: Cannot access stream " + spec.stream_arn + ": " +
                                   r.error().message);
                sleep(1000ms);
                return batch;
            }
            read_now = true;
            continue;
        }
        ReadResult& read = r.value();
        if (read.next) {
            iterator_ = std::move(*read.next);
        } else {
            iterator_.clear();
            closed_ = true;
        }
        const int64_t behind = read.behind_ms;
        runner_.counters().iterator_age_ms = behind;
        const size_t count = read.records.size();
        for (auto& rec : read.records) {
            position_ = rec.sequence_number;
            pending_.push_back(std::move(rec));
        }
        // More is there at once: keep reading until the batch is full or caught up.
        read_now = count > 0 && (behind > 0 || int64_t(count) == limit);
    }
}

InvokeOutcome ShardWorker::invoke(const std::vector<StreamRecord>& records, bool final_invoke) {
    const MappingSpec& spec = runner_.spec();
    FunctionInfo fn = runner_.function();
    EventSource source{shard_id_, spec.stream_arn, fn.role, runner_.deps().region, spec.kind};
    const bool windowed = spec.tumbling_window_s > 0;
    std::string event =
        windowed ? window_event(source, records, window_, spec.tumbling_window_s, final_invoke)
                 : event_document(source, records);
    auto r = call_sync(*runner_.deps().client, "lambda", "Invoke",
                       json::object{{"FunctionName", fn.arn},
                                    {"InvocationType", "RequestResponse"},
                                    {"Payload", base64_encode(event)}},
                       runner_.deps().account);
    InvokeOutcome out;
    if (!r.ok()) {
        out.kind = InvokeOutcome::ServiceError;
        out.message = r.error().code + ": " + r.error().message;
        out.status = r.error().status;
        runner_.set_result("PROBLEM: Function call failed (" + out.message + ")");
        return out;
    }
    const json::object& o = r.value().as_object();
    if (const auto* s = o.if_contains("StatusCode")) out.status = int(s->to_number<int64_t>());
    if (const auto* fe = o.if_contains("FunctionError"); fe && fe->is_string()) {
        out.kind = InvokeOutcome::FunctionError;
        out.function_error = std::string(fe->as_string());
        runner_.set_result("PROBLEM: Function call failed");
        return out;
    }
    if (spec.report_item_failures || windowed) {
        std::string payload;
        if (const auto* p = o.if_contains("Payload"); p && p->is_string())
            payload = base64_decode(p->as_string()).value_or("");
        InvokeOutcome read = windowed ? read_window_answer(payload, records,
                                                           spec.report_item_failures, window_.state)
                                      : read_batch_item_failures(payload, records);
        read.status = out.status;
        runner_.set_result(read.kind == InvokeOutcome::Success ? "OK"
                                                               : "PROBLEM: Function call failed");
        return read;
    }
    runner_.set_result("OK");
    return out;
}

namespace {

uint32_t lane_of(const std::string& partition_key, int64_t lanes) {
    uint32_t h = 2166136261u;  // FNV-1a
    for (unsigned char c : partition_key) h = (h ^ c) * 16777619u;
    return static_cast<uint32_t>(h % static_cast<uint32_t>(lanes));
}

}  // namespace

Delivered ShardWorker::process(const std::vector<StreamRecord>& batch) {
    const MappingSpec& spec = runner_.spec();
    std::vector<StreamRecord> kept;
    for (const auto& r : batch) {
        if (keep(spec.filters, r)) {
            kept.push_back(r);
        } else {
            ++runner_.counters().filtered;
        }
    }
    const bool windowed = spec.tumbling_window_s > 0;
    const bool single_lane = spec.parallelization <= 1 || windowed;
    DeliveryHooks hooks;
    hooks.invoke = [this](const std::vector<StreamRecord>& rs) { return invoke(rs); };
    hooks.discard = [this](DiscardedBatch d) {
        FunctionInfo fn = runner_.function();
        EventSource source{shard_id_, runner_.spec().stream_arn, fn.role, runner_.deps().region,
                           runner_.spec().kind};
        std::string record = invocation_record(fn.arn, source, d, runner_.deps().clock->now());
        auto role = runner_.role();
        send_failure(runner_.deps(), runner_.spec().on_failure, role ? *role : Principal{}, fn.name,
                     shard_id_, record);
    };
    hooks.sleep = [this](std::chrono::milliseconds d) {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, d, [this] { return stopping_; });
        return !stopping_;
    };
    hooks.now_ms = [this] { return epoch_millis(runner_.deps().clock->now()); };
    hooks.done_through = [this, single_lane](const StreamRecord& r) {
        if (single_lane) checkpoint(r.sequence_number, false);
    };
    Delivered result = Delivered::Done;
    if (kept.empty()) {
        // Nothing to deliver: move past the filtered records.
    } else if (windowed) {
        result = deliver_windows(std::move(kept), hooks);
    } else if (single_lane) {
        result = deliver(spec.retry, std::move(kept), hooks, runner_.counters());
    } else {
        // ParallelizationFactor: concurrent batches, each partition key always in one lane.
        std::vector<std::vector<StreamRecord>> lanes(static_cast<size_t>(spec.parallelization));
        for (auto& r : kept) lanes[lane_of(r.partition_key, spec.parallelization)].push_back(r);
        std::vector<Delivered> results(lanes.size(), Delivered::Done);
        std::vector<std::thread> threads;
        for (size_t i = 1; i < lanes.size(); ++i) {
            if (lanes[i].empty()) continue;
            threads.emplace_back([&, i] {
                results[i] = deliver(spec.retry, std::move(lanes[i]), hooks, runner_.counters());
            });
        }
        if (!lanes[0].empty())
            results[0] = deliver(spec.retry, std::move(lanes[0]), hooks, runner_.counters());
        for (auto& t : threads) t.join();
        for (auto d : results)
            if (d == Delivered::Stopped) result = Delivered::Stopped;
    }
    if (result == Delivered::Done) checkpoint(batch.back().sequence_number, false);
    return result;
}

// Splits the records by window; a record of a later window first closes the open one.
Delivered ShardWorker::deliver_windows(std::vector<StreamRecord> records,
                                       const DeliveryHooks& hooks) {
    const MappingSpec& spec = runner_.spec();
    size_t i = 0;
    while (i < records.size()) {
        const int64_t start = window_start(records[i].arrival_ms, spec.tumbling_window_s);
        size_t j = i;
        while (j < records.size() &&
               window_start(records[j].arrival_ms, spec.tumbling_window_s) == start)
            ++j;
        if (window_.open() && window_.start_ms != start) close_window(true);
        if (!window_.open()) window_ = Window{start, "{}"};
        std::vector<StreamRecord> part(records.begin() + static_cast<std::ptrdiff_t>(i),
                                       records.begin() + static_cast<std::ptrdiff_t>(j));
        if (deliver(spec.retry, std::move(part), hooks, runner_.counters()) == Delivered::Stopped)
            return Delivered::Stopped;
        i = j;
    }
    return Delivered::Done;
}

void ShardWorker::close_window(bool now) {
    const MappingSpec& spec = runner_.spec();
    if (spec.tumbling_window_s <= 0 || !window_.open()) return;
    const int64_t end = window_.start_ms + spec.tumbling_window_s * 1000;
    if (!now && epoch_millis(runner_.deps().clock->now()) < end) return;
    // The final invocation hands over the aggregate; it is retried a few times, then the
    // window's state is given up (and logged).
    for (int attempt = 1; attempt <= 4; ++attempt) {
        InvokeOutcome out = invoke({}, true);
        if (out.kind == InvokeOutcome::Success) break;
        if (attempt == 4 || !sleep(retry_backoff(attempt))) {
            spdlog::warn(
                "mappings: {} {}: final invocation of the window at {} failed; its "
                "state is dropped",
                spec.uuid, shard_id_, window_.start_ms);
            break;
        }
    }
    window_ = Window{};
    checkpoint(saved_.sequence_number, saved_.closed);
}

void ShardWorker::run() {
    while (!stopping()) {
        std::vector<StreamRecord> batch = collect();
        if (stopping()) break;
        if (!batch.empty() && process(batch) == Delivered::Stopped) break;
        close_window(false);
        if (closed_ && pending_.empty()) {
            close_window(true);
            // Everything on this closed shard is done: its children may start.
            checkpoint(saved_.sequence_number, true);
            runner_.shard_finished();
            break;
        }
    }
}

}  // namespace freshet::mappings
