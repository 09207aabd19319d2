// GetLogEvents: one stream's events in timestamp order within [startTime, endTime), at most
// `limit` (default and cap 10,000). Without a token it reads from the newest end (the last
// `limit` events) unless startFromHead; "f/..." continues forward after the position it names,
// "b/..." backward before it. At the end of the stream the same token comes back, which is how
// AWS's clients know to stop. Events past the group's retention are never shown.
#include <algorithm>
#include <limits>

#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

namespace {

constexpr int64_t kMaxEvents = 10'000;
constexpr store::Position kEnd{std::numeric_limits<int64_t>::max(),
                               std::numeric_limits<uint64_t>::max()};

store::Position after(store::Position p) {
    return p.seq == std::numeric_limits<uint64_t>::max()
               ? store::Position{p.timestamp_ms + 1, 0}
               : store::Position{p.timestamp_ms, p.seq + 1};
}

store::Position before(store::Position p) {
    return p.seq == 0 ? store::Position{p.timestamp_ms - 1, std::numeric_limits<uint64_t>::max()}
                      : store::Position{p.timestamp_ms, p.seq - 1};
}

}  // namespace

Result<m::GetLogEventsResponse> get_log_events(LogsService& svc, RequestContext& ctx,
                                               const m::GetLogEventsRequest& in) {
    Caller c = caller_of(ctx);
    std::optional<std::pair<char, store::Position>> token;
    if (in.nextToken) {
        token = parse_position_token(*in.nextToken);
        if (!token) return errors::invalid_token();
    }
    FRESHET_TRY(name, group_name_of(in.logGroupName, in.logGroupIdentifier));
    FRESHET_TRY(g, find_group(svc, c, name));
    FRESHET_TRY(s, find_stream(svc, g, in.logStreamName));

    store::Position lower{std::max(in.startTime.value_or(0), retained_since(g, now_ms(svc))), 0};
    store::Position upper = in.endTime ? store::Position{*in.endTime, 0} : kEnd;
    bool backward = !in.startFromHead.value_or(false);
    if (token) {
        backward = token->first == 'b';
        if (backward) {
            upper = std::min(upper, token->second);
        } else {
            lower = std::max(lower, after(token->second));
        }
    }
    auto limit = static_cast<size_t>(std::min(in.limit.value_or(kMaxEvents), kMaxEvents));
    auto events = store::read_events(svc.db(), s.id, lower, upper, backward, limit);
    if (backward) std::reverse(events.begin(), events.end());

    m::GetLogEventsResponse out;
    out.events.emplace();
    for (const auto& e : events) {
        out.events->push_back(m::OutputLogEvent{e.timestamp_ms, e.message, e.ingestion_ms});
    }
    if (!events.empty()) {
        out.nextForwardToken = position_token('f', {events.back().timestamp_ms, events.back().seq});
        out.nextBackwardToken =
            position_token('b', {events.front().timestamp_ms, events.front().seq});
    } else if (token) {
        out.nextForwardToken =
            token->first == 'f' ? *in.nextToken : position_token('f', before(token->second));
        out.nextBackwardToken =
            token->first == 'b' ? *in.nextToken : position_token('b', after(token->second));
    } else {
        out.nextForwardToken = position_token('f', before(lower));
        out.nextBackwardToken = position_token('b', lower);
    }
    return out;
}

}  // namespace freshet::logs
