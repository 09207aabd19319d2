#include "objects/api/common.h"

#include "core/crypto.h"
#include "core/encoding.h"

namespace freshet::objects {

int64_t now_ms(const RequestContext& ctx) {
    return epoch_millis(ctx.clock->now());
}

template <class R>
Result<store::BucketRecord> owned_bucket(const R& r, const RequestContext& ctx,
                                         std::string_view bucket) {
    auto b = store::load_bucket(r, bucket);
    if (!b) return errors::no_such_bucket(bucket);
    if (b->account != ctx.principal.account_id)
        return ApiError{"AccessDenied", "Access Denied", 403};
    return std::move(*b);
}
template Result<store::BucketRecord> owned_bucket(const storage::Db&, const RequestContext&,
                                                  std::string_view);
template Result<store::BucketRecord> owned_bucket(const storage::Txn&, const RequestContext&,
                                                  std::string_view);

Result<void> check_key(std::string_view key) {
    if (key.size() > kMaxKeyBytes) return errors::key_too_long();
    return Ok{};
}

Result<CopySource> parse_copy_source(std::string_view header) {
    std::string_view text = header.substr(0, header.find("?versionId="));
    auto decoded = percent_decode(text, false);
    std::string s = decoded ? *decoded : std::string(text);
    if (!s.empty() && s[0] == '/') s.erase(0, 1);
    size_t slash = s.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == s.size()) {
        return errors::invalid_argument("Invalid copy source object key", "x-amz-copy-source",
                                        header);
    }
    return CopySource{s.substr(0, slash), s.substr(slash + 1)};
}

Result<std::optional<std::string>> parse_content_md5(
    const std::optional<std::string>& content_md5) {
    if (!content_md5) return std::optional<std::string>();
    auto given = base64_decode(*content_md5);
    if (!given || given->size() != 16) return errors::invalid_digest();
    return std::optional<std::string>(std::move(*given));
}

Result<void> check_content_md5(const std::optional<std::string>& content_md5,
                               std::string_view body) {
    FRESHET_TRY(given, parse_content_md5(content_md5));
    if (given && *given != crypto::as_view(crypto::md5(body))) return errors::bad_digest();
    return Ok{};
}

}  // namespace freshet::objects
