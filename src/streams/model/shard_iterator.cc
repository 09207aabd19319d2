#include "streams/model/shard_iterator.h"

#include "core/crypto.h"
#include "core/encoding.h"
#include "storage/key_codec.h"

namespace freshet::streams {
namespace {

constexpr uint8_t kIteratorVersion = 1;
constexpr uint8_t kTokenVersion = 2;
constexpr size_t kMacBytes = 16;

std::string sign(std::string_view secret, std::string payload) {
    auto mac = crypto::hmac_sha256(secret, payload);
    payload.append(reinterpret_cast<const char*>(mac.data()), kMacBytes);
    return base64_encode(payload);
}

// The payload of a well-signed token, or nullopt.
std::optional<std::string> verify(std::string_view secret, std::string_view text) {
    auto raw = base64_decode(text);
    if (!raw || raw->size() <= kMacBytes) return std::nullopt;
    std::string payload = raw->substr(0, raw->size() - kMacBytes);
    auto mac = crypto::hmac_sha256(secret, payload);
    std::string_view expected(reinterpret_cast<const char*>(mac.data()), kMacBytes);
    if (!crypto::constant_time_equal(expected, std::string_view(*raw).substr(payload.size())))
        return std::nullopt;
    return payload;
}

}  // namespace

std::string encode_iterator(std::string_view secret, const IteratorState& it) {
    storage::KeyBuilder b;
    b.u8(kIteratorVersion)
        .u64(it.stream_id)
        .u32(it.shard)
        .u64(it.position)
        .i64(it.created_ms)
        .string(it.account)
        .string(it.region)
        .string(it.stream_name);
    return sign(secret, std::move(b).str());
}

std::optional<IteratorState> decode_iterator(std::string_view secret, std::string_view text) {
    auto payload = verify(secret, text);
    if (!payload) return std::nullopt;
    storage::KeyReader r(*payload);
    IteratorState it;
    uint8_t version = 0;
    if (!r.u8(version) || version != kIteratorVersion || !r.u64(it.stream_id) || !r.u32(it.shard) ||
        !r.u64(it.position) || !r.i64(it.created_ms) || !r.string(it.account) ||
        !r.string(it.region) || !r.string(it.stream_name) || !r.done())
        return std::nullopt;
    return it;
}

std::string encode_shards_token(std::string_view secret, const ShardsToken& t) {
    storage::KeyBuilder b;
    b.u8(kTokenVersion).u64(t.stream_id).string(t.stream_name).u32(t.after_shard).i64(t.created_ms);
    return sign(secret, std::move(b).str());
}

std::optional<ShardsToken> decode_shards_token(std::string_view secret, std::string_view text) {
    auto payload = verify(secret, text);
    if (!payload) return std::nullopt;
    storage::KeyReader r(*payload);
    ShardsToken t;
    uint8_t version = 0;
    if (!r.u8(version) || version != kTokenVersion || !r.u64(t.stream_id) ||
        !r.string(t.stream_name) || !r.u32(t.after_shard) || !r.i64(t.created_ms) || !r.done())
        return std::nullopt;
    return t;
}

}  // namespace freshet::streams
