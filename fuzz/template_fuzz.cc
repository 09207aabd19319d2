// CloudFormation templates: any bytes go through parsing (YAML or JSON), validation, the SAM
// transform, parameters, conditions and every intrinsic function without crashing or hanging.
#include <boost/json.hpp>

#include "stacks/sam/transform.h"
#include "stacks/template/intrinsics.h"
#include "stacks/template/parameters.h"
#include "stacks/template/parse.h"
#include "stacks/template/validate.h"

using namespace freshet;
using namespace freshet::stacks;
namespace json = boost::json;

namespace {

// Every resource exists and answers any attribute with a string.
class AnyResource final : public ResourceValues {
  public:
    Result<json::value> ref(const std::string& id) const override { return json::value(id); }
    Result<json::value> get_att(const std::string& id, const std::string& a) const override {
        return json::value(id + "." + a);
    }
    Result<json::value> import_value(const std::string& name) const override {
        return json::value(name);
    }
};

std::optional<std::vector<std::string>> any_type(std::string_view) {
    return std::vector<std::string>{"*"};
}

void evaluate_all(const json::object& tmpl) {
    auto params = resolve_parameters(tmpl, {});
    if (!params.ok()) return;
    AnyResource resources;
    EvalContext ctx;
    if (const json::value* m = tmpl.if_contains("Mappings"); m && m->is_object())
        ctx.mappings = &m->get_object();
    ctx.parameters = &params.value();
    auto conditions = evaluate_conditions(tmpl, ctx);
    if (!conditions.ok()) return;
    ctx.conditions = &conditions.value();
    ctx.resources = &resources;
    for (const char* section : {"Resources", "Outputs"}) {
        const json::value* s = tmpl.if_contains(section);
        if (!s || !s->is_object()) continue;
        for (const auto& [id, v] : s->get_object()) (void)evaluate(v, ctx);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto tmpl = parse_template(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!tmpl.ok()) return 0;
    json::object processed = tmpl.value();
    if (uses_sam(processed)) {
        auto out = sam_transform(processed, SamContext{});
        if (!out.ok()) return 0;
        processed = std::move(out.value());
    }
    if (!validate_template(processed, any_type).ok()) return 0;
    evaluate_all(processed);
    return 0;
}
