// Column families of the one RocksDB per data directory: one per concern, so that each can be
// scanned, sized and tuned on its own, while one WriteBatch stays atomic across all of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace freshet::storage {

// Persisted: the names below are the on-disk column family names.
// Append only: never reorder or remove (add new ones just before Count_).
enum class Cf : uint8_t {
    Default,
    System,
    StreamMeta,
    StreamRecords,
    TableMeta,
    TableItems,
    Iam,
    Functions,
    Mappings,
    Stacks,
    Logs,
    Objects,
    Count_,
};

inline constexpr size_t kCfCount = static_cast<size_t>(Cf::Count_);

// The stable on-disk name of a column family ("default", "system", "stream_meta", ...).
// Precondition: cf != Cf::Count_. Thread safe (pure).
std::string_view cf_name(Cf cf);

// The column family with that on-disk name, if it is one of ours. Thread safe (pure).
std::optional<Cf> cf_from_name(std::string_view name);

}  // namespace freshet::storage
