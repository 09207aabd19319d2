// PutObject: a body that arrives whole (the in-process client, HTTP/2, a request signed
// without x-amz-content-sha256) was already decoded from aws-chunked and checked against
// x-amz-content-sha256 by the dispatcher; it is checked against Content-MD5, then written in
// chunks with its record in one batch. A streamed body (HTTP/1.1) is written as it arrives
// (streamed_upload.h), up to S3's 5 GiB, and its record last. Either way the object appears
// whole or not at all, and IAM has allowed the request before any byte is stored.
#include "objects/api/handlers.h"
#include "objects/api/streamed_upload.h"
#include "objects/model/rules.h"

namespace freshet::objects {
namespace {

// The record the request describes, without its data.
store::ObjectRecord new_record(const RequestContext& ctx, const m::PutObjectRequest& in) {
    store::ObjectRecord o;
    o.bucket = in.Bucket;
    o.key = in.Key;
    o.modified_ms = now_ms(ctx);
    o.headers = object_headers(in);
    return o;
}

// Writes the record in the batch that makes the object visible; the data of the object it
// replaces goes in the same batch.
Result<void> save(storage::Txn& txn, const RequestContext& ctx, const store::ObjectRecord& o) {
    auto b = owned_bucket(txn, ctx, o.bucket);
    if (!b.ok()) return std::move(b).take_error();
    store::save_object(txn, o, store::load_object(txn, o.bucket, o.key));
    return Ok{};
}

void answer(const Reply<m::PutObjectOutput>& reply, Result<std::string> etag) {
    if (!etag.ok()) return reply(std::move(etag).take_error());
    m::PutObjectOutput out;
    out.ETag = std::move(etag).value();
    reply(std::move(out));
}

void put_streamed(ObjectsService& svc, RequestContext& ctx, const m::PutObjectRequest& in,
                  RequestBody body, Reply<m::PutObjectOutput> reply) {
    if (body.size && *body.size > static_cast<uint64_t>(kMaxPutBytes))
        return reply(errors::entity_too_large(static_cast<int64_t>(*body.size), kMaxPutBytes));
    auto md5 = parse_content_md5(in.ContentMD5);
    if (!md5.ok()) return reply(std::move(md5).take_error());
    // Nothing is stored for a bucket that is not there (checked again when committing).
    if (auto b = owned_bucket(svc.db(), ctx, in.Bucket); !b.ok())
        return reply(std::move(b).take_error());
    store::ObjectRecord o = new_record(ctx, in);
    StreamedUpload u;
    u.body = std::move(body);
    u.bucket = in.Bucket;
    u.key = in.Key;
    u.content_md5 = std::move(md5).value();
    u.now_ms = o.modified_ms;
    u.commit = [ctx, o](storage::Txn& txn, const UploadedData& data) {
        store::ObjectRecord record = o;
        record.etag = data.etag;
        record.size = data.segment.size;
        record.segments = {data.segment};
        return save(txn, ctx, record);
    };
    u.done = [reply = std::move(reply)](Result<std::string> etag) {
        answer(reply, std::move(etag));
    };
    stream_upload(svc, std::move(u));
}

}  // namespace

void put_object(ObjectsService& svc, RequestContext& ctx, m::PutObjectRequest in,
                Reply<m::PutObjectOutput> reply) {
    if (auto k = check_key(in.Key); !k.ok()) return reply(std::move(k).take_error());
    if (auto body = svc.take_request_body(ctx))
        return put_streamed(svc, ctx, in, std::move(*body), std::move(reply));
    auto body = std::make_shared<std::string>(std::move(in.Body).value_or(""));
    if (static_cast<int64_t>(body->size()) > kMaxPutBytes)
        return reply(errors::entity_too_large(static_cast<int64_t>(body->size()), kMaxPutBytes));
    if (auto md5 = check_content_md5(in.ContentMD5, *body); !md5.ok())
        return reply(std::move(md5).take_error());
    store::ObjectRecord o = new_record(ctx, in);
    o.etag = rules::etag_of(*body);
    o.size = static_cast<int64_t>(body->size());
    std::string etag = o.etag;
    svc.db().committer().submit(
        [ctx, o = std::move(o), body](storage::Txn& txn) mutable -> Result<void> {
            // Checked before writing, so that a refusal has nothing to roll back.
            if (auto b = owned_bucket(txn, ctx, o.bucket); !b.ok())
                return std::move(b).take_error();
            o.segments = {store::write_data(txn, *body)};
            return save(txn, ctx, o);
        },
        [reply = std::move(reply), etag](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            answer(reply, etag);
        });
}

}  // namespace freshet::objects
