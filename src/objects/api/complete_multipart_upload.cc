// CompleteMultipartUpload: the listed parts, in ascending order, each with its ETag, all but
// the last at least 5 MiB, become the object. Their chunks are adopted as the object's
// segments (no copy); parts not listed are deleted. The ETag is S3's multipart form.
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {
namespace {

struct Listed {
    int64_t number;
    std::string etag;
};

Result<store::ObjectRecord> assemble(storage::Txn& txn, const store::UploadRecord& u,
                                     const std::vector<Listed>& listed) {
    store::ObjectRecord o;
    o.bucket = u.bucket;
    o.key = u.key;
    o.headers = u.headers;
    // The order is checked over the whole list before any part is looked at.
    for (size_t i = 1; i < listed.size(); ++i) {
        if (listed[i].number <= listed[i - 1].number) return errors::invalid_part_order();
    }
    std::vector<std::string> etags;
    for (size_t i = 0; i < listed.size(); ++i) {
        const Listed& l = listed[i];
        auto p = store::load_part(txn, u.upload_id, l.number);
        if (!p || rules::unquote(p->etag) != rules::unquote(l.etag))
            return errors::invalid_part(u.upload_id, l.number, l.etag);
        if (i + 1 < listed.size() && p->size < kMinPartBytes) return errors::entity_too_small();
        o.segments.push_back({p->data_id, p->size});
        o.size += p->size;
        etags.push_back(p->etag);
    }
    o.etag = rules::multipart_etag(etags).value_or("");
    o.parts = static_cast<int64_t>(listed.size());
    return o;
}

}  // namespace

void complete_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                               m::CompleteMultipartUploadRequest in,
                               Reply<m::CompleteMultipartUploadOutput> reply) {
    std::vector<Listed> listed;
    if (in.MultipartUpload && in.MultipartUpload->Parts) {
        for (const auto& p : *in.MultipartUpload->Parts)
            listed.push_back({p.PartNumber.value_or(0), p.ETag.value_or("")});
    }
    if (listed.empty()) return reply(errors::malformed_xml());
    auto etag = std::make_shared<std::string>();
    int64_t modified = now_ms(ctx);
    svc.db().committer().submit(
        [ctx, listed, etag, modified, bucket = in.Bucket, key = in.Key,
         id = in.UploadId](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, bucket);
            if (!b.ok()) return std::move(b).take_error();
            auto u = store::load_upload(txn, id);
            if (!u || u->bucket != bucket || u->key != key) return errors::no_such_upload(id);
            auto o = assemble(txn, *u, listed);
            if (!o.ok()) return std::move(o).take_error();
            o->modified_ms = modified;
            std::vector<uint64_t> adopted;
            for (const auto& s : o->segments) adopted.push_back(s.data_id);
            store::delete_upload(txn, *u, adopted);
            store::save_object(txn, *o, store::load_object(txn, bucket, key));
            *etag = o->etag;
            return Ok{};
        },
        [reply = std::move(reply), etag, bucket = in.Bucket, key = in.Key](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::CompleteMultipartUploadOutput out;
            out.Location = "/" + bucket + "/" + key;
            out.Bucket = bucket;
            out.Key = key;
            out.ETag = *etag;
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
