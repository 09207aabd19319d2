#include "tables/store/stream_def.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace freshet::tables {

std::string stream_label(double created) {
    auto ms = static_cast<int64_t>(std::floor(created * 1000));
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

std::string stream_arn(const TableMeta& t, const StreamDef& s) {
    return t.arn + "/stream/" + s.label;
}

std::string stream_shard_id(const StreamDef& s) {
    auto ms = static_cast<int64_t>(std::floor(s.created * 1000));
    return fmt::format("shardId-{:020}-{:08x}", ms, static_cast<uint32_t>(s.id * 2654435761u));
}

std::optional<StreamArnParts> parse_stream_arn(std::string_view arn) {
    constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
    if (!arn.starts_with(kPrefix)) return std::nullopt;
    std::string_view rest = arn.substr(kPrefix.size());
    StreamArnParts p;
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    p.region = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    p.account = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    if (!rest.starts_with("table/")) return std::nullopt;
    rest = rest.substr(6);
    size_t slash = rest.find("/stream/");
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    p.table = rest.substr(0, slash);
    p.label = rest.substr(slash + 8);
    if (p.label.empty() || p.label.find('/') != std::string::npos) return std::nullopt;
    return p;
}

const StreamDef* find_stream(const TableMeta& t, std::string_view arn) {
    for (const auto& s : t.streams) {
        if (stream_arn(t, s) == arn) return &s;
    }
    return nullptr;
}

}  // namespace freshet::tables
