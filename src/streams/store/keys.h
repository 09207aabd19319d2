// RocksDB keys and values of the streams module. Persisted: append only, never reorder or
// remove a tag byte or change an encoding.
//
//   StreamMeta   's' account region name          -> encode_stream(Stream) (JSON)
//                'c' stream_id shard              -> u64: the shard's next record counter
//                'n'                              -> u64: the next stream id
//                'd' stream_id                    -> "" : a deleted stream whose records the
//                                                    trimmer still has to remove
//   StreamRecords stream_id shard counter         -> encode_record(StoredRecord)
//   System       "streams.iterator-secret"        -> 32 random bytes
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::streams::keys {

std::string stream(std::string_view account, std::string_view region, std::string_view name);
std::string streams_of(std::string_view account, std::string_view region);  // prefix
std::string all_streams();                                                  // prefix
std::string counter(uint64_t stream_id, uint32_t shard);
std::string next_stream_id();
std::string deleted(uint64_t stream_id);
std::string all_deleted();  // prefix
std::optional<uint64_t> deleted_id(std::string_view key);

std::string record(uint64_t stream_id, uint32_t shard, uint64_t counter);
std::string shard_records(uint64_t stream_id, uint32_t shard);  // prefix
std::string stream_records(uint64_t stream_id);                 // prefix
// The counter of a record key; nullopt when malformed.
std::optional<uint64_t> record_counter(std::string_view key);

inline constexpr std::string_view kIteratorSecret = "streams.iterator-secret";

std::string encode_u64(uint64_t v);
uint64_t decode_u64(std::string_view v);  // 0 when malformed

struct StoredRecord {
    int64_t arrival_ms = 0;
    std::string partition_key;
    std::string data;
};
std::string encode_record(int64_t arrival_ms, std::string_view partition_key,
                          std::string_view data);
std::optional<StoredRecord> decode_record(std::string_view value);

}  // namespace freshet::streams::keys
