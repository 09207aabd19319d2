// GetObject: conditional headers, then Range (one range; a satisfiable one answers 206 with
// Content-Range), from one snapshot of the store.
#include <fmt/format.h>

#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

Result<m::GetObjectOutput> get_object(ObjectsService& svc, RequestContext& ctx,
                                      const m::GetObjectRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    store::ObjectReader reader(svc.db());
    auto o = reader.load(in.Bucket, in.Key);
    if (!o) return errors::no_such_key(in.Key);
    rules::Conditions c{in.IfMatch, in.IfNoneMatch, in.IfModifiedSince, in.IfUnmodifiedSince};
    if (auto ok = rules::check_conditions(c, o->etag, from_epoch_millis(o->modified_ms)); !ok.ok())
        return std::move(ok).take_error();
    std::optional<rules::ByteRange> range;
    if (in.Range) {
        auto r = rules::resolve_range(*in.Range, o->size);
        if (!r.ok()) return std::move(r).take_error();
        range = *r;
    }
    m::GetObjectOutput out;
    describe_object(out, *o);
    if (range) {
        out.Body = reader.read(*o, range->first, range->length());
        out.ContentRange = fmt::format("bytes {}-{}/{}", range->first, range->last, o->size);
    } else {
        out.Body = reader.read(*o, 0, o->size);
    }
    out.ContentLength = static_cast<int64_t>(out.Body->size());
    if (o->parts > 0 && in.PartNumber) out.PartsCount = o->parts;
    // Response overrides (response-content-type=... in the query, as presigned URLs use).
    if (in.ResponseContentType) out.ContentType = in.ResponseContentType;
    if (in.ResponseContentDisposition) out.ContentDisposition = in.ResponseContentDisposition;
    if (in.ResponseContentEncoding) out.ContentEncoding = in.ResponseContentEncoding;
    if (in.ResponseContentLanguage) out.ContentLanguage = in.ResponseContentLanguage;
    if (in.ResponseCacheControl) out.CacheControl = in.ResponseCacheControl;
    return out;
}

}  // namespace freshet::objects
