// HeadObject: GetObject's headers without the body (conditions and Range apply the same way).
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

Result<m::HeadObjectOutput> head_object(ObjectsService& svc, RequestContext& ctx,
                                        const m::HeadObjectRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto o = store::load_object(svc.db(), in.Bucket, in.Key);
    if (!o) return errors::no_such_key(in.Key);
    rules::Conditions c{in.IfMatch, in.IfNoneMatch, in.IfModifiedSince, in.IfUnmodifiedSince};
    if (auto ok = rules::check_conditions(c, o->etag, from_epoch_millis(o->modified_ms)); !ok.ok())
        return std::move(ok).take_error();
    m::HeadObjectOutput out;
    describe_object(out, *o);
    out.ContentLength = o->size;
    if (in.Range) {
        auto r = rules::resolve_range(*in.Range, o->size);
        if (!r.ok()) return std::move(r).take_error();
        if (*r) out.ContentLength = (*r)->length();
    }
    if (o->parts > 0 && in.PartNumber) out.PartsCount = o->parts;
    return out;
}

}  // namespace freshet::objects
