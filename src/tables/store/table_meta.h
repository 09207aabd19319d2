// TableMeta: what Freshet keeps about a table, and its codec in Cf::TableMeta.
//
// Persisted: a JSON object under key string("t") string(name). Field names are append only:
// never rename or remove one. The id is unique for the life of the data directory (a deleted
// and re-created table gets a new id), so items of a deleted table can never reappear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
};

std::string meta_key(std::string_view table_name);
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
