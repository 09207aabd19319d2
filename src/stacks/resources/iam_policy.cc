// AWS::IAM::Policy: an inline policy embedded in each of its Roles, Users and Groups
// (Put{Role,User,Group}Policy), as CloudFormation does; not a managed policy. Every property
// is "Update requires: No interruption". Ref is the physical id, GetAtt Id the same.
//
// The physical id is not documented. Observed ids look like "stack-fnSe-1OKWZIBB89193": the
// stack name, the first four characters of the logical id and 13 [A-Z0-9] (LocalStack's
// comment; aws-semantics.md §5.1). Freshet builds it that way.
#include <openssl/rand.h>
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

std::string policy_id(const ResourceContext& ctx) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[13];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    std::string suffix;
    for (unsigned char b : bytes) suffix += kAlphabet[b % kAlphabet.size()];
    std::string stack = ctx.stack_name.substr(0, 128 - 20);
    return stack + "-" + ctx.logical_id.substr(0, 4) + "-" + suffix;
}

// What the resource says: the policy and the entities that embed it.
struct Spec {
    std::string name;
    std::string document;
    std::map<IamEntity, std::vector<std::string>> holders;
};

Result<Spec> read_spec(const ResourceContext& ctx, const json::object& p) {
    Spec s;
    FRESHET_TRY(name, require_string(ctx, p, "PolicyName"));
    FRESHET_TRY(document, policy_document(ctx, p, "PolicyDocument"));
    s.name = std::move(name);
    s.document = std::move(document);
    bool any = false;
    for (IamEntity kind : kIamEntities) {
        FRESHET_TRY(names, string_list(ctx, p, iam_list_key(kind)));
        any = any || !names.empty();
        s.holders[kind] = std::move(names);
    }
    // CloudFormation's check (LocalStack reproduces it with this text).
    if (!any)
        return property_error(ctx.logical_id,
                              "At least one of [Groups,Roles,Users] must be non-empty.");
    return s;
}

bool holds(const Spec& s, IamEntity kind, const std::string& entity) {
    const auto& v = s.holders.at(kind);
    return std::find(v.begin(), v.end(), entity) != v.end();
}

Result<void> put(const ResourceContext& ctx, const Spec& s, IamEntity kind,
                 const std::string& entity) {
    std::map<std::string, std::string> policy{{s.name, s.document}};
    return sync_inline_policies(ctx, kind, entity, {}, policy);
}

Result<void> drop(const ResourceContext& ctx, const Spec& s, IamEntity kind,
                  const std::string& entity) {
    std::map<std::string, std::string> policy{{s.name, s.document}};
    auto r = sync_inline_policies(ctx, kind, entity, policy, {});
    if (!r.ok() && !iam_not_found(r.error())) return r;
    return Ok{};
}

Result<void> drop_all(const ResourceContext& ctx, const Spec& s) {
    for (IamEntity kind : kIamEntities) {
        for (const auto& entity : s.holders.at(kind)) FRESHET_CHECK(drop(ctx, s, kind, entity));
    }
    return Ok{};
}

class PolicyProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Id"}; }

    bool needs_replacement(const json::object&, const json::object&) const override {
        return false;
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(spec, read_spec(ctx, p));
        for (IamEntity kind : kIamEntities) {
            for (const auto& entity : spec.holders.at(kind)) {
                auto r = put(ctx, spec, kind, entity);
                if (!r.ok()) {
                    (void)drop_all(ctx, spec);  // a failed create leaves nothing behind
                    return std::move(r).take_error();
                }
            }
        }
        ResourceState s;
        s.physical_id = policy_id(ctx);
        s.attributes["Id"] = s.physical_id;
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_TRY(old_spec, read_spec(ctx, before));
        FRESHET_TRY(new_spec, read_spec(ctx, after));
        bool renamed = old_spec.name != new_spec.name;
        bool rewritten = renamed || old_spec.document != new_spec.document;
        for (IamEntity kind : kIamEntities) {
            for (const auto& entity : new_spec.holders.at(kind)) {
                if (rewritten || !holds(old_spec, kind, entity))
                    FRESHET_CHECK(put(ctx, new_spec, kind, entity));
            }
            for (const auto& entity : old_spec.holders.at(kind)) {
                // A renamed policy leaves the old name behind on every entity.
                if (renamed || !holds(new_spec, kind, entity))
                    FRESHET_CHECK(drop(ctx, old_spec, kind, entity));
            }
        }
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState&,
                        const json::object& p) override {
        FRESHET_TRY(spec, read_spec(ctx, p));
        return drop_all(ctx, spec);
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_policy_provider() {
    return std::make_unique<PolicyProvider>();
}

}  // namespace freshet::stacks
