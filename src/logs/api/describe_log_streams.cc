// DescribeLogStreams: the group's streams ordered by name (default) or by the time of their
// last event (orderBy LastEventTime; streams without events first, as time 0), ascending or
// descending, filtered by logStreamNamePrefix (only with the name order, as AWS requires),
// limit 1-50 (default 50), nextToken. storedBytes is always 0, as AWS reports it for streams
// since 2019.
#include <fmt/format.h>
#include <algorithm>

#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

namespace {

constexpr size_t kMaxStreams = 50;

m::LogStream describe_stream(const store::GroupRecord& g, const store::StreamRecord& s) {
    m::LogStream out;
    out.logStreamName = s.name;
    out.creationTime = s.created_ms;
    out.firstEventTimestamp = s.first_event_ms;
    out.lastEventTimestamp = s.last_event_ms;
    out.lastIngestionTime = s.last_ingestion_ms;
    if (s.puts > 0) out.uploadSequenceToken = fmt::format("{:056}", s.puts);
    out.arn = stream_arn(g.region, g.account, g.name, s.name);
    out.storedBytes = 0;
    return out;
}

// The sort key of the LastEventTime order, as text that sorts like the order: the time
// (20 digits) then the name.
std::string time_key(const store::StreamRecord& s) {
    return fmt::format("{:020}/{}", std::max<int64_t>(s.last_event_ms.value_or(0), 0), s.name);
}

}  // namespace

Result<m::DescribeLogStreamsResponse> describe_log_streams(LogsService& svc, RequestContext& ctx,
                                                           const m::DescribeLogStreamsRequest& in) {
    Caller c = caller_of(ctx);
    std::string order = in.orderBy.value_or("LogStreamName");
    bool descending = in.descending.value_or(false);
    if (order == "LastEventTime" && in.logStreamNamePrefix) {
        return errors::invalid_parameter(
            "Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    std::optional<std::string> after;
    if (in.nextToken) {
        after = parse_page_token(fmt::format("streams/{}/{}", order, descending), *in.nextToken);
        if (!after) return errors::invalid_token();
    }
    FRESHET_TRY(name, group_name_of(in.logGroupName, in.logGroupIdentifier));
    FRESHET_TRY(g, find_group(svc, c, name));
    auto streams = store::list_streams(svc.db(), g.id, in.logStreamNamePrefix.value_or(""));
    auto key = [&](const store::StreamRecord& s) {
        return order == "LastEventTime" ? time_key(s) : s.name;
    };
    std::sort(streams.begin(), streams.end(), [&](const auto& a, const auto& b) {
        return descending ? key(a) > key(b) : key(a) < key(b);
    });
    size_t limit = static_cast<size_t>(in.limit.value_or(kMaxStreams));
    m::DescribeLogStreamsResponse out;
    out.logStreams.emplace();
    for (const auto& s : streams) {
        std::string k = key(s);
        if (after && (descending ? k >= *after : k <= *after)) continue;
        if (out.logStreams->size() == limit) {
            out.nextToken = page_token(fmt::format("streams/{}/{}", order, descending), *after);
            break;
        }
        out.logStreams->push_back(describe_stream(g, s));
        after = k;
    }
    return out;
}

}  // namespace freshet::logs
