// GetBucketLocation: the LocationConstraint given at creation; empty for us-east-1.
#include "objects/api/handlers.h"

namespace freshet::objects {

Result<m::GetBucketLocationOutput> get_bucket_location(ObjectsService& svc, RequestContext& ctx,
                                                       const m::GetBucketLocationRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    m::GetBucketLocationOutput out;
    if (!b->region.empty()) out.LocationConstraint = b->region;
    return out;
}

}  // namespace freshet::objects
