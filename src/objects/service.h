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

#include "core/service.h"
#include "objects/s3.gen.h"
#include "storage/db.h"

namespace freshet::objects {

class ObjectsService final : public Service {
  public:
    explicit ObjectsService(storage::Db& db);

    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }

    storage::Db& db() { return db_; }

  private:
    void add_bucket_actions();
    void add_object_actions();
    void add_multipart_actions();

    storage::Db& db_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

// arn:aws:s3:::bucket and arn:aws:s3:::bucket/key (S3 ARNs have no region or account).
std::string bucket_arn(std::string_view bucket);
std::string object_arn(std::string_view bucket, std::string_view key);

}  // namespace freshet::objects
