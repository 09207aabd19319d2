// ListParts: the parts uploaded so far, by number, max-parts (default and cap 1,000) per page
// after part-number-marker.
#include "objects/api/handlers.h"

namespace freshet::objects {

Result<m::ListPartsOutput> list_parts(ObjectsService& svc, RequestContext& ctx,
                                      const m::ListPartsRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto u = store::load_upload(svc.db(), in.UploadId);
    if (!u || u->bucket != in.Bucket || u->key != in.Key)
        return errors::no_such_upload(in.UploadId);
    const int64_t max = std::clamp<int64_t>(in.MaxParts.value_or(1000), 0, 1000);
    const int64_t marker = in.PartNumberMarker.value_or(0);
    auto parts = store::list_parts(svc.db(), in.UploadId, marker, static_cast<size_t>(max) + 1);
    m::ListPartsOutput out;
    out.Bucket = in.Bucket;
    out.Key = in.Key;
    out.UploadId = in.UploadId;
    out.PartNumberMarker = marker;
    out.MaxParts = max;
    out.IsTruncated = static_cast<int64_t>(parts.size()) > max;
    if (*out.IsTruncated) parts.resize(static_cast<size_t>(max));
    out.Parts.emplace();
    for (const auto& p : parts) {
        m::Part part;
        part.PartNumber = p.number;
        part.LastModified = from_epoch_millis(p.modified_ms);
        part.ETag = p.etag;
        part.Size = p.size;
        out.Parts->push_back(std::move(part));
    }
    if (!parts.empty()) out.NextPartNumberMarker = parts.back().number;
    m::Initiator initiator;
    initiator.ID = u->initiator_arn;
    out.Initiator = std::move(initiator);
    m::Owner owner;
    owner.ID = ctx.principal.account_id;
    out.Owner = std::move(owner);
    out.StorageClass = "STANDARD";
    return out;
}

}  // namespace freshet::objects
