// CreateMultipartUpload: an upload id and the headers the object will get on completion.
#include "core/crypto.h"
#include "objects/api/handlers.h"

namespace freshet::objects {

void create_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                             m::CreateMultipartUploadRequest in,
                             Reply<m::CreateMultipartUploadOutput> reply) {
    if (auto k = check_key(in.Key); !k.ok()) return reply(std::move(k).take_error());
    store::UploadRecord u;
    u.upload_id = base64url_encode(crypto::random_bytes(36));
    u.bucket = in.Bucket;
    u.key = in.Key;
    u.initiator_arn = ctx.principal.arn;
    u.initiated_ms = now_ms(ctx);
    u.headers = object_headers(in);
    m::CreateMultipartUploadOutput out;
    out.Bucket = u.bucket;
    out.Key = u.key;
    out.UploadId = u.upload_id;
    svc.db().committer().submit(
        [ctx, u](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, u.bucket);
            if (!b.ok()) return std::move(b).take_error();
            store::save_upload(txn, u);
            return Ok{};
        },
        [reply = std::move(reply), out](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(out);
        });
}

}  // namespace freshet::objects
