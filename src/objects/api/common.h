// What the S3 handlers share: the caller, bucket ownership, object headers, Content-MD5.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/service.h"
#include "objects/errors.h"
#include "objects/payload.h"
#include "objects/service.h"
#include "objects/store/object_store.h"

namespace freshet::objects {

namespace m = ::freshet::objects::model;

// The input of operations without one (ListBuckets).
struct NoInput {};
inline void from_json(const boost::json::value&, NoInput&) {}

// S3's limit on key length, in UTF-8 bytes.
inline constexpr size_t kMaxKeyBytes = 1024;
// S3's limits on one PUT and on the parts of a multipart upload.
inline constexpr int64_t kMaxPutBytes = int64_t{5} << 30;
inline constexpr int64_t kMinPartBytes = int64_t{5} << 20;
inline constexpr int64_t kMaxParts = 10000;

int64_t now_ms(const RequestContext& ctx);

// The bucket, if it exists and the caller's account owns it: NoSuchBucket, or AccessDenied
// (S3 answers 403 to another account without a bucket policy, which Freshet does not have).
template <class R>
Result<store::BucketRecord> owned_bucket(const R& r, const RequestContext& ctx,
                                         std::string_view bucket);

Result<void> check_key(std::string_view key);

// x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=".
struct CopySource {
    std::string bucket, key;
};
Result<CopySource> parse_copy_source(std::string_view header);

// Checks a Content-MD5 header (base64 of the body's MD5): InvalidDigest, BadDigest.
Result<void> check_content_md5(const std::optional<std::string>& content_md5,
                               std::string_view body);
// The digest (16 bytes) a Content-MD5 header gives, before the body is read: InvalidDigest.
Result<std::optional<std::string>> parse_content_md5(const std::optional<std::string>& content_md5);

// The stored headers of a PutObject, CopyObject (REPLACE) or CreateMultipartUpload input.
template <class In>
store::ObjectHeaders object_headers(const In& in) {
    store::ObjectHeaders h;
    h.content_type = in.ContentType.value_or("binary/octet-stream");
    h.content_encoding = in.ContentEncoding.value_or("");
    h.content_disposition = in.ContentDisposition.value_or("");
    h.content_language = in.ContentLanguage.value_or("");
    h.cache_control = in.CacheControl.value_or("");
    if (in.Metadata) h.metadata = *in.Metadata;
    return h;
}

// Fills the header members GetObject and HeadObject share.
template <class Out>
void describe_object(Out& out, const store::ObjectRecord& o) {
    out.LastModified = from_epoch_millis(o.modified_ms);
    out.ETag = o.etag;
    out.AcceptRanges = "bytes";
    out.ContentType = o.headers.content_type;
    if (!o.headers.content_encoding.empty()) out.ContentEncoding = o.headers.content_encoding;
    if (!o.headers.content_disposition.empty())
        out.ContentDisposition = o.headers.content_disposition;
    if (!o.headers.content_language.empty()) out.ContentLanguage = o.headers.content_language;
    if (!o.headers.cache_control.empty()) out.CacheControl = o.headers.cache_control;
    if (!o.headers.metadata.empty()) out.Metadata = o.headers.metadata;
}

}  // namespace freshet::objects
