// Lambda's event source mapping API (REST-JSON, /2015-03-31/event-source-mappings) and the
// engine that runs the mappings: Kinesis streams to functions, woken by the stream's
// notification hook, with durable checkpoints and AWS's error handling. It shares the
// "lambda" signing name with the functions module; the dispatcher routes by URI.
//
// It reaches streams, functions and logs only through the in-process client (EngineDeps),
// so IAM applies: streams are read with the function's execution role.
// See README.md and docs/compatibility/mappings.md.
#pragma once

#include <memory>
#include <string>

#include "core/service.h"
#include "mappings/engine/engine.h"
#include "mappings/lambda.gen.h"
#include "mappings/store/mapping_store.h"

namespace freshet::storage {
class Db;
}

namespace freshet::mappings {

class MappingsService final : public Service {
  public:
    MappingsService(storage::Db& db, EngineDeps deps);
    ~MappingsService() override;
    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    void stop() override { engine_.stop(); }
    // Per running mapping: iterator age, batches, records, retries, failures, filtered.
    void write_metrics(MetricsWriter& w) const override;

    // Starts the mappings; call once the server answers (invocations finish on its threads).
    void start() { engine_.start(); }
    // The streams module's notification: records arrived on a shard.
    void records_arrived(const std::string& stream_arn, const std::string& shard_id) {
        engine_.records_arrived(stream_arn, shard_id);
    }

    store::MappingStore& store() { return store_; }
    Engine& engine() { return engine_; }
    const EngineDeps& deps() const { return engine_.deps(); }

    // Shared by the handlers.
    static std::string mapping_arn(const RequestContext& ctx, const std::string& uuid);
    static ApiError not_found();
    // The configuration as the API answers it, with the live LastProcessingResult.
    model::EventSourceMappingConfiguration view(const store::MappingRecord& m) const;

  private:
    store::MappingStore store_;
    Engine engine_;
    ActionTable actions_;
};

// Lambda's errors carry "Message" and Type "User".
ApiError mapping_error(std::string code, std::string message, int status = 400);

// Handlers, under api/.
Result<model::EventSourceMappingConfiguration> create_mapping(
    MappingsService& s, RequestContext& ctx, const model::CreateEventSourceMappingRequest& in);
Result<model::EventSourceMappingConfiguration> get_mapping(
    MappingsService& s, RequestContext& ctx, const model::GetEventSourceMappingRequest& in);
Result<model::ListEventSourceMappingsResponse> list_mappings(
    MappingsService& s, RequestContext& ctx, const model::ListEventSourceMappingsRequest& in);
Result<model::EventSourceMappingConfiguration> update_mapping(
    MappingsService& s, RequestContext& ctx, const model::UpdateEventSourceMappingRequest& in);
Result<model::EventSourceMappingConfiguration> delete_mapping(
    MappingsService& s, RequestContext& ctx, const model::DeleteEventSourceMappingRequest& in);

}  // namespace freshet::mappings
