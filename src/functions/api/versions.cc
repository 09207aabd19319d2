// PublishVersion and ListVersionsByFunction. A version is an immutable snapshot of $LATEST's
// code and configuration, numbered from 1 and never reused; publishing when nothing changed
// since the last version answers that version again, as Lambda does.
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/service.h"

namespace freshet::functions {

std::string pool_key(const store::FunctionRecord& f) {
    return f.version == "$LATEST" ? f.name : f.name + ":" + f.version;
}

Result<store::FunctionRecord> publish(FunctionsService& s, const RequestContext& ctx,
                                      const std::string& name,
                                      const std::optional<std::string>& code_sha256,
                                      const std::optional<std::string>& description,
                                      const std::optional<std::string>& revision_id) {
    store::FunctionRecord published;
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        auto latest = tx.function(name);
        if (!latest) return s.not_found(ctx, name);
        if (revision_id && *revision_id != latest->revision_id) return stale_revision();
        if (code_sha256 && *code_sha256 != latest->code_sha256) {
            return lambda_error(
                "InvalidParameterValueException",
                fmt::format("CodeSHA256 ({}) is different from current CodeSHA256 in $LATEST "
                            "({}). Please try again with the CodeSHA256 in $LATEST.",
                            *code_sha256, latest->code_sha256),
                400);
        }
        if (latest->next_version > 1) {
            auto previous = tx.version(name, latest->next_version - 1);
            if (previous && previous->internal_revision == latest->internal_revision) {
                published = *previous;
                return Ok{};
            }
        }
        published = *latest;
        published.version = std::to_string(latest->next_version);
        published.revision_id = ids::uuid4();
        if (description) published.description = *description;
        published.tags.clear();
        published.reserved_concurrency.reset();
        tx.put_version(published);
        // Publishing is a change of the function: $LATEST gets a new RevisionId.
        latest->next_version += 1;
        latest->revision_id = ids::uuid4();
        tx.put_function(*latest);
        return Ok{};
    }));
    return published;
}

Result<model::FunctionConfiguration> publish_version(FunctionsService& s, RequestContext& ctx,
                                                     const model::PublishVersionRequest& in) {
    if (in.PublishTo) {
        // Publishing to $LATEST.PUBLISHED belongs to Lambda Managed Instances (capacity
        // providers), which this Lambda does not have. The message is Freshet's own (listed in
        // docs/compatibility/functions.md): Lambda's could not be looked up.
        return lambda_error("InvalidParameterValueException",
                            "PublishTo is only supported for functions with a capacity provider "
                            "configuration.",
                            400);
    }
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    FRESHET_TRY(v, publish(s, ctx, name, in.CodeSha256, in.Description, in.RevisionId));
    return s.configuration(ctx, v, v.version);
}

Result<model::ListVersionsByFunctionResponse> list_versions_by_function(
    FunctionsService& s, RequestContext& ctx, const model::ListVersionsByFunctionRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    FRESHET_TRY(latest, s.load(ctx, name));
    size_t limit = static_cast<size_t>(in.MaxItems.value_or(50));
    // $LATEST first, then the versions in order; the marker is the last version answered.
    std::vector<store::FunctionRecord> page;
    int64_t after = 0;
    if (!in.Marker || in.Marker->empty()) {
        page.push_back(latest);
    } else if (*in.Marker != "$LATEST") {
        after = version_number(*in.Marker).value_or(0);
    }
    auto versions = s.store().versions(name, after, limit + 1);
    page.insert(page.end(), versions.begin(), versions.end());
    model::ListVersionsByFunctionResponse out;
    std::vector<model::FunctionConfiguration> configs;
    for (size_t i = 0; i < page.size() && i < limit; ++i)
        configs.push_back(s.configuration(ctx, page[i], page[i].version));
    if (page.size() > limit) out.NextMarker = page[limit - 1].version;
    out.Versions = std::move(configs);
    return out;
}

}  // namespace freshet::functions
