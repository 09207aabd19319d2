// RemoveTagsFromStream: removes the keys it names; unknown keys are ignored, as by AWS.
#include "streams/api/common.h"
#include "streams/api/tags.h"

namespace freshet::streams {

void remove_tags_from_stream(StreamsService& svc, RequestContext& ctx,
                             m::RemoveTagsFromStreamInput in, Reply<NoOutput> reply) {
    for (const auto& k : in.TagKeys) {
        if (!valid_tag_text(k)) return reply(invalid_tag_characters());
    }
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, std::move(name).value(),
        [keys = std::move(in.TagKeys)](Stream& s, storage::Txn&) -> Result<void> {
            for (const auto& k : keys) s.tags.erase(k);
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
