#include "objects/service.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "objects/api/handlers.h"

namespace freshet::objects {
namespace {

template <class In>
using ResourceFn = std::function<std::string(const RequestContext&, const In&)>;

template <class In>
ResourceFn<In> on_bucket() {
    return [](const RequestContext&, const In& in) { return bucket_arn(in.Bucket); };
}

template <class In>
ResourceFn<In> on_object() {
    return [](const RequestContext&, const In& in) { return object_arn(in.Bucket, in.Key); };
}

// `iam` is S3's action name in IAM (Service Authorization Reference, "Actions defined by
// Amazon S3"): several API operations share one (HeadObject is s3:GetObject).
template <class In, class Out>
Action sync(ObjectsService* svc, const char* name, const char* iam,
            Result<Out> (*fn)(ObjectsService&, RequestContext&, const In&),
            ResourceFn<In> resource) {
    return action<In>(
        name, std::string("s3:") + iam,
        [svc, fn](RequestContext& ctx, const In& in) { return fn(*svc, ctx, in); },
        std::move(resource));
}

template <class In, class Out>
Action async(ObjectsService* svc, const char* name, const char* iam,
             void (*fn)(ObjectsService&, RequestContext&, In, Reply<Out>),
             ResourceFn<In> resource) {
    return async_action<In, Out>(
        name, std::string("s3:") + iam,
        [svc, fn](RequestContext& ctx, In in, Reply<Out> reply) {
            fn(*svc, ctx, std::move(in), std::move(reply));
        },
        std::move(resource));
}

// The object's ARN read from the input JSON alone: for actions with a body, so that the
// payload is not decoded just to name the resource.
Action with_body(Action a) {
    a.resource = [](const RequestContext&, const boost::json::value& input) {
        auto text = [&](const char* name) {
            const auto* v = input.as_object().if_contains(name);
            return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        return object_arn(text("Bucket"), text("Key"));
    };
    return a;
}

}  // namespace

std::string bucket_arn(std::string_view bucket) {
    return "arn:aws:s3:::" + std::string(bucket);
}

std::string object_arn(std::string_view bucket, std::string_view key) {
    return bucket_arn(bucket) + "/" + std::string(key);
}

ObjectsService::ObjectsService(storage::Db& db) : db_(db) {
    auto swept = store::sweep_partial_uploads(db_);
    if (!swept.ok())
        throw std::runtime_error("objects: cannot discard partial uploads: " +
                                 swept.error().message);
    for (const auto& p : *swept) {
        spdlog::info("objects: discarded {} chunks of an upload to {}/{} cut short by a crash",
                     p.chunks, p.bucket, p.key);
        counters_.partial_removed += 1;
        counters_.partial_chunks_removed += p.chunks;
    }
    // S3 has no ValidationException: malformed arguments are InvalidArgument.
    dialect_.validation_code = "InvalidArgument";
    dialect_.serialization_code = "InvalidArgument";
    dialect_.serialization_capital_message = false;
    dialect_.unknown_operation_code = "NotImplemented";
    add_bucket_actions();
    add_object_actions();
    add_multipart_actions();
}

std::optional<RequestBody> ObjectsService::take_request_body(const RequestContext& ctx) const {
    if (!streams_.take_request_body) return std::nullopt;
    return streams_.take_request_body(ctx.request_id);
}

bool ObjectsService::give_reply_body(const RequestContext& ctx, uint64_t size,
                                     std::function<std::optional<std::string>()> next) const {
    return streams_.give_reply_body &&
           streams_.give_reply_body(ctx.request_id, size, std::move(next));
}

void ObjectsService::write_metrics(MetricsWriter& w) const {
    struct Family {
        const char* name;
        const char* type;
        const char* help;
        double value;
    };
    const Family families[] = {
        {"freshet_objects_streamed_uploads", "gauge",
         "PutObject and UploadPart requests whose body is being written to storage as it "
         "arrives.",
         double(counters_.in_progress.load())},
        {"freshet_objects_streamed_chunks_written_total", "counter",
         "1 MiB chunks streamed uploads wrote to storage before the batch that commits them.",
         double(counters_.chunks_written.load())},
        {"freshet_objects_partial_uploads_removed_total", "counter",
         "Streamed uploads whose data was deleted unused: failed, cut short, or found at start-up "
         "after a crash.",
         double(counters_.partial_removed.load())},
        {"freshet_objects_partial_chunks_removed_total", "counter",
         "Chunks of those uploads deleted.", double(counters_.partial_chunks_removed.load())},
    };
    for (const auto& f : families) {
        w.family(f.name, f.type, f.help);
        w.sample(f.name, {}, f.value);
    }
}

void ObjectsService::add_bucket_actions() {
    using namespace model;
    actions_.add(async(this, "CreateBucket", "CreateBucket", &create_bucket,
                       on_bucket<CreateBucketRequest>()));
    actions_.add(
        sync(this, "HeadBucket", "ListBucket", &head_bucket, on_bucket<HeadBucketRequest>()));
    actions_.add(async(this, "DeleteBucket", "DeleteBucket", &delete_bucket,
                       on_bucket<DeleteBucketRequest>()));
    actions_.add(sync(this, "ListBuckets", "ListAllMyBuckets", &list_buckets,
                      ResourceFn<NoInput>(&any_resource<NoInput>)));
    actions_.add(sync(this, "GetBucketLocation", "GetBucketLocation", &get_bucket_location,
                      on_bucket<GetBucketLocationRequest>()));
    actions_.add(sync(this, "ListObjectsV2", "ListBucket", &list_objects_v2,
                      on_bucket<ListObjectsV2Request>()));
    actions_.add(
        sync(this, "ListObjects", "ListBucket", &list_objects, on_bucket<ListObjectsRequest>()));
}

void ObjectsService::add_object_actions() {
    using namespace model;
    actions_.add(with_body(
        async(this, "PutObject", "PutObject", &put_object, on_object<PutObjectRequest>())));
    actions_.add(sync(this, "GetObject", "GetObject", &get_object, on_object<GetObjectRequest>()));
    actions_.add(
        sync(this, "HeadObject", "GetObject", &head_object, on_object<HeadObjectRequest>()));
    actions_.add(async(this, "DeleteObject", "DeleteObject", &delete_object,
                       on_object<DeleteObjectRequest>()));
    // s3:PutObject on the destination and s3:GetObject on the source.
    Action copy =
        async(this, "CopyObject", "PutObject", &copy_object, on_object<CopyObjectRequest>());
    copy.also_authorize = [](const RequestContext&, const boost::json::value& input) {
        std::vector<std::pair<std::string, std::string>> more;
        const auto* v = input.as_object().if_contains("CopySource");
        if (!v || !v->is_string()) return more;
        auto src = parse_copy_source(std::string(v->get_string()));
        if (src.ok()) more.emplace_back("s3:GetObject", object_arn(src->bucket, src->key));
        return more;
    };
    actions_.add(std::move(copy));
    // S3 authorizes s3:DeleteObject for every key of the request.
    Action del = async(
        this, "DeleteObjects", "DeleteObject", &delete_objects,
        ResourceFn<DeleteObjectsRequest>([](const RequestContext&, const DeleteObjectsRequest& in) {
            return bucket_arn(in.Bucket) + "/*";
        }));
    del.resources = [](const RequestContext&, const boost::json::value& input) {
        DeleteObjectsRequest in;
        from_json(input, in);
        std::vector<std::string> arns;
        for (const auto& o : in.Delete.Objects) arns.push_back(object_arn(in.Bucket, o.Key));
        if (arns.empty()) arns.push_back(bucket_arn(in.Bucket) + "/*");
        return arns;
    };
    actions_.add(std::move(del));
}

void ObjectsService::add_multipart_actions() {
    using namespace model;
    actions_.add(async(this, "CreateMultipartUpload", "PutObject", &create_multipart_upload,
                       on_object<CreateMultipartUploadRequest>()));
    actions_.add(with_body(
        async(this, "UploadPart", "PutObject", &upload_part, on_object<UploadPartRequest>())));
    actions_.add(async(this, "CompleteMultipartUpload", "PutObject", &complete_multipart_upload,
                       on_object<CompleteMultipartUploadRequest>()));
    actions_.add(async(this, "AbortMultipartUpload", "AbortMultipartUpload",
                       &abort_multipart_upload, on_object<AbortMultipartUploadRequest>()));
    actions_.add(sync(this, "ListParts", "ListMultipartUploadParts", &list_parts,
                      on_object<ListPartsRequest>()));
    actions_.add(sync(this, "ListMultipartUploads", "ListBucketMultipartUploads",
                      &list_multipart_uploads, on_bucket<ListMultipartUploadsRequest>()));
}

}  // namespace freshet::objects
