// AWS::Lambda::Version: PublishVersion of the function's current code and configuration
// (Description; CodeSha256, which Lambda checks against $LATEST's). Every property that
// defines the version (FunctionName, CodeSha256, Description) is a replacement: a new version
// is published. Ref and the physical id are the version's ARN; GetAtt Version is its number
// ("1") and FunctionArn the version's ARN. Delete removes the version (DeleteFunction with its
// Qualifier); one already gone, or whose function is gone, is success.
// Refused: ProvisionedConcurrencyConfig. RuntimePolicy is accepted without effect.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

class LambdaVersion final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Version", "FunctionArn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"FunctionName", "CodeSha256", "Description"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(svc::refuse(ctx, p, {"ProvisionedConcurrencyConfig"}));
        FRESHET_TRY(function, require_string(ctx, p, "FunctionName"));
        json::object in{{"FunctionName", function}};
        svc::copy_value(p, in, "Description");
        svc::copy_value(p, in, "CodeSha256");
        FRESHET_TRY(out, svc::call_service(ctx, "lambda", "PublishVersion", std::move(in)));
        const json::object& v = out.as_object();
        ResourceState st;
        st.physical_id = svc::string_of(v, "FunctionArn");
        st.attributes["Version"] = v.at("Version");
        st.attributes["FunctionArn"] = v.at("FunctionArn");
        return st;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object&, const json::object& after) override {
        FRESHET_CHECK(svc::refuse(ctx, after, {"ProvisionedConcurrencyConfig"}));
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        // The version's ARN: arn:aws:lambda:<region>:<account>:function:<name>:<version>.
        const std::string& arn = current.physical_id;
        auto colon = arn.rfind(':');
        if (colon == std::string::npos) return Ok{};
        auto r = svc::call_service(
            ctx, "lambda", "DeleteFunction",
            {{"FunctionName", arn.substr(0, colon)}, {"Qualifier", arn.substr(colon + 1)}});
        if (!r.ok() && !svc::is_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_lambda_version_provider() {
    return std::make_unique<LambdaVersion>();
}

}  // namespace freshet::stacks
