// The S3 subset (REST-XML, signing name "s3") on the embedded store: buckets, objects stored
// in 1 MiB chunks, multipart uploads. See README.md and docs/compatibility/objects.md.
//
// The dispatcher recognises S3 requests by their SigV4 scope (or a virtual-host Host), routes
// them by method, path and sub-resource, authenticates the payload (x-amz-content-sha256,
// aws-chunked) and runs the common pipeline (types, IAM with S3's action names and ARNs, the
// handler). Handlers hold the business logic; every write goes through the group committer.
//
// Thread safety: handlers run concurrently on the IO threads.
#pragma once

#include <atomic>

#include "core/service.h"
#include "objects/payload.h"
#include "objects/s3.gen.h"
#include "storage/db.h"

namespace freshet::objects {

class ObjectsService final : public Service {
  public:
    // Discards the partial uploads a crash left in storage (store::sweep_partial_uploads):
    // construct it before the server serves. Throws std::runtime_error if that fails.
    explicit ObjectsService(storage::Db& db);

    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void write_metrics(MetricsWriter& w) const override;

    storage::Db& db() { return db_; }

    // Set once, before the server starts (payload.h).
    void set_payload_streams(PayloadStreams streams) { streams_ = std::move(streams); }
    std::optional<RequestBody> take_request_body(const RequestContext& ctx) const;
    bool give_reply_body(const RequestContext& ctx, uint64_t size,
                         std::function<std::optional<std::string>()> next) const;

    // Counters of streamed uploads, for GET /metrics and tests.
    struct UploadCounters {
        std::atomic<int64_t> in_progress{0};       // streamed uploads being written
        std::atomic<uint64_t> chunks_written{0};   // chunks written before their upload commits
        std::atomic<uint64_t> partial_removed{0};  // partial uploads discarded (failed, or swept)
        std::atomic<uint64_t> partial_chunks_removed{0};
    };
    UploadCounters& upload_counters() { return counters_; }

  private:
    void add_bucket_actions();
    void add_object_actions();
    void add_multipart_actions();

    storage::Db& db_;
    ActionTable actions_;
    ErrorDialect dialect_;
    PayloadStreams streams_;
    UploadCounters counters_;
};

// arn:aws:s3:::bucket and arn:aws:s3:::bucket/key (S3 ARNs have no region or account).
std::string bucket_arn(std::string_view bucket);
std::string object_arn(std::string_view bucket, std::string_view key);

}  // namespace freshet::objects
