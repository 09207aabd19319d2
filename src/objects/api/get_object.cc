// GetObject: conditional headers, then Range (one range; a satisfiable one answers 206 with
// Content-Range), from one snapshot of the store. Over HTTP/1.1 the bytes are sent a chunk at
// a time as the client reads them (store::ObjectStream, holding that snapshot); the in-process
// client gets them whole in Body.
#include <fmt/format.h>

#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

Result<m::GetObjectOutput> get_object(ObjectsService& svc, RequestContext& ctx,
                                      const m::GetObjectRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto reader = std::make_shared<store::ObjectReader>(svc.db());
    auto o = reader->load(in.Bucket, in.Key);
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
    const int64_t first = range ? range->first : 0;
    const int64_t length = range ? range->length() : o->size;
    if (range) out.ContentRange = fmt::format("bytes {}-{}/{}", range->first, range->last, o->size);
    out.ContentLength = length;
    auto stream = std::make_shared<store::ObjectStream>(reader, *o, first, length);
    if (!svc.give_reply_body(ctx, static_cast<uint64_t>(length),
                             [stream] { return stream->next(); })) {
        out.Body.emplace();
        out.Body->reserve(static_cast<size_t>(length));
        while (auto piece = stream->next()) *out.Body += *piece;
    }
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
