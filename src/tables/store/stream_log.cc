#include "tables/store/stream_log.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "storage/db.h"
#include "storage/key_codec.h"
#include "storage/txn.h"
#include "tables/store/item_codec.h"
#include "tables/store/stream_def.h"

namespace freshet::tables {

namespace {

constexpr char kFormat = 1;

std::string encode_u64(uint64_t v) {
    return storage::KeyBuilder().u64(v).str();
}

uint64_t decode_u64(const std::optional<std::string>& bytes) {
    if (!bytes) return kFirstSequence;
    storage::KeyReader r(*bytes);
    uint64_t v = 0;
    if (!r.u64(v) || !r.done()) throw std::runtime_error("corrupt stream counter");
    return v;
}

const char* event_name(const std::optional<Item>& old, const std::optional<Item>& now) {
    if (!old) return "INSERT";
    return now ? "MODIFY" : "REMOVE";
}

}  // namespace

std::string stream_counter_key(uint64_t stream_id) {
    return encode_u64(stream_id);
}

std::string stream_horizon_key(uint64_t stream_id) {
    return stream_record_key(stream_id, 0);
}

std::string stream_record_key(uint64_t stream_id, uint64_t seq) {
    return storage::KeyBuilder().u64(stream_id).u64(seq).str();
}

void append_stream_record(storage::Txn& txn, const TableMeta& t, const std::optional<Item>& old,
                          const std::optional<Item>& now, const ChangeOrigin& origin) {
    const StreamDef* s = t.enabled_stream();
    if (!s || (!old && !now) || (old && now && *old == *now)) return;
    const std::string& view = s->view_type;
    Item keys = project_key(t, now ? *now : *old);
    size_t size = item_size(keys);
    boost::json::object body;
    body["e"] = event_name(old, now);
    body["t"] = origin.now;
    body["k"] = encode_item_object(keys);
    if (now && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES")) {
        body["n"] = encode_item_object(*now);
        size += item_size(*now);
    }
    if (old && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES")) {
        body["o"] = encode_item_object(*old);
        size += item_size(*old);
    }
    body["z"] = size;
    if (origin.ttl) body["u"] = true;
    std::string counter = stream_counter_key(s->id);
    uint64_t seq = decode_u64(txn.get(storage::Cf::TableItems, counter));
    std::string value(1, kFormat);
    value += boost::json::serialize(body);
    txn.put(storage::Cf::TableItems, stream_record_key(s->id, seq), value);
    txn.put(storage::Cf::TableItems, counter, encode_u64(seq + 1));
    if (origin.listener && *origin.listener) {
        txn.after_commit(
            [listener = origin.listener, arn = stream_arn(t, *s)] { (*listener)(arn); });
    }
}

uint64_t next_sequence(const storage::Db& db, uint64_t stream_id) {
    return decode_u64(db.get(storage::Cf::TableItems, stream_counter_key(stream_id)));
}

uint64_t trim_horizon(const storage::Db& db, uint64_t stream_id) {
    return decode_u64(db.get(storage::Cf::TableItems, stream_horizon_key(stream_id)));
}

void drop_stream_data(storage::Txn& txn, uint64_t stream_id) {
    std::string prefix = stream_counter_key(stream_id);
    std::vector<std::string> keys;
    auto it = txn.iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) keys.emplace_back(it.key());
    for (const auto& k : keys) txn.del(storage::Cf::TableItems, k);
}

StreamRecord decode_stream_record(uint64_t seq, std::string_view bytes) {
    if (bytes.empty() || bytes[0] != kFormat) throw std::runtime_error("corrupt stream record");
    StreamRecord r;
    r.seq = seq;
    r.body = boost::json::parse(bytes.substr(1)).as_object();
    return r;
}

std::string format_sequence(uint64_t seq) {
    return fmt::format("{:021}", seq);
}

std::optional<uint64_t> parse_sequence(std::string_view text) {
    if (text.size() < 21 || text.size() > 40) return std::nullopt;
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        uint64_t d = static_cast<uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

}  // namespace freshet::tables
