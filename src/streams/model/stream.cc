#include "streams/model/stream.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

namespace freshet::streams {

namespace json = boost::json;

std::string Stream::arn() const {
    return fmt::format("arn:aws:kinesis:{}:{}:stream/{}", region, account, name);
}

size_t Stream::open_shard_count() const {
    size_t n = 0;
    for (const auto& s : shards) n += s.open() ? 1 : 0;
    return n;
}

const Shard* Stream::find_shard(uint32_t index) const {
    return index < shards.size() ? &shards[index] : nullptr;
}

Shard* Stream::find_shard(uint32_t index) {
    return index < shards.size() ? &shards[index] : nullptr;
}

const Shard* Stream::route(HashKey key) const {
    for (const auto& s : shards)
        if (s.open() && s.range.contains(key)) return &s;
    return nullptr;
}

std::vector<const Shard*> Stream::children(uint32_t index) const {
    std::vector<const Shard*> out;
    for (const auto& s : shards)
        if (s.parent == index || s.adjacent_parent == index) out.push_back(&s);
    return out;
}

std::string shard_id(uint32_t index) {
    return fmt::format("shardId-{:012}", index);
}

std::optional<uint32_t> parse_shard_id(std::string_view id) {
    size_t dash = id.rfind('-');
    std::string_view digits = dash == std::string_view::npos ? id : id.substr(dash + 1);
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return {};
    if (v > 0x7fffffff) return std::nullopt;
    return static_cast<uint32_t>(v);
}

namespace {

json::object encode_shard(const Shard& s) {
    json::object o;
    o["index"] = s.index;
    if (s.parent) o["parent"] = *s.parent;
    if (s.adjacent_parent) o["adjacent_parent"] = *s.adjacent_parent;
    o["start"] = to_decimal(s.range.start);
    o["end"] = to_decimal(s.range.end);
    o["created_ms"] = s.created_ms;
    if (s.closed_counter) {
        o["closed_counter"] = *s.closed_counter;
        o["closed_ms"] = s.closed_ms;
    }
    return o;
}

std::optional<Shard> decode_shard(const json::object& o) {
    Shard s;
    s.index = json::value_to<uint32_t>(o.at("index"));
    if (auto* p = o.if_contains("parent")) s.parent = json::value_to<uint32_t>(*p);
    if (auto* p = o.if_contains("adjacent_parent"))
        s.adjacent_parent = json::value_to<uint32_t>(*p);
    auto start = parse_hash_key(o.at("start").as_string());
    auto end = parse_hash_key(o.at("end").as_string());
    if (!start || !end) return std::nullopt;
    s.range = HashRange{*start, *end};
    s.created_ms = o.at("created_ms").to_number<int64_t>();
    if (auto* c = o.if_contains("closed_counter")) {
        s.closed_counter = json::value_to<uint64_t>(*c);
        s.closed_ms = o.at("closed_ms").to_number<int64_t>();
    }
    return s;
}

}  // namespace

std::string encode_stream(const Stream& s) {
    json::object o;
    o["v"] = 1;
    o["id"] = s.id;
    o["account"] = s.account;
    o["region"] = s.region;
    o["name"] = s.name;
    o["created_ms"] = s.created_ms;
    o["retention_hours"] = s.retention_hours;
    o["mode"] = s.mode;
    json::object tags;
    for (const auto& [k, v] : s.tags) tags[k] = v;
    o["tags"] = std::move(tags);
    json::array shards;
    for (const auto& sh : s.shards) shards.push_back(encode_shard(sh));
    o["shards"] = std::move(shards);
    return json::serialize(o);
}

std::optional<Stream> decode_stream(std::string_view text) {
    try {
        json::object o = json::parse(text).as_object();
        Stream s;
        s.id = json::value_to<uint64_t>(o.at("id"));
        s.account = json::value_to<std::string>(o.at("account"));
        s.region = json::value_to<std::string>(o.at("region"));
        s.name = json::value_to<std::string>(o.at("name"));
        s.created_ms = o.at("created_ms").to_number<int64_t>();
        s.retention_hours = o.at("retention_hours").to_number<int64_t>();
        s.mode = json::value_to<std::string>(o.at("mode"));
        for (const auto& [k, v] : o.at("tags").as_object())
            s.tags[std::string(k)] = json::value_to<std::string>(v);
        for (const auto& v : o.at("shards").as_array()) {
            auto sh = decode_shard(v.as_object());
            if (!sh) return std::nullopt;
            s.shards.push_back(std::move(*sh));
        }
        return s;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace freshet::streams
