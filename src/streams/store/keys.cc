#include "streams/store/keys.h"

#include "storage/key_codec.h"

namespace freshet::streams::keys {

using storage::KeyBuilder;
using storage::KeyReader;

std::string stream(std::string_view account, std::string_view region, std::string_view name) {
    return KeyBuilder().u8('s').string(account).string(region).string(name).str();
}

std::string streams_of(std::string_view account, std::string_view region) {
    return KeyBuilder().u8('s').string(account).string(region).str();
}

std::string all_streams() {
    return KeyBuilder().u8('s').str();
}

std::string counter(uint64_t stream_id, uint32_t shard) {
    return KeyBuilder().u8('c').u64(stream_id).u32(shard).str();
}

std::string next_stream_id() {
    return KeyBuilder().u8('n').str();
}

std::string deleted(uint64_t stream_id) {
    return KeyBuilder().u8('d').u64(stream_id).str();
}

std::string all_deleted() {
    return KeyBuilder().u8('d').str();
}

std::optional<uint64_t> deleted_id(std::string_view key) {
    KeyReader r(key);
    uint8_t tag = 0;
    uint64_t id = 0;
    if (!r.u8(tag) || tag != 'd' || !r.u64(id) || !r.done()) return std::nullopt;
    return id;
}

std::string record(uint64_t stream_id, uint32_t shard, uint64_t counter) {
    return KeyBuilder().u64(stream_id).u32(shard).u64(counter).str();
}

std::string shard_records(uint64_t stream_id, uint32_t shard) {
    return KeyBuilder().u64(stream_id).u32(shard).str();
}

std::string stream_records(uint64_t stream_id) {
    return KeyBuilder().u64(stream_id).str();
}

std::optional<uint64_t> record_counter(std::string_view key) {
    KeyReader r(key);
    uint64_t id = 0, counter = 0;
    uint32_t shard = 0;
    if (!r.u64(id) || !r.u32(shard) || !r.u64(counter) || !r.done()) return std::nullopt;
    return counter;
}

std::string encode_u64(uint64_t v) {
    return KeyBuilder().u64(v).str();
}

uint64_t decode_u64(std::string_view v) {
    KeyReader r(v);
    uint64_t out = 0;
    return r.u64(out) ? out : 0;
}

std::string encode_record(int64_t arrival_ms, std::string_view partition_key,
                          std::string_view data) {
    KeyBuilder b;
    b.i64(arrival_ms).string(partition_key).raw(data);
    return std::move(b).str();
}

std::optional<StoredRecord> decode_record(std::string_view value) {
    KeyReader r(value);
    StoredRecord rec;
    if (!r.i64(rec.arrival_ms) || !r.string(rec.partition_key) || !r.raw(rec.data))
        return std::nullopt;
    return rec;
}

}  // namespace freshet::streams::keys
