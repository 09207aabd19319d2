#include "logs/api/common.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "logs/errors.h"

namespace freshet::logs {

Caller caller_of(const RequestContext& ctx) {
    return Caller{ctx.principal.account_id, ctx.region};
}

std::string group_arn(std::string_view region, std::string_view account, std::string_view name) {
    return fmt::format("arn:aws:logs:{}:{}:log-group:{}", region, account, name);
}

std::string stream_arn(std::string_view region, std::string_view account, std::string_view group,
                       std::string_view stream) {
    return fmt::format("{}:log-stream:{}", group_arn(region, account, group), stream);
}

Result<std::string> group_name_of(const std::optional<std::string>& name,
                                  const std::optional<std::string>& identifier) {
    if (name) return *name;
    if (!identifier) {
        return errors::invalid_parameter(
            "1 validation error detected: Value null at 'logGroupName' failed to satisfy "
            "constraint: Member must not be null");
    }
    std::string_view id = *identifier;
    if (id.substr(0, 4) != "arn:") return std::string(id);
    size_t at = id.find(":log-group:");
    if (at == std::string_view::npos) return std::string(id);
    std::string_view rest = id.substr(at + 11);
    if (rest.size() >= 2 && rest.substr(rest.size() - 2) == ":*") rest.remove_suffix(2);
    return std::string(rest);
}

Result<store::GroupRecord> find_group(LogsService& svc, const Caller& c, std::string_view name) {
    auto g = store::load_group(svc.db(), c.account, c.region, name);
    if (!g) return errors::group_not_found();
    return *g;
}

Result<store::StreamRecord> find_stream(LogsService& svc, const store::GroupRecord& g,
                                        std::string_view name) {
    auto s = store::load_stream(svc.db(), g.id, name);
    if (!s) return errors::stream_not_found();
    return *s;
}

void append_events(storage::Txn& txn, store::GroupRecord& g, store::StreamRecord& s,
                   const std::vector<LogEvent>& events, int64_t now_ms) {
    if (events.empty()) return;
    uint64_t seq = store::next_id(txn, "event", events.size());
    for (const auto& e : events) {
        store::put_event(txn, {s.id, e.timestamp_ms, seq++, now_ms, e.message});
        g.stored_bytes += static_cast<int64_t>(e.message.size());
        if (!s.first_event_ms || e.timestamp_ms < *s.first_event_ms)
            s.first_event_ms = e.timestamp_ms;
        if (!s.last_event_ms || e.timestamp_ms > *s.last_event_ms) s.last_event_ms = e.timestamp_ms;
    }
    s.last_ingestion_ms = now_ms;
    ++s.puts;
    store::save_stream(txn, s);
    store::save_group(txn, g);
}

int64_t retained_since(const store::GroupRecord& g, int64_t now_ms) {
    return g.retention_days > 0 ? now_ms - g.retention_days * 86'400'000 : 0;
}

std::string position_token(char direction, store::Position p) {
    return fmt::format("{}/{:020}{:020}{:016}", direction, std::max<int64_t>(p.timestamp_ms, 0),
                       p.seq, 0);
}

std::optional<std::pair<char, store::Position>> parse_position_token(std::string_view token) {
    if (token.size() != 58 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/')
        return std::nullopt;
    for (char c : token.substr(2)) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    if (token.substr(42) != std::string(16, '0')) return std::nullopt;
    store::Position p;
    try {
        p.timestamp_ms = std::stoll(std::string(token.substr(2, 20)));
        p.seq = std::stoull(std::string(token.substr(22, 20)));
    } catch (const std::exception&) {
        return std::nullopt;  // out of range
    }
    return std::make_pair(token[0], p);
}

std::string page_token(std::string_view kind, std::string_view payload) {
    return base64url_encode(std::string(kind) + "\n" + std::string(payload));
}

std::optional<std::string> parse_page_token(std::string_view kind, std::string_view token) {
    auto text = base64url_decode(token);
    if (!text || text->size() <= kind.size() || text->compare(0, kind.size(), kind) != 0 ||
        (*text)[kind.size()] != '\n')
        return std::nullopt;
    return text->substr(kind.size() + 1);
}

int64_t now_ms(const LogsService& svc) {
    return epoch_millis(svc.clock().now());
}

}  // namespace freshet::logs
