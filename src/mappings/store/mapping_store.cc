#include "mappings/store/mapping_store.h"

#include <boost/json.hpp>

#include "storage/db.h"

namespace freshet::mappings::store {
namespace {

namespace json = boost::json;
using storage::Cf;

std::string mapping_key(const std::string& uuid) {
    return "esm/" + uuid;
}
std::string checkpoint_prefix(const std::string& uuid) {
    return "ckpt/" + uuid + "/";
}

std::string encode(const MappingRecord& m) {
    json::object o{{"config", model::to_json(m.config)},
                   {"function", m.function_name},
                   {"enabled", m.enabled},
                   {"start_ms", m.start_ms}};
    return json::serialize(o);
}

MappingRecord decode(std::string_view text) {
    json::object o = json::parse(text).as_object();
    MappingRecord m;
    model::from_json(o.at("config"), m.config);
    m.function_name = std::string(o.at("function").as_string());
    m.enabled = o.at("enabled").as_bool();
    m.start_ms = o.at("start_ms").to_number<int64_t>();
    return m;
}

}  // namespace

std::optional<MappingRecord> MappingStore::get(const std::string& uuid) const {
    auto v = db_.get(Cf::Mappings, mapping_key(uuid));
    if (!v) return std::nullopt;
    return decode(*v);
}

std::vector<MappingRecord> MappingStore::list() const {
    std::vector<MappingRecord> out;
    auto it = db_.iterate(Cf::Mappings, "esm/", "esm0");  // '0' follows '/'
    for (it.seek_to_first(); it.valid(); it.next()) out.push_back(decode(it.value()));
    return out;
}

Result<void> MappingStore::put(const MappingRecord& m) {
    std::string value = encode(m);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.put(Cf::Mappings, mapping_key(*m.config.UUID), value);
        return Ok{};
    });
}

Result<void> MappingStore::create(
    const MappingRecord& m,
    const std::function<std::optional<ApiError>(const MappingRecord&)>& conflict) {
    std::lock_guard lock(write_mu_);
    for (const auto& existing : list()) {
        if (auto e = conflict(existing)) return *e;
    }
    return put(m);
}

Result<std::optional<MappingRecord>> MappingStore::update(
    const std::string& uuid, const std::function<bool(MappingRecord&)>& change) {
    std::lock_guard lock(write_mu_);
    auto m = get(uuid);
    if (!m) return std::optional<MappingRecord>{};
    if (!change(*m)) return m;
    FRESHET_CHECK(put(*m));
    return m;
}

Result<void> MappingStore::remove(const std::string& uuid) {
    std::lock_guard lock(write_mu_);
    std::vector<std::string> keys;
    std::string prefix = checkpoint_prefix(uuid);
    std::string end = prefix;
    end.back() = '0';  // '0' follows '/'
    auto it = db_.iterate(Cf::Mappings, prefix, end);
    for (it.seek_to_first(); it.valid(); it.next()) keys.emplace_back(it.key());
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.del(Cf::Mappings, mapping_key(uuid));
        for (const auto& k : keys) txn.del(Cf::Mappings, k);
        return Ok{};
    });
}

std::map<std::string, Checkpoint> MappingStore::checkpoints(const std::string& uuid) const {
    std::map<std::string, Checkpoint> out;
    std::string prefix = checkpoint_prefix(uuid);
    std::string end = prefix;
    end.back() = '0';
    auto it = db_.iterate(Cf::Mappings, prefix, end);
    for (it.seek_to_first(); it.valid(); it.next()) {
        json::object o = json::parse(it.value()).as_object();
        Checkpoint c;
        c.sequence_number = std::string(o.at("seq").as_string());
        c.closed = o.at("closed").as_bool();
        if (const auto* w = o.if_contains("window_start"))
            c.window_start_ms = w->to_number<int64_t>();
        if (const auto* s = o.if_contains("window_state"))
            c.window_state = std::string(s->as_string());
        out[std::string(it.key().substr(prefix.size()))] = std::move(c);
    }
    return out;
}

Result<void> MappingStore::save_checkpoint(const std::string& uuid, const std::string& shard_id,
                                           const Checkpoint& c) {
    std::string key = checkpoint_prefix(uuid) + shard_id;
    json::object o{{"seq", c.sequence_number}, {"closed", c.closed}};
    if (c.window_start_ms >= 0) {
        o["window_start"] = c.window_start_ms;
        o["window_state"] = c.window_state;
    }
    std::string value = json::serialize(o);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        // A mapping deleted meanwhile keeps no checkpoints.
        if (!txn.get(Cf::Mappings, mapping_key(uuid))) return Ok{};
        txn.put(Cf::Mappings, key, value);
        return Ok{};
    });
}

}  // namespace freshet::mappings::store
