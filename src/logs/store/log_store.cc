#include "logs/store/log_store.h"

#include <boost/json.hpp>
#include <limits>

#include "storage/key_codec.h"

namespace freshet::logs::store {

namespace json = boost::json;

namespace {

constexpr uint8_t kGroup = 'g';
constexpr uint8_t kStream = 's';
constexpr uint8_t kEvent = 'e';
constexpr uint8_t kCounter = 'n';
constexpr uint8_t kDeleted = 'd';

std::string group_key(std::string_view account, std::string_view region, std::string_view name) {
    return storage::KeyBuilder().u8(kGroup).string(account).string(region).string(name).str();
}

std::string stream_key(uint64_t group_id, std::string_view name) {
    return storage::KeyBuilder().u8(kStream).u64(group_id).string(name).str();
}

int64_t int_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_int64() ? v->as_int64() : 0;
}

std::optional<int64_t> opt_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_int64()) return std::nullopt;
    return v->as_int64();
}

std::string str_of(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string encode_group(const GroupRecord& g) {
    return json::serialize(json::object{{"account", g.account},
                                        {"region", g.region},
                                        {"name", g.name},
                                        {"id", static_cast<int64_t>(g.id)},
                                        {"created", g.created_ms},
                                        {"retention", g.retention_days},
                                        {"bytes", g.stored_bytes}});
}

std::optional<GroupRecord> decode_group(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.as_object();
    GroupRecord g;
    g.account = str_of(o, "account");
    g.region = str_of(o, "region");
    g.name = str_of(o, "name");
    g.id = static_cast<uint64_t>(int_of(o, "id"));
    g.created_ms = int_of(o, "created");
    g.retention_days = int_of(o, "retention");
    g.stored_bytes = int_of(o, "bytes");
    return g;
}

std::string encode_stream(const StreamRecord& s) {
    json::object o{{"id", static_cast<int64_t>(s.id)},
                   {"group", static_cast<int64_t>(s.group_id)},
                   {"name", s.name},
                   {"created", s.created_ms},
                   {"puts", static_cast<int64_t>(s.puts)}};
    if (s.first_event_ms) o["first"] = *s.first_event_ms;
    if (s.last_event_ms) o["last"] = *s.last_event_ms;
    if (s.last_ingestion_ms) o["ingested"] = *s.last_ingestion_ms;
    return json::serialize(o);
}

std::optional<StreamRecord> decode_stream(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.as_object();
    StreamRecord s;
    s.id = static_cast<uint64_t>(int_of(o, "id"));
    s.group_id = static_cast<uint64_t>(int_of(o, "group"));
    s.name = str_of(o, "name");
    s.created_ms = int_of(o, "created");
    s.puts = static_cast<uint64_t>(int_of(o, "puts"));
    s.first_event_ms = opt_of(o, "first");
    s.last_event_ms = opt_of(o, "last");
    s.last_ingestion_ms = opt_of(o, "ingested");
    return s;
}

}  // namespace

template <class R>
std::optional<GroupRecord> load_group(const R& r, std::string_view account, std::string_view region,
                                      std::string_view name) {
    auto v = r.get(storage::Cf::Logs, group_key(account, region, name));
    if (!v) return std::nullopt;
    return decode_group(*v);
}
template std::optional<GroupRecord> load_group(const storage::Db&, std::string_view,
                                               std::string_view, std::string_view);
template std::optional<GroupRecord> load_group(const storage::Txn&, std::string_view,
                                               std::string_view, std::string_view);

std::vector<GroupRecord> list_groups(const storage::Db& db, std::string_view account,
                                     std::string_view region, std::string_view prefix,
                                     std::string_view after, size_t limit) {
    // The escaped name starts with the escaped prefix, minus the prefix's terminator.
    std::string lower = group_key(account, region, prefix);
    lower.resize(lower.size() - 2);
    std::vector<GroupRecord> out;
    auto it = db.iterate(storage::Cf::Logs, lower, storage::prefix_successor(lower));
    if (after.empty()) {
        it.seek_to_first();
    } else {
        it.seek(group_key(account, region, after));
    }
    for (; it.valid() && out.size() < limit; it.next()) {
        auto g = decode_group(it.value());
        if (!g || g->name == after) continue;
        out.push_back(std::move(*g));
    }
    return out;
}

std::vector<GroupRecord> all_groups(const storage::Db& db) {
    std::string lower = storage::KeyBuilder().u8(kGroup).str();
    std::vector<GroupRecord> out;
    auto it = db.iterate(storage::Cf::Logs, lower, storage::prefix_successor(lower));
    for (it.seek_to_first(); it.valid(); it.next()) {
        if (auto g = decode_group(it.value())) out.push_back(std::move(*g));
    }
    return out;
}

void save_group(storage::Txn& txn, const GroupRecord& g) {
    txn.put(storage::Cf::Logs, group_key(g.account, g.region, g.name), encode_group(g));
}

void delete_group_record(storage::Txn& txn, const GroupRecord& g) {
    txn.del(storage::Cf::Logs, group_key(g.account, g.region, g.name));
}

