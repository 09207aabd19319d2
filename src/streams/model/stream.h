// A stream as Freshet keeps it: its identity, settings, tags and every shard it ever had
// (closed parents stay listed until their records age out, as in AWS).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streams/model/hash_key.h"

namespace freshet::streams {

struct Shard {
    uint32_t index = 0;  // shardId-<index, 12 digits>
    std::optional<uint32_t> parent;
    std::optional<uint32_t> adjacent_parent;
    HashRange range;
    int64_t created_ms = 0;
    // Set when a split, merge or UpdateShardCount closes the shard: no record is ever written
    // to it again, and every record it holds has a counter below `closed_counter`.
    std::optional<uint64_t> closed_counter;
    int64_t closed_ms = 0;
    bool open() const { return !closed_counter.has_value(); }
};

struct Stream {
    uint64_t id = 0;  // unique per installation, never reused (a recreated name gets a new id)
    std::string account;
    std::string region;
    std::string name;
    int64_t created_ms = 0;
    int64_t retention_hours = 24;
    std::string mode = "PROVISIONED";  // or ON_DEMAND
    std::map<std::string, std::string> tags;
    std::vector<Shard> shards;  // by index

    std::string arn() const;
    size_t open_shard_count() const;
    const Shard* find_shard(uint32_t index) const;
    Shard* find_shard(uint32_t index);
    // The open shard whose range holds `key` (open shards cover the key space exactly once).
    const Shard* route(HashKey key) const;
    // Shards whose parent or adjacent parent is `index`.
    std::vector<const Shard*> children(uint32_t index) const;
};

// "shardId-000000000007".
std::string shard_id(uint32_t index);
// The index of a shard id as AWS reads it: the digits after the last '-' ("shardId-7" and
// "7" name shard 7 too, as kinesalite recorded); nullopt when not a number below 2^31.
std::optional<uint32_t> parse_shard_id(std::string_view id);

// Persisted form of a stream (JSON). Fields are append only: never rename or remove one.
std::string encode_stream(const Stream& s);
std::optional<Stream> decode_stream(std::string_view json);

}  // namespace freshet::streams
