// `freshet logs`: FilterLogEvents from --since ago, page by page; with --follow it polls for
// new events every second and never prints one twice (events sharing the last timestamp seen
// are remembered by id, since the next poll starts at that timestamp).
#include "cli/logs.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "cli/aws_client.h"
#include "core/clock.h"

namespace freshet::cli {

namespace json = boost::json;

namespace {

constexpr auto kPollInterval = std::chrono::seconds(1);

std::string str(const json::value& v, const char* key) {
    const auto* p = v.as_object().if_contains(key);
    return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

int64_t num(const json::value& v, const char* key) {
    const auto* p = v.as_object().if_contains(key);
    return p && p->is_int64() ? p->as_int64() : 0;
}

}  // namespace

std::string log_group_of(std::string_view target) {
    if (target.find('/') != std::string_view::npos) return std::string(target);
    return "/aws/lambda/" + std::string(target);
}

std::optional<int64_t> parse_since(std::string_view text) {
    if (text.empty()) return std::nullopt;
    int64_t unit = 1000;
    char last = text.back();
    if (last == 's' || last == 'm' || last == 'h' || last == 'd') {
        unit = last == 's' ? 1000 : last == 'm' ? 60'000 : last == 'h' ? 3'600'000 : 86'400'000;
        text.remove_suffix(1);
    }
    if (text.empty() || text.size() > 9) return std::nullopt;
    int64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n * unit;
}

int logs(const ClientOptions& options, const LogsOptions& l) {
    auto since = parse_since(l.since);
    if (!since) {
        std::fprintf(stderr, "freshet: --since: expected a duration like 90s, 10m, 2h or 1d\n");
        return 2;
    }
    const std::string group = log_group_of(l.target);
    int64_t start = epoch_millis(system_clock().now()) - *since;
    std::set<std::string> seen_at_start;  // ids of printed events whose timestamp is `start`
    while (true) {
        json::object in{{"logGroupName", group}, {"startTime", start}};
        int64_t newest = start;
        std::set<std::string> seen_at_newest = seen_at_start;
        while (true) {
            auto out = call_json(options, "logs", "Logs_20140328.FilterLogEvents", "1.1", in);
            if (!out.ok()) {
                std::fprintf(stderr, "freshet: %s: %s\n", out.error().code.c_str(),
                             out.error().message.c_str());
                return 1;
            }
            for (const auto& e : out->at("events").as_array()) {
                int64_t ts = num(e, "timestamp");
                std::string id = str(e, "eventId");
                if (ts == start && seen_at_start.count(id)) continue;
                std::printf("%s %s %s\n", iso8601(from_epoch_millis(ts), true).c_str(),
                            str(e, "logStreamName").c_str(), str(e, "message").c_str());
                if (ts > newest) {
                    newest = ts;
                    seen_at_newest.clear();
                }
                if (ts == newest) seen_at_newest.insert(id);
            }
            std::fflush(stdout);
            std::string token = str(*out, "nextToken");
            if (token.empty()) break;
            in["nextToken"] = token;
        }
        if (!l.follow) return 0;
        start = newest;
        seen_at_start = std::move(seen_at_newest);
        std::this_thread::sleep_for(kPollInterval);
    }
}

}  // namespace freshet::cli
