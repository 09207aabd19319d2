// AWS::Lambda::Alias: CreateAlias (FunctionVersion, Description, RoutingConfig, whose
// CloudFormation form [{FunctionVersion, FunctionWeight}] becomes the API's {version: weight}).
// Replacement: FunctionName, Name. In place: UpdateAlias with FunctionVersion, Description and
// RoutingConfig. Ref and the physical id are the alias ARN; GetAtt AliasArn the same.
// Refused: ProvisionedConcurrencyConfig.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

Result<json::object> alias_input(const ResourceContext& ctx, const json::object& p) {
    FRESHET_CHECK(svc::refuse(ctx, p, {"ProvisionedConcurrencyConfig"}));
    json::object in;
    for (auto key : {"FunctionName", "Name", "FunctionVersion"}) {
        FRESHET_TRY(v, require_string(ctx, p, key));
        in[key] = v;
    }
    in["Description"] = svc::string_of(p, "Description");
    json::object weights;
    if (const json::value* r = p.if_contains("RoutingConfig"); r && r->is_object()) {
        if (const json::value* list = r->get_object().if_contains("AdditionalVersionWeights");
            list && list->is_array()) {
            for (const json::value& w : list->get_array()) {
                if (!w.is_object()) continue;
                const json::value* weight = w.get_object().if_contains("FunctionWeight");
                weights[svc::string_of(w.get_object(), "FunctionVersion")] =
                    weight && weight->is_string()
                        ? json::value(std::strtod(weight->get_string().c_str(), nullptr))
                        : (weight ? *weight : json::value(0));
            }
        }
    }
    in["RoutingConfig"] = json::object{{"AdditionalVersionWeights", std::move(weights)}};
    return in;
}

ResourceState state_of(const json::value& out) {
    ResourceState st;
    st.physical_id = svc::string_of(out.as_object(), "AliasArn");
    st.attributes["AliasArn"] = st.physical_id;
    return st;
}

class LambdaAlias final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"AliasArn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"FunctionName", "Name"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(in, alias_input(ctx, p));
        FRESHET_TRY(out, svc::call_service(ctx, "lambda", "CreateAlias", std::move(in)));
        return state_of(out);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState&,
                                 const json::object&, const json::object& after) override {
        FRESHET_TRY(in, alias_input(ctx, after));
        FRESHET_TRY(out, svc::call_service(ctx, "lambda", "UpdateAlias", std::move(in)));
        return state_of(out);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState&,
                        const json::object& p) override {
        auto r = svc::call_service(ctx, "lambda", "DeleteAlias",
                                   {{"FunctionName", svc::string_of(p, "FunctionName")},
                                    {"Name", svc::string_of(p, "Name")}});
        if (!r.ok() && !svc::is_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_lambda_alias_provider() {
    return std::make_unique<LambdaAlias>();
}

}  // namespace freshet::stacks
