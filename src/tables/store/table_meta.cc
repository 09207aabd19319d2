#include "tables/store/table_meta.h"

#include <boost/json.hpp>
#include <stdexcept>

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

}  // namespace

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
        return m;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("corrupt table metadata: ") + e.what());
    }
}

std::optional<TableMeta> load_table(const storage::Db& db, std::string_view name) {
    auto bytes = db.get(storage::Cf::TableMeta, meta_key(name));
    if (!bytes) return std::nullopt;
    return decode_meta(*bytes);
}

std::optional<TableMeta> load_table(const storage::Txn& txn, std::string_view name) {
    auto bytes = txn.get(storage::Cf::TableMeta, meta_key(name));
    if (!bytes) return std::nullopt;
    return decode_meta(*bytes);
}

}  // namespace freshet::tables
