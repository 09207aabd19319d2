// Hash keys: Kinesis routes a record to the shard whose 128-bit hash key range holds the MD5 of
// its partition key (or its ExplicitHashKey). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshet::streams {

__extension__ typedef unsigned __int128 HashKey;

inline constexpr HashKey kMaxHashKey = ~HashKey{0};  // 2^128 - 1

struct HashRange {
    HashKey start = 0;
    HashKey end = kMaxHashKey;  // inclusive
    bool contains(HashKey k) const { return k >= start && k <= end; }
};

// Parses a non-negative decimal integer; nullopt when it is not one or exceeds 2^128 - 1
// (the model's pattern allows 39 digits, so "Invalid ExplicitHashKey" is the handler's job).
std::optional<HashKey> parse_hash_key(std::string_view decimal);
std::string to_decimal(HashKey key);

// The MD5 of the partition key's UTF-8 bytes, read as a big-endian 128-bit integer (AWS).
HashKey partition_key_hash(std::string_view partition_key);

// `count` ranges covering the whole key space the way CreateStream splits it: each is
// floor(2^128 / count) wide and the last one ends at 2^128 - 1 (kinesalite's recorded ranges:
// 3 shards end at 113427455640312821154458202477256070484, ...969 and 2^128 - 1).
std::vector<HashRange> split_evenly(size_t count);

}  // namespace freshet::streams
