#include "streams/store/stream_store.h"

#include "core/decode_cache.h"
#include "storage/key_codec.h"
#include "streams/store/keys.h"

namespace freshet::streams::store {

using storage::Cf;

namespace {

Stream decode_or_throw(std::string_view value) {
    auto s = decode_stream(value);
    if (!s) throw storage::ReadError("corrupt stream metadata");
    return std::move(*s);
}

// Every put reads its stream's metadata: decoding it again each time was about 4% of a
// PutRecord's server CPU.
DecodeCache<Stream>& decoded_streams() {
    static DecodeCache<Stream> cache;
    return cache;
}

template <class Reader>
std::optional<Stream> load(const Reader& r, std::string_view account, std::string_view region,
                           std::string_view name) {
    std::string key = keys::stream(account, region, name);
    auto v = r.get(Cf::StreamMeta, key);
    if (!v) return std::nullopt;
    auto s = decoded_streams().get(key, *v, [](std::string_view b) { return decode_stream(b); });
    if (!s) throw storage::ReadError("corrupt stream metadata");
    return s;
}

template <class Reader>
uint64_t counter(const Reader& r, uint64_t stream_id, uint32_t shard) {
    auto v = r.get(Cf::StreamMeta, keys::counter(stream_id, shard));
    return v ? keys::decode_u64(*v) : 0;
}

template <class Reader>
AccountUsage usage(const Reader& r, std::string_view account, std::string_view region) {
    AccountUsage u;
    std::string prefix = keys::streams_of(account, region);
    auto it = r.iterate(Cf::StreamMeta, prefix, storage::prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) {
        Stream s = decode_or_throw(it.value());
        u.open_shards += static_cast<int64_t>(s.open_shard_count());
        if (s.mode == "ON_DEMAND") ++u.on_demand_streams;
    }
    return u;
}

}  // namespace

std::optional<Stream> load_stream(const storage::Db& db, std::string_view account,
                                  std::string_view region, std::string_view name) {
    return load(db, account, region, name);
}

std::optional<Stream> load_stream(const storage::Txn& txn, std::string_view account,
                                  std::string_view region, std::string_view name) {
    return load(txn, account, region, name);
}

void save_stream(storage::Txn& txn, const Stream& s) {
    txn.put(Cf::StreamMeta, keys::stream(s.account, s.region, s.name), encode_stream(s));
}

uint64_t next_counter(const storage::Db& db, uint64_t stream_id, uint32_t shard) {
    return counter(db, stream_id, shard);
}

uint64_t next_counter(const storage::Txn& txn, uint64_t stream_id, uint32_t shard) {
    return counter(txn, stream_id, shard);
}

void set_next_counter(storage::Txn& txn, uint64_t stream_id, uint32_t shard, uint64_t next) {
    txn.put(Cf::StreamMeta, keys::counter(stream_id, shard), keys::encode_u64(next));
}

uint64_t allocate_stream_id(storage::Txn& txn) {
    auto v = txn.get(Cf::StreamMeta, keys::next_stream_id());
    uint64_t id = v ? keys::decode_u64(*v) : 1;
    txn.put(Cf::StreamMeta, keys::next_stream_id(), keys::encode_u64(id + 1));
    return id;
}

std::vector<Stream> list_streams(const storage::Db& db, std::string_view account,
                                 std::string_view region, std::string_view after, size_t limit) {
    std::vector<Stream> out;
    std::string prefix = keys::streams_of(account, region);
    auto it = db.iterate(Cf::StreamMeta, prefix, storage::prefix_successor(prefix));
    if (after.empty()) {
        it.seek_to_first();
    } else {
        std::string from = keys::stream(account, region, after);
        it.seek(from);
        if (it.valid() && it.key() == from) it.next();
    }
    for (; it.valid() && out.size() < limit; it.next()) out.push_back(decode_or_throw(it.value()));
    return out;
}

std::vector<Stream> all_streams(const storage::Db& db) {
    std::vector<Stream> out;
    std::string prefix = keys::all_streams();
    auto it = db.iterate(Cf::StreamMeta, prefix, storage::prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) out.push_back(decode_or_throw(it.value()));
    return out;
}

AccountUsage account_usage(const storage::Txn& txn, std::string_view account,
                           std::string_view region) {
    return usage(txn, account, region);
}

AccountUsage account_usage(const storage::Db& db, std::string_view account,
                           std::string_view region) {
    return usage(db, account, region);
}

}  // namespace freshet::streams::store
