// PutObject: the body (already decoded from aws-chunked and checked against
// x-amz-content-sha256 by the dispatcher) is checked against Content-MD5, then written in
// chunks with its record in one batch: the object appears whole or not at all.
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

void put_object(ObjectsService& svc, RequestContext& ctx, m::PutObjectRequest in,
                Reply<m::PutObjectOutput> reply) {
    if (auto k = check_key(in.Key); !k.ok()) return reply(std::move(k).take_error());
    auto body = std::make_shared<std::string>(std::move(in.Body).value_or(""));
    if (static_cast<int64_t>(body->size()) > kMaxPutBytes)
        return reply(errors::entity_too_large(static_cast<int64_t>(body->size()), kMaxPutBytes));
    if (auto md5 = check_content_md5(in.ContentMD5, *body); !md5.ok())
        return reply(std::move(md5).take_error());
    store::ObjectRecord o;
    o.bucket = in.Bucket;
    o.key = in.Key;
    o.etag = rules::etag_of(*body);
    o.size = static_cast<int64_t>(body->size());
    o.modified_ms = now_ms(ctx);
    o.headers = object_headers(in);
    std::string etag = o.etag;
    svc.db().committer().submit(
        [ctx, o = std::move(o), body](storage::Txn& txn) mutable -> Result<void> {
            auto b = owned_bucket(txn, ctx, o.bucket);
            if (!b.ok()) return std::move(b).take_error();
            auto old = store::load_object(txn, o.bucket, o.key);
            o.segments = {store::write_data(txn, *body)};
            store::save_object(txn, o, old);
            return Ok{};
        },
        [reply = std::move(reply), etag](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::PutObjectOutput out;
            out.ETag = etag;
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
