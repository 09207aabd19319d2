// ListTagsForStream: tags by key after ExclusiveStartTagKey, Limit (default 10), HasMoreTags.
#include "streams/api/common.h"

namespace freshet::streams {

namespace {
constexpr int64_t kDefaultTagLimit = 10;
}

Result<m::ListTagsForStreamOutput> list_tags_for_stream(StreamsService& svc, RequestContext& ctx,
                                                        const m::ListTagsForStreamInput& in) {
    FRESHET_TRY(s, find_stream_of(svc, caller_of(ctx), in));
    auto limit = static_cast<size_t>(in.Limit.value_or(kDefaultTagLimit));
    m::ListTagsForStreamOutput out;
    auto it =
        in.ExclusiveStartTagKey ? s.tags.upper_bound(*in.ExclusiveStartTagKey) : s.tags.begin();
    for (; it != s.tags.end(); ++it) {
        if (out.Tags.size() == limit) {
            out.HasMoreTags = true;
            break;
        }
        out.Tags.push_back(m::Tag{it->first, it->second});
    }
    return out;
}

}  // namespace freshet::streams
