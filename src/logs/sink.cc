#include "logs/sink.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "logs/api/common.h"

namespace freshet::logs {

void StoreSink::write(LogDestination dest, std::vector<LogEvent> events) {
    if (stopped_ || events.empty()) return;
    // Chronological, as stored events are read back in timestamp order anyway.
    std::stable_sort(events.begin(), events.end(), [](const LogEvent& a, const LogEvent& b) {
        return a.timestamp_ms < b.timestamp_ms;
    });
    int64_t now = epoch_millis(clock_.now());
    auto shared = std::make_shared<std::pair<LogDestination, std::vector<LogEvent>>>(
        std::move(dest), std::move(events));
    db_.committer().submit(
        [shared, now](storage::Txn& txn) -> Result<void> {
            const auto& [d, evs] = *shared;
            auto g = store::load_group(txn, d.account, d.region, d.group);
            if (!g) {
                g = store::GroupRecord{d.account, d.region, d.group, store::next_id(txn, "group"),
                                       now};
            }
            auto s = store::load_stream(txn, g->id, d.stream);
            if (!s) {
                s = store::StreamRecord{};
                s->id = store::next_id(txn, "stream");
                s->group_id = g->id;
                s->name = d.stream;
                s->created_ms = now;
            }
            append_events(txn, *g, *s, evs, now);
            return Ok{};
        },
        [shared](Result<void> r) {
            if (!r.ok()) {
                spdlog::warn("logs: dropped {} events for {}: {}", shared->second.size(),
                             shared->first.group, r.error().message);
            }
        });
}

}  // namespace freshet::logs
