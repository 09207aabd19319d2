#include "tables/streams/shard_iterator.h"

#include "core/crypto.h"
#include "core/encoding.h"
#include "storage/key_codec.h"

namespace freshet::tables {

namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kMacBytes = 16;
constexpr std::string_view kSeparator = "|1|";

std::string mac(std::string_view secret, std::string_view arn, std::string_view payload) {
    std::string signed_text(arn);
    signed_text += kSeparator;
    signed_text += payload;
    auto digest = crypto::hmac_sha256(secret, signed_text);
    return std::string(reinterpret_cast<const char*>(digest.data()), kMacBytes);
}

}  // namespace

std::string encode_table_iterator(std::string_view secret, const TableStreamIterator& it) {
    storage::KeyBuilder b;
    b.u8(kVersion).u64(it.stream_id).u64(it.position).i64(it.created_ms);
    std::string payload = std::move(b).str();
    payload += mac(secret, it.stream_arn, payload);
    return it.stream_arn + std::string(kSeparator) + base64_encode(payload);
}

std::optional<TableStreamIterator> decode_table_iterator(std::string_view secret,
                                                         std::string_view text) {
    size_t sep = text.rfind(kSeparator);
    if (sep == std::string_view::npos) return std::nullopt;
    TableStreamIterator it;
    it.stream_arn = text.substr(0, sep);
    auto raw = base64_decode(text.substr(sep + kSeparator.size()));
    if (!raw || raw->size() <= kMacBytes) return std::nullopt;
    std::string_view payload = std::string_view(*raw).substr(0, raw->size() - kMacBytes);
    if (!crypto::constant_time_equal(mac(secret, it.stream_arn, payload),
                                     std::string_view(*raw).substr(payload.size())))
        return std::nullopt;
    storage::KeyReader r(payload);
    uint8_t version = 0;
    if (!r.u8(version) || version != kVersion || !r.u64(it.stream_id) || !r.u64(it.position) ||
        !r.i64(it.created_ms) || !r.done())
        return std::nullopt;
    return it;
}

std::string iterator_stream_arn(std::string_view text) {
    size_t sep = text.rfind(kSeparator);
    return sep == std::string_view::npos ? std::string() : std::string(text.substr(0, sep));
}

}  // namespace freshet::tables
