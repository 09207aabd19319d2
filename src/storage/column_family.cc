#include "storage/column_family.h"

#include <array>
#include <stdexcept>

namespace freshet::storage {
namespace {

// Indexed by Cf. Append only, like the enum: these strings are what RocksDB stores.
constexpr std::array<std::string_view, kCfCount> kNames = {
    "default",  // RocksDB's own name for its always-present family.
    "system",    "stream_meta", "stream_records", "table_meta", "table_items", "iam",
    "functions", "mappings",    "stacks",         "logs",       "objects",
};

}  // namespace

std::string_view cf_name(Cf cf) {
    auto index = static_cast<size_t>(cf);
    if (index >= kCfCount) throw std::logic_error("cf_name: not a column family");
    return kNames[index];
}

std::optional<Cf> cf_from_name(std::string_view name) {
    for (size_t i = 0; i < kCfCount; ++i) {
        if (kNames[i] == name) return static_cast<Cf>(i);
    }
    return std::nullopt;
}

}  // namespace freshet::storage
