// AWS::Lambda::Permission: AddPermission with a statement id CloudFormation generates
// ("<stack>-<LogicalId>-<suffix>", at most 100 characters), which is the resource's physical
// id and Ref (recorded against AWS: the PhysicalResourceId is the policy statement's Sid);
// GetAtt Id is the same. Every property is create-only: any change is a replacement, so update
// has nothing to do. Delete is RemovePermission; a function or statement already gone is
// success.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

const std::initializer_list<std::string_view> kProperties = {
    "Action",        "FunctionName",     "Principal",           "SourceArn",
    "SourceAccount", "EventSourceToken", "FunctionUrlAuthType", "PrincipalOrgID"};

class LambdaPermission final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Id"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, kProperties) ||
               changed(before, after, {"InvokedViaFunctionUrl"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(svc::refuse(ctx, p, {"InvokedViaFunctionUrl"}));
        for (auto key : {"FunctionName", "Action", "Principal"})
            FRESHET_CHECK(require_string(ctx, p, key));
        json::object in;
        for (auto key : kProperties) svc::copy_value(p, in, key);
        std::string sid = physical_name(ctx, 100);
        in["StatementId"] = sid;
        reserve_physical_id(ctx, sid);
        FRESHET_CHECK(svc::call_service(ctx, "lambda", "AddPermission", std::move(in)));
        claim_physical_id(ctx, sid);
        ResourceState st;
        st.physical_id = sid;
        st.attributes["Id"] = sid;
        return st;
    }

    Result<ResourceState> update(const ResourceContext&, const ResourceState& current,
                                 const json::object&, const json::object&) override {
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object& p) override {
        auto r = svc::call_service(ctx, "lambda", "RemovePermission",
                                   {{"FunctionName", svc::string_of(p, "FunctionName")},
                                    {"StatementId", current.physical_id}});
        if (!r.ok() && !svc::is_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_lambda_permission_provider() {
    return std::make_unique<LambdaPermission>();
}

}  // namespace freshet::stacks
