// UpdateEventSourceMapping: new settings, another function, or Enabled. Answers 202 with
// State "Updating", "Enabling" or "Disabling"; the engine applies the change at once.
#include "mappings/api/config.h"

namespace freshet::mappings {

Result<model::EventSourceMappingConfiguration> update_mapping(
    MappingsService& s, RequestContext& ctx, const model::UpdateEventSourceMappingRequest& in) {
    Settings settings = settings_of(in);
    FRESHET_CHECK(check_settings(settings));
    auto current = s.store().get(in.UUID);
    if (!current) return MappingsService::not_found();
    const std::string state = current->config.State.value_or("");
    // Other transitions take milliseconds here, so only a mapping being deleted is in use.
    if (state == "Deleting") {
        return mapping_error("ResourceInUseException",
                             "The operation cannot be performed at this time. The resource is "
                             "currently in use.");
    }
    std::optional<FunctionInfo> fn;
    if (in.FunctionName) {
        FRESHET_TRY(f, resolve_function(s, *in.FunctionName));
        FRESHET_CHECK(check_stream_access(s, *current->config.EventSourceArn, f.role));
        fn = std::move(f);
    }
    FRESHET_TRY(updated, s.store().update(in.UUID, [&](store::MappingRecord& m) {
        apply_settings(settings, m.config);
        if (fn) {
            m.config.FunctionArn = fn->arn;
            m.function_name = fn->arn;
        }
        bool was_enabled = m.enabled;
        if (in.Enabled) m.enabled = *in.Enabled;
        mark_changed(m,
                     m.enabled == was_enabled ? "Updating"
                     : m.enabled              ? "Enabling"
                                              : "Disabling",
                     ctx.clock->now());
        return true;
    }));
    if (!updated) return MappingsService::not_found();
    s.engine().submit(in.UUID);
    return s.view(*updated);
}

}  // namespace freshet::mappings
