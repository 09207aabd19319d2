// ListObjectsV2: prefix, delimiter (CommonPrefixes), max-keys, start-after, and an opaque
// continuation token (the last entry of the previous page, base64url).
#include "objects/api/handlers.h"
#include "objects/api/list_common.h"

namespace freshet::objects {

Result<m::ListObjectsV2Output> list_objects_v2(ObjectsService& svc, RequestContext& ctx,
                                               const m::ListObjectsV2Request& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto request = list_request(in.Prefix, in.Delimiter, in.MaxKeys);
    if (!request.ok()) return std::move(request).take_error();
    listing::Request req = std::move(request).value();
    req.after = in.StartAfter.value_or("");
    if (in.ContinuationToken) {
        auto token = base64url_decode(*in.ContinuationToken);
        if (!token) {
            return errors::invalid_argument("The continuation token provided is incorrect",
                                            "continuation-token", *in.ContinuationToken);
        }
        req.after = std::max(req.after, *token);
    }
    ListedPage page = list_bucket(svc.db(), in.Bucket, req);
    const auto& enc = in.EncodingType;
    m::ListObjectsV2Output out;
    out.Name = in.Bucket;
    out.Prefix = maybe_encode(enc, req.prefix);
    if (in.Delimiter) out.Delimiter = maybe_encode(enc, *in.Delimiter);
    out.MaxKeys = req.max_keys;
    out.EncodingType = enc;
    out.IsTruncated = page.truncated;
    out.KeyCount = static_cast<int64_t>(page.contents.size() + page.common_prefixes.size());
    if (in.StartAfter) out.StartAfter = maybe_encode(enc, *in.StartAfter);
    out.ContinuationToken = in.ContinuationToken;
    if (page.truncated) out.NextContinuationToken = base64url_encode(page.last);
    set_entries(out, std::move(page), enc);
    return out;
}

}  // namespace freshet::objects
