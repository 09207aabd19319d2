// TableMeta: what Freshet keeps about a table, and its codec in Cf::TableMeta.
//
// Persisted: a JSON object under key string("t") string(name). Field names are append only:
// never rename or remove one. The id is unique for the life of the data directory (a deleted
// and re-created table gets a new id), so items of a deleted table can never reappear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tables/model/attribute_value.h"

namespace freshet::storage {
class Db;
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

struct KeyDef {
    std::string name;
    Type type = Type::S;  // S, N or B
};

// A global or local secondary index. Its entries live in Cf::TableItems under its own id
// (handed out by the same counter as table ids), so an index is read like a table.
struct IndexDef {
    std::string name;
    bool global = true;
    uint64_t id = 0;
    KeyDef hash;
    std::optional<KeyDef> range;
    std::string projection = "ALL";               // ALL, KEYS_ONLY or INCLUDE
    std::vector<std::string> non_key_attributes;  // INCLUDE only
    std::string status = "ACTIVE";                // CREATING (being backfilled), ACTIVE
    int64_t read_capacity = 0;                    // global indexes of PROVISIONED tables
    int64_t write_capacity = 0;
};

// A table stream. Its records live under its own id (from the table id counter).
struct StreamDef {
    uint64_t id = 0;
    std::string label;      // LatestStreamLabel: the creation time, ISO 8601 with milliseconds
    std::string view_type;  // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES
    bool enabled = true;    // a disabled stream stays readable for 24 hours
    double created = 0;     // seconds since the epoch
    double disabled = 0;    // when it was disabled (0: never)
};

struct TableMeta {
    std::string name;
    uint64_t id = 0;
    std::string arn;
    std::string uuid;  // DynamoDB's TableId
    KeyDef hash;
    std::optional<KeyDef> range;
    std::vector<std::pair<std::string, std::string>> attribute_definitions;  // name, type
    std::string billing_mode = "PROVISIONED";
    int64_t read_capacity = 0;
    int64_t write_capacity = 0;
    double created = 0;                                     // seconds since the epoch
    double billing_changed = 0;                             // when PAY_PER_REQUEST was last set
    std::vector<std::pair<std::string, std::string>> tags;  // key, value, in order added
    std::vector<IndexDef> indexes;                          // in the order created
    std::vector<StreamDef> streams;                         // oldest first; back() is the latest
    std::string ttl_attribute;                              // empty: time to live never set
    bool ttl_enabled = false;
    double ttl_changed = 0;  // when time to live was last enabled or disabled

    const StreamDef* enabled_stream() const {
        return !streams.empty() && streams.back().enabled ? &streams.back() : nullptr;
    }
    const IndexDef* find_index(std::string_view index_name) const {
        for (const auto& i : indexes)
            if (i.name == index_name) return &i;
        return nullptr;
    }
};

std::string meta_key(std::string_view table_name);
// Hands out the next storage id (tables, indexes and streams share one counter; ids are never
// reused). Inside a write function.
uint64_t allocate_id(storage::Txn& txn);

// Lower and upper bounds of every table's metadata key, in name order.
std::string meta_lower();
std::string meta_upper();
// The key of the counter that hands out table ids.
std::string next_id_key();

std::string encode_meta(const TableMeta& meta);
// Throws std::runtime_error on a corrupt record (a bug or a damaged disk, never user input).
TableMeta decode_meta(std::string_view bytes);

std::optional<TableMeta> load_table(const storage::Db& db, std::string_view name);
std::optional<TableMeta> load_table(const storage::Txn& txn, std::string_view name);

}  // namespace freshet::tables
