// FilterLogEvents: the events of a group's streams (all of them, those named in
// logStreamNames, or those starting with logStreamNamePrefix) within [startTime, endTime],
// that match filterPattern (model/filter_pattern.h), merged in timestamp order, at most
// `limit` (default and cap 10,000) and about 1 MB per page. nextToken continues after the last
// event returned. As on AWS a page may come back short, or empty with a nextToken, when a
// pass stops after scanning kMaxScanned events. searchedLogStreams is empty, as AWS has
// answered since 2020.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <queue>

#include "logs/api/common.h"
#include "logs/errors.h"
#include "logs/model/filter_pattern.h"

namespace freshet::logs {

namespace {

constexpr int64_t kMaxEvents = 10'000;
constexpr size_t kMaxPageBytes = 1'048'576;
constexpr size_t kMaxScanned = 200'000;
constexpr size_t kChunk = 256;

// A stream's events read in chunks, for the merge.
struct Cursor {
    const store::StreamRecord* stream = nullptr;
    std::vector<store::EventRecord> buffer;
    size_t next = 0;
    store::Position lower;
    store::Position upper;
    bool exhausted = false;

    bool fill(const storage::Db& db) {
        if (next < buffer.size()) return true;
        if (exhausted) return false;
        buffer = store::read_events(db, stream->id, lower, upper, false, kChunk);
        next = 0;
        if (buffer.size() < kChunk) exhausted = true;
        if (buffer.empty()) return false;
        const auto& last = buffer.back();
        lower = {last.timestamp_ms, last.seq + 1};
        return true;
    }
    const store::EventRecord& head() const { return buffer[next]; }
};

Result<store::Position> start_after(const std::optional<std::string>& token) {
    if (!token) return store::Position{std::numeric_limits<int64_t>::min(), 0};
    auto text = parse_page_token("filter", *token);
    store::Position p;
    unsigned long long seq = 0;
    long long ts = 0;
    if (!text || std::sscanf(text->c_str(), "%lld %llu", &ts, &seq) != 2)
        return errors::invalid_token();
    p.timestamp_ms = ts;
    p.seq = seq + 1;
    return p;
}

std::vector<store::StreamRecord> selected_streams(LogsService& svc, const store::GroupRecord& g,
                                                  const m::FilterLogEventsRequest& in) {
    auto all = store::list_streams(svc.db(), g.id, in.logStreamNamePrefix.value_or(""));
    if (!in.logStreamNames) return all;
    std::erase_if(all, [&](const store::StreamRecord& s) {
        return std::find(in.logStreamNames->begin(), in.logStreamNames->end(), s.name) ==
               in.logStreamNames->end();
    });
    return all;
}

}  // namespace

Result<m::FilterLogEventsResponse> filter_log_events(LogsService& svc, RequestContext& ctx,
                                                     const m::FilterLogEventsRequest& in) {
    Caller c = caller_of(ctx);
    FRESHET_TRY(pattern, FilterPattern::parse(in.filterPattern.value_or("")));
    FRESHET_TRY(resume, start_after(in.nextToken));
    FRESHET_TRY(name, group_name_of(in.logGroupName, in.logGroupIdentifier));
    FRESHET_TRY(g, find_group(svc, c, name));
    auto streams = selected_streams(svc, g, in);

    store::Position lower{std::max(in.startTime.value_or(0), retained_since(g, now_ms(svc))), 0};
    lower = std::max(lower, resume);
    store::Position upper = in.endTime ? store::Position{*in.endTime + 1, 0}
                                       : store::Position{std::numeric_limits<int64_t>::max(), 0};
    std::vector<Cursor> cursors(streams.size());
    auto later = [&](size_t a, size_t b) {
        const auto& x = cursors[a].head();
        const auto& y = cursors[b].head();
        return store::Position{y.timestamp_ms, y.seq} < store::Position{x.timestamp_ms, x.seq};
    };
    std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
    for (size_t i = 0; i < streams.size(); ++i) {
        cursors[i] = Cursor{&streams[i], {}, 0, lower, upper, false};
        if (cursors[i].fill(svc.db())) heap.push(i);
    }

    auto limit = static_cast<size_t>(std::min(in.limit.value_or(kMaxEvents), kMaxEvents));
    m::FilterLogEventsResponse out;
    out.events.emplace();
    out.searchedLogStreams.emplace();
    size_t bytes = 0, scanned = 0;
    std::optional<store::Position> last;
    while (!heap.empty()) {
        if (out.events->size() >= limit || bytes >= kMaxPageBytes || scanned >= kMaxScanned) {
            if (last)
                out.nextToken =
                    page_token("filter", fmt::format("{} {}", last->timestamp_ms, last->seq));
            break;
        }
        size_t i = heap.top();
        heap.pop();
        Cursor& cur = cursors[i];
        const store::EventRecord& e = cur.head();
        ++scanned;
        last = store::Position{e.timestamp_ms, e.seq};
        if (pattern.matches(e.message)) {
            m::FilteredLogEvent f;
            f.logStreamName = cur.stream->name;
            f.timestamp = e.timestamp_ms;
            f.message = e.message;
            f.ingestionTime = e.ingestion_ms;
            f.eventId =
                fmt::format("{:020}{:020}{:016}", std::max<int64_t>(e.timestamp_ms, 0), e.seq, 0);
            bytes += e.message.size();
            out.events->push_back(std::move(f));
        }
        ++cur.next;
        if (cur.fill(svc.db())) heap.push(i);
    }
    return out;
}

}  // namespace freshet::logs
