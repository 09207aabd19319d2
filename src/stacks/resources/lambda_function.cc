// AWS::Lambda::Function: CreateFunction, then ReservedConcurrentExecutions
// (PutFunctionConcurrency); waits until the function's State is Active. Code is {S3Bucket,
// S3Key, S3ObjectVersion} or {ZipFile: source text}, which CloudFormation zips as index.js or
// index.py with the cfn-response module (service_zip.h). Replacement: FunctionName (and
// PackageType). In place: Code (UpdateFunctionCode), the configuration
// (UpdateFunctionConfiguration; a removed setting goes back to Lambda's default),
// ReservedConcurrentExecutions, Tags. Ref is the name, GetAtt Arn the function's ARN.
// Passed to Lambda, which reports but does not act on them: Architectures, TracingConfig,
// VpcConfig, KmsKeyArn, EphemeralStorage. Refused: Layers, FileSystemConfigs,
// DeadLetterConfig, ImageConfig, Code.ImageUri, SnapStart, CodeSigningConfigArn.
#include <boost/json.hpp>

#include "core/encoding.h"
#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"
#include "stacks/resources/service_zip.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

// Configuration members and the value Lambda gives them when they are not set.
const std::vector<std::pair<std::string_view, json::value>>& config_defaults() {
    static const std::vector<std::pair<std::string_view, json::value>> d = {
        {"Description", ""},
        {"MemorySize", 128},
        {"Timeout", 3},
        {"Environment", json::object{{"Variables", json::object{}}}},
        {"TracingConfig", json::object{{"Mode", "PassThrough"}}},
    };
    return d;
}

const std::initializer_list<std::string_view> kPassed = {
    "Runtime",       "Handler",   "Role",      "Description",     "Environment",
    "TracingConfig", "VpcConfig", "KmsKeyArn", "EphemeralStorage"};

Result<void> check_unsupported(const ResourceContext& ctx, const json::object& p) {
    FRESHET_CHECK(svc::refuse(ctx, p,
                              {"FileSystemConfigs", "DeadLetterConfig", "ImageConfig", "SnapStart",
                               "CodeSigningConfigArn"}));
    if (const json::value* l = p.if_contains("Layers");
        l && l->is_array() && !l->get_array().empty())
        return property_error(ctx.logical_id,
                              "#/Layers: Lambda layers are not supported by Freshet");
    if (const json::value* c = p.if_contains("Code"); c && c->is_object())
        FRESHET_CHECK(svc::refuse(ctx, c->get_object(), {"ImageUri"}));
    return Ok{};
}

// The Code member of CreateFunction, or the code members of UpdateFunctionCode (`flat`).
Result<json::object> code_input(const ResourceContext& ctx, const json::object& p) {
    const json::value* code = p.if_contains("Code");
    if (!code || !code->is_object())
        return property_error(ctx.logical_id, "#: required key [Code] not found");
    const json::object& c = code->get_object();
    json::object out;
    if (const json::value* source = c.if_contains("ZipFile"); source && !source->is_null()) {
        FRESHET_TRY(text, get_string(ctx, c, "ZipFile"));
        auto files =
            svc::inline_code_files(svc::string_of(p, "Runtime"), text.value_or(std::string()));
        if (files.empty()) {
            return property_error(ctx.logical_id,
                                  "#/Code/ZipFile: inline code (ZipFile) is supported for Node.js "
                                  "and Python runtimes only");
        }
        FRESHET_TRY(zip, svc::make_zip(files));
        out["ZipFile"] = base64_encode(zip);
        return out;
    }
    for (auto key : {"S3Bucket", "S3Key", "S3ObjectVersion"}) svc::copy_value(c, out, key);
    return out;
}

json::object config_input(const json::object& p) {
    json::object in;
    for (auto key : kPassed) svc::copy_value(p, in, key);
    for (auto key : {"MemorySize", "Timeout"}) svc::copy_int(p, in, key);
    svc::copy_value(p, in, "Architectures");
    return in;
}

Result<json::object> configuration(const ResourceContext& ctx, const std::string& name) {
    FRESHET_TRY(out, svc::call_service(ctx, "lambda", "GetFunctionConfiguration",
                                       {{"FunctionName", name}}));
    return std::move(out.as_object());
}

Result<void> wait_active(const ResourceContext& ctx, const std::string& name) {
    return svc::wait_until(ctx, "Function " + name, [&]() -> Result<bool> {
        FRESHET_TRY(c, configuration(ctx, name));
        if (svc::string_of(c, "State") == "Failed" ||
            svc::string_of(c, "LastUpdateStatus") == "Failed")
            return ApiError{"NotStabilized",
                            "Function " + name + " failed: " + svc::string_of(c, "StateReason"),
                            400};
        return svc::string_of(c, "State") == "Active" &&
               svc::string_of(c, "LastUpdateStatus") != "InProgress";
    });
}

