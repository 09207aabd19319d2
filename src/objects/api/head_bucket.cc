// HeadBucket: 200 when the bucket exists and is the caller's, else NoSuchBucket (without a
// body, as for every HEAD).
#include "objects/api/handlers.h"

namespace freshet::objects {

Result<NoOutput> head_bucket(ObjectsService& svc, RequestContext& ctx,
                             const m::HeadBucketRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    return NoOutput{};
}

}  // namespace freshet::objects
