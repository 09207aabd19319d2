// DeleteObject: 204 whether or not the key exists (S3 without versioning).
#include "objects/api/handlers.h"

namespace freshet::objects {

void delete_object(ObjectsService& svc, RequestContext& ctx, m::DeleteObjectRequest in,
                   Reply<m::DeleteObjectOutput> reply) {
    svc.db().committer().submit(
        [ctx, bucket = in.Bucket, key = in.Key](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, bucket);
            if (!b.ok()) return std::move(b).take_error();
            if (auto o = store::load_object(txn, bucket, key)) store::delete_object(txn, *o);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(m::DeleteObjectOutput{});
        });
}

}  // namespace freshet::objects
