// AddTagsToStream: at most 50 tags per stream; keys and values in AWS's tag alphabet.
#include <fmt/format.h>

#include "streams/api/common.h"
#include "streams/api/tags.h"
#include "streams/errors.h"

namespace freshet::streams {

void add_tags_to_stream(StreamsService& svc, RequestContext& ctx, m::AddTagsToStreamInput in,
                        Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    for (const auto& [k, v] : in.Tags) {
        if (!valid_tag_text(k) || !valid_tag_text(v)) return reply(invalid_tag_characters());
    }
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, std::move(name).value(),
        [c, tags = std::move(in.Tags)](Stream& s, storage::Txn&) -> Result<void> {
            auto merged = s.tags;
            for (const auto& [k, v] : tags) merged[k] = v;
            if (merged.size() > kMaxTagsPerStream) {
                // kinesalite's recording of AWS.
                return errors::invalid_argument(fmt::format(
                    "Failed to add tags to stream {} under account {} because a given stream "
                    "cannot have more than {} tags.",
                    s.name, c.account, kMaxTagsPerStream));
            }
            s.tags = std::move(merged);
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
