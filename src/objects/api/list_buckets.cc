// ListBuckets: the caller's account's buckets, by name.
#include "objects/api/handlers.h"

namespace freshet::objects {

Result<m::ListBucketsOutput> list_buckets(ObjectsService& svc, RequestContext& ctx,
                                          const NoInput&) {
    m::ListBucketsOutput out;
    out.Buckets.emplace();
    for (const auto& b : store::list_buckets(svc.db())) {
        if (b.account != ctx.principal.account_id) continue;
        m::Bucket item;
        item.Name = b.name;
        item.CreationDate = from_epoch_millis(b.created_ms);
        out.Buckets->push_back(std::move(item));
    }
    m::Owner owner;
    owner.ID = ctx.principal.account_id;
    out.Owner = std::move(owner);
    return out;
}

}  // namespace freshet::objects
