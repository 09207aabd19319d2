// The pure rules of the S3 subset: bucket names, ETags, Range headers and the conditional
// request headers. No I/O; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace freshet::objects::rules {

// S3's general purpose bucket naming rules (S3 User Guide, "Bucket naming rules"): 3 to 63
// characters of lowercase letters, digits, dots and hyphens; starts and ends with a letter or
// digit; no two adjacent dots; not an IP address; none of the reserved prefixes ("xn--",
// "sthree-", "amzn-s3-demo-") and suffixes ("-s3alias", "--ol-s3", ".mrap", "--x-s3").
bool valid_bucket_name(std::string_view name);

// The quoted ETag of a single-part object: "\"<md5 hex>\"".
std::string etag_of(std::string_view data);
// The ETag of a multipart object: the MD5 of the concatenated binary MD5s of its parts, "-"
// and the number of parts. `part_etags` are the parts' ETags, quoted or not. nullopt when one
// is not 32 hex digits.
std::optional<std::string> multipart_etag(const std::vector<std::string>& part_etags);
// An ETag without its quotes.
std::string_view unquote(std::string_view etag);

// A Range header resolved against the object's size: bytes [first, last].
struct ByteRange {
    int64_t first = 0;
    int64_t last = 0;  // inclusive
    int64_t length() const { return last - first + 1; }
};
// "bytes=a-b", "bytes=a-" and the suffix form "bytes=-n". A header S3 ignores (not "bytes=",
// several ranges, malformed) gives nullopt and the whole object; a well-formed range that
// cannot be satisfied (first byte past the end, an empty suffix) is InvalidRange (416).
Result<std::optional<ByteRange>> resolve_range(std::string_view header, int64_t size);

struct Conditions {
    std::optional<std::string> if_match;
    std::optional<std::string> if_none_match;
    std::optional<TimePoint> if_modified_since;
    std::optional<TimePoint> if_unmodified_since;
};
// RFC 7232 as S3 applies it to GET and HEAD: If-Match, then If-Unmodified-Since (ignored when
// If-Match is present and holds) fail with PreconditionFailed (412); If-None-Match, then
// If-Modified-Since (ignored when If-None-Match is present and holds) with NotModified (304).
// Times compare at whole seconds, as Last-Modified is sent.
Result<void> check_conditions(const Conditions& c, std::string_view etag, TimePoint modified);

}  // namespace freshet::objects::rules
