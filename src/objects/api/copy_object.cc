// CopyObject: x-amz-copy-source is "bucket/key" or "/bucket/key", URL-encoded, optionally with
// "?versionId=" (only the current version exists here). The metadata is the source's
// (MetadataDirective COPY, the default) or the request's (REPLACE). The data is read from one
// snapshot and written as a new object in one batch.
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

void copy_object(ObjectsService& svc, RequestContext& ctx, m::CopyObjectRequest in,
                 Reply<m::CopyObjectOutput> reply) {
    if (auto k = check_key(in.Key); !k.ok()) return reply(std::move(k).take_error());
    auto src = parse_copy_source(in.CopySource);
    if (!src.ok()) return reply(std::move(src).take_error());
    const bool replace = in.MetadataDirective.value_or("COPY") == "REPLACE";
    if (src->bucket == in.Bucket && src->key == in.Key && !replace)
        return reply(errors::copy_to_itself());
    auto sb = owned_bucket(svc.db(), ctx, src->bucket);
    if (!sb.ok()) return reply(std::move(sb).take_error());
    store::ObjectReader reader(svc.db());
    auto source = reader.load(src->bucket, src->key);
    if (!source) return reply(errors::no_such_key(src->key));
    rules::Conditions c{in.CopySourceIfMatch, in.CopySourceIfNoneMatch,
                        in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince};
    if (auto ok = rules::check_conditions(c, source->etag, from_epoch_millis(source->modified_ms));
        !ok.ok()) {
        // For a copy every failed condition is PreconditionFailed (S3 API Reference,
        // CopyObject: x-amz-copy-source-if-none-match and -if-modified-since).
        ApiError e = std::move(ok).take_error();
        if (e.status == 304) e = errors::precondition_failed("x-amz-copy-source-If-None-Match");
        return reply(std::move(e));
    }
    auto data = std::make_shared<std::string>(reader.read(*source, 0, source->size));
    store::ObjectRecord o;
    o.bucket = in.Bucket;
    o.key = in.Key;
    // A copy is one PUT of the data: a multipart source's ETag becomes the plain MD5.
    o.etag = rules::etag_of(*data);
    o.size = source->size;
    o.modified_ms = now_ms(ctx);
    o.headers = replace ? object_headers(in) : source->headers;
    m::CopyObjectResult result;
    result.ETag = o.etag;
    result.LastModified = from_epoch_millis(o.modified_ms);
    svc.db().committer().submit(
        [ctx, o = std::move(o), data](storage::Txn& txn) mutable -> Result<void> {
            auto b = owned_bucket(txn, ctx, o.bucket);
            if (!b.ok()) return std::move(b).take_error();
            auto old = store::load_object(txn, o.bucket, o.key);
            o.segments = {store::write_data(txn, *data)};
            store::save_object(txn, o, old);
            return Ok{};
        },
        [reply = std::move(reply), result](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::CopyObjectOutput out;
            out.CopyObjectResult = result;
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
