// AbortMultipartUpload: the upload and its parts' data go; NoSuchUpload when unknown.
#include "objects/api/handlers.h"

namespace freshet::objects {

void abort_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                            m::AbortMultipartUploadRequest in,
                            Reply<m::AbortMultipartUploadOutput> reply) {
    svc.db().committer().submit(
        [ctx, bucket = in.Bucket, key = in.Key,
         id = in.UploadId](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, bucket);
            if (!b.ok()) return std::move(b).take_error();
            auto u = store::load_upload(txn, id);
            if (!u || u->bucket != bucket || u->key != key) return errors::no_such_upload(id);
            store::delete_upload(txn, *u, {});
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(m::AbortMultipartUploadOutput{});
        });
}

}  // namespace freshet::objects
