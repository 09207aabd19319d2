// TagResource, UntagResource, ListTags on function ARNs (not on versions or aliases, as on
// Lambda). Tags belong to the function and are answered by GetFunction; changing them gives
// $LATEST a new RevisionId.
#include "core/ids.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

constexpr size_t kMaxTags = 50;

Result<std::string> tagged_function(FunctionsService& s, const RequestContext& ctx,
                                    const std::string& resource) {
    FRESHET_TRY(ref, s.parse(ctx, resource, std::nullopt));
    if (!ref.qualifier.empty()) {
        return lambda_error("InvalidParameterValueException",
                            "Tags on function aliases and versions are not supported. Please "
                            "specify a function ARN.",
                            400);
    }
    return ref.name;
}

Result<void> change_tags(FunctionsService& s, const RequestContext& ctx, const std::string& name,
                         const std::function<void(std::map<std::string, std::string>&)>& change) {
    return s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        auto f = tx.function(name);
        if (!f) return s.not_found(ctx, name);
        change(f->tags);
        if (f->tags.size() > kMaxTags) {
            return lambda_error("InvalidParameterValueException",
                                "Number of tags exceeds resource tag limit.", 400);
        }
        f->revision_id = ids::uuid4();
        tx.put_function(*f);
        return Ok{};
    });
}

}  // namespace

Result<NoOutput> tag_resource(FunctionsService& s, RequestContext& ctx,
                              const model::TagResourceRequest& in) {
    if (in.Tags.empty()) {
        return lambda_error("InvalidParameterValueException",
                            "An error occurred and the request cannot be processed.", 400);
    }
    FRESHET_TRY(name, tagged_function(s, ctx, in.Resource));
    FRESHET_CHECK(change_tags(s, ctx, name, [&](auto& tags) {
        for (const auto& [k, v] : in.Tags) tags[k] = v;
    }));
    return NoOutput{};
}

Result<NoOutput> untag_resource(FunctionsService& s, RequestContext& ctx,
                                const model::UntagResourceRequest& in) {
    if (in.TagKeys.empty()) {
        return lambda_error(
            "ValidationException",
            "1 validation error detected: Value null at 'tagKeys' failed to satisfy "
            "constraint: Member must not be null",
            400);
    }
    FRESHET_TRY(name, tagged_function(s, ctx, in.Resource));
    FRESHET_CHECK(change_tags(s, ctx, name, [&](auto& tags) {
        for (const auto& k : in.TagKeys) tags.erase(k);
    }));
    return NoOutput{};
}

Result<model::ListTagsResponse> list_tags(FunctionsService& s, RequestContext& ctx,
                                          const model::ListTagsRequest& in) {
    FRESHET_TRY(ref, s.parse(ctx, in.Resource, std::nullopt));
    FRESHET_TRY(f, s.load(ctx, ref.name));
    model::ListTagsResponse out;
    out.Tags = f.tags;
    return out;
}

}  // namespace freshet::functions
