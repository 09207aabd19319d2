#include "tables/store/item_codec.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "storage/key_codec.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace json = boost::json;

namespace {

constexpr char kFormatJson = 1;
constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;
constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Result<void> check_part(const KeyDef& def, const AttributeValue& v, bool is_hash) {
    if (v.type == Type::N) return Ok{};
    if (v.s.empty()) {
        return validation_error(
            "One or more parameter values were invalid: The AttributeValue for a key attribute "
            "cannot contain an empty " +
            std::string(v.type == Type::S ? "string" : "binary") + " value. Key: " + def.name);
    }
    // AWS's message really has no space in "limit of2048".
    if (is_hash && v.s.size() > kMaxHashKeyBytes) {
        return validation_error(std::string(kInvalid) +
                                "Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }
    if (!is_hash && v.s.size() > kMaxRangeKeyBytes) {
        return validation_error(
            std::string(kInvalid) +
            "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }
    return Ok{};
}

Result<void> check_item_part(const KeyDef& def, const Item& item, bool is_hash, Item& out) {
    auto it = item.find(def.name);
    if (it == item.end()) {
        return validation_error(std::string(kInvalid) + "Missing the key " + def.name +
                                " in the item");
    }
    if (it->second.type != def.type) {
        return validation_error(std::string(kInvalid) + "Type mismatch for key " + def.name +
                                " expected: " + std::string(type_name(def.type)) +
                                " actual: " + std::string(type_name(it->second.type)));
    }
    FRESHET_CHECK(check_part(def, it->second, is_hash));
    out.emplace(def.name, it->second);
    return Ok{};
}

}  // namespace

std::string key_part(const AttributeValue& v) {
    return v.type == Type::N ? v.n.order_key() : v.s;
}

std::string table_prefix(uint64_t table_id) {
    return storage::KeyBuilder().u64(table_id).str();
}

std::string partition_prefix(const TableMeta& t, const AttributeValue& hash) {
    return storage::KeyBuilder().u64(t.id).bytes(key_part(hash)).str();
}

std::string item_key(const TableMeta& t, const Item& key) {
    storage::KeyBuilder b;
    b.u64(t.id).bytes(key_part(key.at(t.hash.name)));
    if (t.range) b.bytes(key_part(key.at(t.range->name)));
    return std::move(b).str();
}

std::string encode_stored_item(const Item& item) {
    std::string out(1, kFormatJson);
    out += json::serialize(encode_item_object(item));
    return out;
}

Item decode_stored_item(std::string_view bytes) {
    if (bytes.empty() || bytes[0] != kFormatJson) throw std::runtime_error("corrupt item record");
    boost::system::error_code ec;
    // Items nest 32 levels, two JSON levels each: above Boost.JSON's default limit.
    json::parse_options options;
    options.max_depth = 256;
    json::value v = json::parse(bytes.substr(1), ec, {}, options);
    if (ec || !v.is_object()) throw std::runtime_error("corrupt item record");
    auto item = decode_item_object(v.as_object());
    if (!item.ok()) throw std::runtime_error("corrupt item record: " + item.error().message);
    return std::move(item).value();
}

Result<Item> key_of_item(const TableMeta& t, const Item& item) {
    Item key;
    FRESHET_CHECK(check_item_part(t.hash, item, true, key));
    if (t.range) FRESHET_CHECK(check_item_part(*t.range, item, false, key));
    return key;
}

Result<void> check_key(const TableMeta& t, const Item& key) {
    const ApiError mismatch =
        validation_error("The provided key element does not match the schema");
    if (key.size() != (t.range ? 2u : 1u)) return mismatch;
    auto part = [&](const KeyDef& def, bool is_hash) -> Result<void> {
        auto it = key.find(def.name);
        if (it == key.end() || it->second.type != def.type) return mismatch;
        return check_part(def, it->second, is_hash);
    };
    FRESHET_CHECK(part(t.hash, true));
    if (t.range) FRESHET_CHECK(part(*t.range, false));
    return Ok{};
}

Item project_key(const TableMeta& t, const Item& item) {
    Item key;
    if (auto it = item.find(t.hash.name); it != item.end()) key.emplace(*it);
    if (t.range) {
        if (auto it = item.find(t.range->name); it != item.end()) key.emplace(*it);
    }
    return key;
}

}  // namespace freshet::tables
