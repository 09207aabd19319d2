// DeleteEventSourceMapping: answers 202 with State "Deleting"; the engine stops the mapping
// (an invocation in flight finishes) and removes it with its checkpoints.
#include "mappings/api/config.h"

namespace freshet::mappings {

Result<model::EventSourceMappingConfiguration> delete_mapping(
    MappingsService& s, RequestContext& ctx, const model::DeleteEventSourceMappingRequest& in) {
    FRESHET_TRY(updated, s.store().update(in.UUID, [&](store::MappingRecord& m) {
        if (m.config.State == "Deleting") return false;
        mark_changed(m, "Deleting", ctx.clock->now());
        return true;
    }));
    if (!updated) return MappingsService::not_found();
    s.engine().submit(in.UUID);
    return s.view(*updated);
}

}  // namespace freshet::mappings
