// ListObjects (version 1): prefix, delimiter, max-keys and marker. NextMarker is sent only
// with a delimiter, as S3 does; without one clients continue from the last key.
#include "objects/api/handlers.h"
#include "objects/api/list_common.h"

namespace freshet::objects {

Result<m::ListObjectsOutput> list_objects(ObjectsService& svc, RequestContext& ctx,
                                          const m::ListObjectsRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto request = list_request(in.Prefix, in.Delimiter, in.MaxKeys);
    if (!request.ok()) return std::move(request).take_error();
    listing::Request req = std::move(request).value();
    req.after = in.Marker.value_or("");
    ListedPage page = list_bucket(svc.db(), in.Bucket, req);
    const auto& enc = in.EncodingType;
    m::ListObjectsOutput out;
    out.Name = in.Bucket;
    out.Prefix = maybe_encode(enc, req.prefix);
    out.Marker = maybe_encode(enc, req.after);
    if (in.Delimiter) out.Delimiter = maybe_encode(enc, *in.Delimiter);
    out.MaxKeys = req.max_keys;
    out.EncodingType = enc;
    out.IsTruncated = page.truncated;
    if (page.truncated && in.Delimiter) out.NextMarker = maybe_encode(enc, page.last);
    set_entries(out, std::move(page), enc);
    return out;
}

}  // namespace freshet::objects