template <class R>
std::optional<StreamRecord> load_stream(const R& r, uint64_t group_id, std::string_view name) {
    auto v = r.get(storage::Cf::Logs, stream_key(group_id, name));
    if (!v) return std::nullopt;
    return decode_stream(*v);
}
template std::optional<StreamRecord> load_stream(const storage::Db&, uint64_t, std::string_view);
template std::optional<StreamRecord> load_stream(const storage::Txn&, uint64_t, std::string_view);

template <class R>
std::vector<StreamRecord> list_streams(const R& r, uint64_t group_id, std::string_view prefix,
                                       std::string_view after, size_t limit) {
    std::string lower = stream_key(group_id, prefix);
    lower.resize(lower.size() - 2);
    std::vector<StreamRecord> out;
    auto it = r.iterate(storage::Cf::Logs, lower, storage::prefix_successor(lower));
    if (after.empty()) {
        it.seek_to_first();
    } else {
        it.seek(stream_key(group_id, after));
    }
    for (; it.valid() && (limit == 0 || out.size() < limit); it.next()) {
        auto s = decode_stream(it.value());
        if (!s || s->name == after) continue;
        out.push_back(std::move(*s));
    }
    return out;
}
template std::vector<StreamRecord> list_streams(const storage::Db&, uint64_t, std::string_view,
                                                std::string_view, size_t);
template std::vector<StreamRecord> list_streams(const storage::Txn&, uint64_t, std::string_view,
                                                std::string_view, size_t);

void save_stream(storage::Txn& txn, const StreamRecord& s) {
    txn.put(storage::Cf::Logs, stream_key(s.group_id, s.name), encode_stream(s));
}

void delete_stream(storage::Txn& txn, const StreamRecord& s) {
    txn.del(storage::Cf::Logs, stream_key(s.group_id, s.name));
    txn.put(storage::Cf::Logs, deleted_marker(s.id), "");
}

uint64_t next_id(storage::Txn& txn, std::string_view counter, uint64_t n) {
    std::string key = storage::KeyBuilder().u8(kCounter).string(counter).str();
    uint64_t next = 1;
    if (auto v = txn.get(storage::Cf::Logs, key)) {
        storage::KeyReader r(*v);
        if (!r.u64(next)) next = 1;
    }
    txn.put(storage::Cf::Logs, key, storage::KeyBuilder().u64(next + n).str());
    return next;
}

std::string event_key(uint64_t stream_id, Position p) {
    return storage::KeyBuilder().u8(kEvent).u64(stream_id).i64(p.timestamp_ms).u64(p.seq).str();
}

std::string stream_events_prefix(uint64_t stream_id) {
    return storage::KeyBuilder().u8(kEvent).u64(stream_id).str();
}

void put_event(storage::Txn& txn, const EventRecord& e) {
    std::string value = storage::KeyBuilder().i64(e.ingestion_ms).str();
    value += e.message;
    txn.put(storage::Cf::Logs, event_key(e.stream_id, {e.timestamp_ms, e.seq}), value);
}

std::optional<EventRecord> decode_event(std::string_view key, std::string_view value) {
    storage::KeyReader k(key);
    uint8_t tag = 0;
    EventRecord e;
    if (!k.u8(tag) || tag != kEvent || !k.u64(e.stream_id) || !k.i64(e.timestamp_ms) ||
        !k.u64(e.seq))
        return std::nullopt;
    if (value.size() < 8) return std::nullopt;
    storage::KeyReader v(value.substr(0, 8));
    if (!v.i64(e.ingestion_ms)) return std::nullopt;
    e.message = std::string(value.substr(8));
    return e;
}

std::vector<EventRecord> read_events(const storage::Db& db, uint64_t stream_id, Position lower,
                                     Position upper, bool backward, size_t limit) {
    std::vector<EventRecord> out;
    if (!(lower < upper)) return out;
    auto it =
        db.iterate(storage::Cf::Logs, event_key(stream_id, lower), event_key(stream_id, upper));
    if (backward) {
        for (it.seek_to_last(); it.valid() && out.size() < limit; it.prev()) {
            if (auto e = decode_event(it.key(), it.value())) out.push_back(std::move(*e));
        }
    } else {
        for (it.seek_to_first(); it.valid() && out.size() < limit; it.next()) {
            if (auto e = decode_event(it.key(), it.value())) out.push_back(std::move(*e));
        }
    }
    return out;
}

std::string deleted_marker(uint64_t stream_id) {
    return storage::KeyBuilder().u8(kDeleted).u64(stream_id).str();
}

std::vector<uint64_t> deleted_streams(const storage::Db& db, size_t limit) {
    std::string lower = storage::KeyBuilder().u8(kDeleted).str();
    std::vector<uint64_t> out;
    auto it = db.iterate(storage::Cf::Logs, lower, storage::prefix_successor(lower));
    for (it.seek_to_first(); it.valid() && out.size() < limit; it.next()) {
        storage::KeyReader r(it.key());
        uint8_t tag = 0;
        uint64_t id = 0;
        if (r.u8(tag) && r.u64(id)) out.push_back(id);
    }
    return out;
}

}  // namespace freshet::logs::store
