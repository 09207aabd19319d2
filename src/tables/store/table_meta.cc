#include "tables/store/table_meta.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "core/decode_cache.h"
#include "storage/db.h"
#include "storage/key_codec.h"

namespace freshet::tables {

namespace json = boost::json;

namespace {

json::array pairs_to_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
    json::array a;
    for (const auto& [k, v] : pairs) a.push_back(json::array{json::value(k), json::value(v)});
    return a;
}

std::vector<std::pair<std::string, std::string>> pairs_from_json(const json::value& v) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : v.as_array()) {
        out.emplace_back(std::string(p.as_array().at(0).as_string()),
                         std::string(p.as_array().at(1).as_string()));
    }
    return out;
}

KeyDef key_from_json(const json::value& v) {
    KeyDef k;
    k.name = std::string(v.at("name").as_string());
    if (!type_from_name(v.at("type").as_string(), k.type)) throw std::runtime_error("key type");
    return k;
}

json::object key_to_json(const KeyDef& k) {
    return json::object{{"name", k.name}, {"type", std::string(type_name(k.type))}};
}

json::object index_to_json(const IndexDef& i) {
    json::array non_key;
    for (const auto& a : i.non_key_attributes) non_key.push_back(json::value(a));
    json::object o{{"name", i.name},
                   {"global", i.global},
                   {"id", i.id},
                   {"hash", key_to_json(i.hash)},
                   {"projection", i.projection},
                   {"non_key", std::move(non_key)},
                   {"status", i.status},
                   {"rcu", i.read_capacity},
                   {"wcu", i.write_capacity}};
    if (i.range) o["range"] = key_to_json(*i.range);
    return o;
}

IndexDef index_from_json(const json::value& v) {
    IndexDef i;
    i.name = std::string(v.at("name").as_string());
    i.global = v.at("global").as_bool();
    i.id = v.at("id").to_number<uint64_t>();
    i.hash = key_from_json(v.at("hash"));
    if (const auto* r = v.as_object().if_contains("range")) i.range = key_from_json(*r);
    i.projection = std::string(v.at("projection").as_string());
    for (const auto& a : v.at("non_key").as_array())
        i.non_key_attributes.emplace_back(a.as_string());
    i.status = std::string(v.at("status").as_string());
    i.read_capacity = v.at("rcu").to_number<int64_t>();
    i.write_capacity = v.at("wcu").to_number<int64_t>();
    return i;
}

json::object stream_to_json(const StreamDef& s) {
    return json::object{{"id", s.id},           {"label", s.label},     {"view", s.view_type},
                        {"enabled", s.enabled}, {"created", s.created}, {"disabled", s.disabled}};
}

StreamDef stream_from_json(const json::value& v) {
    StreamDef s;
    s.id = v.at("id").to_number<uint64_t>();
    s.label = std::string(v.at("label").as_string());
    s.view_type = std::string(v.at("view").as_string());
    s.enabled = v.at("enabled").as_bool();
    s.created = v.at("created").to_number<double>();
    s.disabled = v.at("disabled").to_number<double>();
    return s;
}

}  // namespace

uint64_t allocate_id(storage::Txn& txn) {
    uint64_t next = 1;
    if (auto v = txn.get(storage::Cf::TableMeta, next_id_key())) {
        storage::KeyReader r(*v);
        if (!r.u64(next)) throw std::runtime_error("corrupt table id counter");
    }
    txn.put(storage::Cf::TableMeta, next_id_key(), storage::KeyBuilder().u64(next + 1).str());
    return next;
}

std::string meta_key(std::string_view table_name) {
    return storage::KeyBuilder().string("t").string(table_name).str();
}
std::string meta_lower() {
    return storage::KeyBuilder().string("t").str();
}
std::string meta_upper() {
    return storage::prefix_successor(meta_lower());
}
std::string next_id_key() {
    return storage::KeyBuilder().string("next_id").str();
}

std::string encode_meta(const TableMeta& m) {
    json::object o{{"name", m.name},
                   {"id", m.id},
                   {"arn", m.arn},
                   {"uuid", m.uuid},
                   {"hash", key_to_json(m.hash)},
                   {"attributes", pairs_to_json(m.attribute_definitions)},
                   {"billing", m.billing_mode},
                   {"rcu", m.read_capacity},
                   {"wcu", m.write_capacity},
                   {"created", m.created},
                   {"billing_changed", m.billing_changed},
                   {"tags", pairs_to_json(m.tags)}};
    if (m.range) o["range"] = key_to_json(*m.range);
    if (!m.indexes.empty()) {
        json::array a;
        for (const auto& i : m.indexes) a.push_back(index_to_json(i));
        o["indexes"] = std::move(a);
    }
    if (!m.streams.empty()) {
        json::array a;
        for (const auto& s : m.streams) a.push_back(stream_to_json(s));
        o["streams"] = std::move(a);
    }
    if (!m.ttl_attribute.empty()) {
        o["ttl"] = json::object{
            {"attribute", m.ttl_attribute}, {"enabled", m.ttl_enabled}, {"changed", m.ttl_changed}};
    }
    return json::serialize(o);
}

TableMeta decode_meta(std::string_view bytes) {
    try {
        json::value v = json::parse(bytes);
        TableMeta m;
        m.name = std::string(v.at("name").as_string());
        m.id = v.at("id").to_number<uint64_t>();
        m.arn = std::string(v.at("arn").as_string());
        m.uuid = std::string(v.at("uuid").as_string());
        m.hash = key_from_json(v.at("hash"));
        if (const auto* r = v.as_object().if_contains("range")) m.range = key_from_json(*r);
        m.attribute_definitions = pairs_from_json(v.at("attributes"));
        m.billing_mode = std::string(v.at("billing").as_string());
        m.read_capacity = v.at("rcu").to_number<int64_t>();
        m.write_capacity = v.at("wcu").to_number<int64_t>();
        m.created = v.at("created").to_number<double>();
        m.billing_changed = v.at("billing_changed").to_number<double>();
        m.tags = pairs_from_json(v.at("tags"));
        const auto& o = v.as_object();
        if (const auto* a = o.if_contains("indexes")) {
            for (const auto& i : a->as_array()) m.indexes.push_back(index_from_json(i));
        }
        if (const auto* a = o.if_contains("streams")) {
            for (const auto& s : a->as_array()) m.streams.push_back(stream_from_json(s));
        }
        if (const auto* t = o.if_contains("ttl")) {
            m.ttl_attribute = std::string(t->at("attribute").as_string());
            m.ttl_enabled = t->at("enabled").as_bool();
            m.ttl_changed = t->at("changed").to_number<double>();
        }
        return m;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("corrupt table metadata: ") + e.what());
    }
}

namespace {

// Every item request reads its table's metadata: decoding it again each time was about 6% of
// a GetItem's server CPU.
DecodeCache<TableMeta>& decoded_tables() {
    static DecodeCache<TableMeta> cache;
    return cache;
}

template <class Reader>
std::optional<TableMeta> load(const Reader& r, std::string_view name) {
    std::string key = meta_key(name);
    auto bytes = r.get(storage::Cf::TableMeta, key);
    if (!bytes) return std::nullopt;
    return decoded_tables().get(
        key, *bytes, [](std::string_view b) { return std::optional<TableMeta>(decode_meta(b)); });
}

}  // namespace

std::optional<TableMeta> load_table(const storage::Db& db, std::string_view name) {
    return load(db, name);
}

std::optional<TableMeta> load_table(const storage::Txn& txn, std::string_view name) {
    return load(txn, name);
}

}  // namespace freshet::tables
