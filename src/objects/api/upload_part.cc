// UploadPart: part numbers 1 to 10,000; a part uploaded again replaces the earlier one (its
// data is deleted in the same batch). Like PutObject's, a streamed body is written as it
// arrives and the part record last (streamed_upload.h); a whole one in one batch.
#include "objects/api/handlers.h"
#include "objects/api/streamed_upload.h"
#include "objects/model/rules.h"

namespace freshet::objects {
namespace {

// The bucket is the caller's and the multipart upload is there.
template <class R>
Result<void> check(const R& r, const RequestContext& ctx, const m::UploadPartRequest& in) {
    auto b = owned_bucket(r, ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto u = store::load_upload(r, in.UploadId);
    if (!u || u->bucket != in.Bucket || u->key != in.Key)
        return errors::no_such_upload(in.UploadId);
    return Ok{};
}

// Writes the part record in the batch that makes the part's data count.
Result<void> save(storage::Txn& txn, const RequestContext& ctx, const m::UploadPartRequest& in,
                  const store::PartRecord& p) {
    FRESHET_CHECK(check(txn, ctx, in));
    if (auto old = store::load_part(txn, in.UploadId, p.number))
        store::delete_data(txn, {old->data_id, old->size});
    store::save_part(txn, in.UploadId, p);
    return Ok{};
}

void answer(const Reply<m::UploadPartOutput>& reply, Result<std::string> etag) {
    if (!etag.ok()) return reply(std::move(etag).take_error());
    m::UploadPartOutput out;
    out.ETag = std::move(etag).value();
    reply(std::move(out));
}

void upload_streamed(ObjectsService& svc, RequestContext& ctx, m::UploadPartRequest in,
                     RequestBody body, Reply<m::UploadPartOutput> reply) {
    if (body.size && *body.size > static_cast<uint64_t>(kMaxPutBytes))
        return reply(errors::entity_too_large(static_cast<int64_t>(*body.size), kMaxPutBytes));
    auto md5 = parse_content_md5(in.ContentMD5);
    if (!md5.ok()) return reply(std::move(md5).take_error());
    // Nothing is stored for an upload that is not there (checked again when committing).
    if (auto ok = check(svc.db(), ctx, in); !ok.ok()) return reply(std::move(ok).take_error());
    StreamedUpload u;
    u.body = std::move(body);
    u.bucket = in.Bucket;
    u.key = in.Key;
    u.content_md5 = std::move(md5).value();
    u.now_ms = now_ms(ctx);
    in.Body.reset();
    u.commit = [ctx, in, modified = u.now_ms](storage::Txn& txn, const UploadedData& data) {
        store::PartRecord p;
        p.number = in.PartNumber;
        p.etag = data.etag;
        p.size = data.segment.size;
        p.modified_ms = modified;
        p.data_id = data.segment.data_id;
        return save(txn, ctx, in, p);
    };
    u.done = [reply = std::move(reply)](Result<std::string> etag) {
        answer(reply, std::move(etag));
    };
    stream_upload(svc, std::move(u));
}

}  // namespace

void upload_part(ObjectsService& svc, RequestContext& ctx, m::UploadPartRequest in,
                 Reply<m::UploadPartOutput> reply) {
    if (in.PartNumber < 1 || in.PartNumber > kMaxParts) {
        return reply(errors::invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive", "partNumber",
            std::to_string(in.PartNumber)));
    }
    if (auto body = svc.take_request_body(ctx))
        return upload_streamed(svc, ctx, std::move(in), std::move(*body), std::move(reply));
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
    in.Body.reset();
    svc.db().committer().submit(
        [ctx, p, body, in](storage::Txn& txn) mutable -> Result<void> {
            // Checked before writing, so that a refusal has nothing to roll back.
            FRESHET_CHECK(check(txn, ctx, in));
            p.data_id = store::write_data(txn, *body).data_id;
            return save(txn, ctx, in, p);
        },
        [reply = std::move(reply), etag](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            answer(reply, etag);
        });
}

}  // namespace freshet::objects