Result<void> set_concurrency(const ResourceContext& ctx, const std::string& name,
                             const json::object& p, bool creating) {
    FRESHET_TRY(reserved, get_int(ctx, p, "ReservedConcurrentExecutions"));
    if (reserved) {
        FRESHET_CHECK(svc::call_service(
            ctx, "lambda", "PutFunctionConcurrency",
            {{"FunctionName", name}, {"ReservedConcurrentExecutions", *reserved}}));
    } else if (!creating) {
        FRESHET_CHECK(svc::call_service(ctx, "lambda", "DeleteFunctionConcurrency",
                                        {{"FunctionName", name}}));
    }
    return Ok{};
}

Result<void> set_tags(const ResourceContext& ctx, const std::string& arn,
                      const json::object& before, const json::object& after) {
    svc::TagChanges c = svc::tag_changes(before, after);
    if (!c.removed.empty()) {
        json::array keys;
        for (const auto& k : c.removed) keys.emplace_back(k);
        FRESHET_CHECK(svc::call_service(ctx, "lambda", "UntagResource",
                                        {{"Resource", arn}, {"TagKeys", std::move(keys)}}));
    }
    if (!c.set.empty()) {
        FRESHET_CHECK(
            svc::call_service(ctx, "lambda", "TagResource", {{"Resource", arn}, {"Tags", c.set}}));
    }
    return Ok{};
}

ResourceState state_of(const std::string& name, const json::object& config) {
    ResourceState st;
    st.physical_id = name;
    st.attributes["Arn"] = config.at("FunctionArn");
    return st;
}

class LambdaFunction final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"FunctionName", "PackageType"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(check_unsupported(ctx, p));
        FRESHET_TRY(name_prop, get_string(ctx, p, "FunctionName"));
        FRESHET_TRY(tags, tags_as_map(ctx, p));
        std::string name = name_prop ? *name_prop : physical_name(ctx, 64);
        FRESHET_TRY(code, code_input(ctx, p));
        json::object in = config_input(p);
        in["FunctionName"] = name;
        in["Code"] = std::move(code);
        svc::copy_value(p, in, "PackageType");
        if (!tags.empty()) in["Tags"] = tags;
        if (!name_prop) reserve_physical_id(ctx, name);
        FRESHET_TRY(created, svc::call_service(ctx, "lambda", "CreateFunction", std::move(in)));
        claim_physical_id(ctx, name);
        FRESHET_CHECK(wait_active(ctx, name));
        FRESHET_CHECK(set_concurrency(ctx, name, p, true));
        return state_of(name, created.as_object());
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(check_unsupported(ctx, after));
        const std::string& name = current.physical_id;
        if (changed(before, after, {"Code"})) {
            FRESHET_TRY(code, code_input(ctx, after));
            code["FunctionName"] = name;
            FRESHET_CHECK(svc::call_service(ctx, "lambda", "UpdateFunctionCode", std::move(code)));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        if (changed(before, after, kPassed) ||
            changed(before, after, {"MemorySize", "Timeout", "Architectures"})) {
            json::object in = config_input(after);
            for (const auto& [key, value] : config_defaults())
                if (!in.contains(key)) in[key] = value;
            in["FunctionName"] = name;
            FRESHET_CHECK(
                svc::call_service(ctx, "lambda", "UpdateFunctionConfiguration", std::move(in)));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        if (changed(before, after, {"ReservedConcurrentExecutions"}))
            FRESHET_CHECK(set_concurrency(ctx, name, after, false));
        FRESHET_TRY(config, configuration(ctx, name));
        FRESHET_TRY(old_tags, tags_as_map(ctx, before));
        FRESHET_TRY(new_tags, tags_as_map(ctx, after));
        FRESHET_CHECK(set_tags(ctx, svc::string_of(config, "FunctionArn"), old_tags, new_tags));
        return state_of(name, config);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        const std::string& name = current.physical_id;
        return svc::delete_and_wait(ctx, "lambda", "DeleteFunction", {{"FunctionName", name}},
                                    "function " + name, [&] { return configuration(ctx, name); });
    }
};

}  // namespace

std::unique_ptr<Provider> make_lambda_function_provider() {
    return std::make_unique<LambdaFunction>();
}

}  // namespace freshet::stacks
