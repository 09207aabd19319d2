// UploadPart: part numbers 1 to 10,000; a part uploaded again replaces the earlier one (its
// data is deleted in the same batch).
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

void upload_part(ObjectsService& svc, RequestContext& ctx, m::UploadPartRequest in,
                 Reply<m::UploadPartOutput> reply) {
    if (in.PartNumber < 1 || in.PartNumber > kMaxParts) {
        return reply(errors::invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive", "partNumber",
            std::to_string(in.PartNumber)));
    }
    auto body = std::make_shared<std::string>(std::move(in.Body).value_or(""));
    if (static_cast<int64_t>(body->size()) > kMaxPutBytes)
        return reply(errors::entity_too_large(static_cast<int64_t>(body->size()), kMaxPutBytes));
    if (auto md5 = check_content_md5(in.ContentMD5, *body); !md5.ok())
        return reply(std::move(md5).take_error());
    store::PartRecord p;
    p.number = in.PartNumber;
    p.etag = rules::etag_of(*body);
    p.size = static_cast<int64_t>(body->size());
    p.modified_ms = now_ms(ctx);
    std::string etag = p.etag;
    svc.db().committer().submit(
        [ctx, p, body, bucket = in.Bucket, key = in.Key,
         id = in.UploadId](storage::Txn& txn) mutable -> Result<void> {
            auto b = owned_bucket(txn, ctx, bucket);
            if (!b.ok()) return std::move(b).take_error();
            auto u = store::load_upload(txn, id);
            if (!u || u->bucket != bucket || u->key != key) return errors::no_such_upload(id);
            if (auto old = store::load_part(txn, id, p.number))
                store::delete_data(txn, {old->data_id, old->size});
            p.data_id = store::write_data(txn, *body).data_id;
            store::save_part(txn, id, p);
            return Ok{};
        },
        [reply = std::move(reply), etag](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::UploadPartOutput out;
            out.ETag = etag;
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
