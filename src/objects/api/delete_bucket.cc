// DeleteBucket: only an empty bucket. Multipart uploads still in progress go with it (their
// parts are not objects).
#include "objects/api/handlers.h"

namespace freshet::objects {

void delete_bucket(ObjectsService& svc, RequestContext& ctx, m::DeleteBucketRequest in,
                   Reply<NoOutput> reply) {
    svc.db().committer().submit(
        [ctx, name = in.Bucket](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, name);
            if (!b.ok()) return std::move(b).take_error();
            if (store::has_objects(txn, name)) return errors::bucket_not_empty(name);
            for (const auto& u : store::bucket_uploads(txn, name)) store::delete_upload(txn, u, {});
            store::delete_bucket(txn, name);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::objects
