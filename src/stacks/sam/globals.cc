// The Globals section (samtranslator/plugins/globals/globals.py): which properties each
// section accepts, SAM's error texts, and its merge rule.
#include <algorithm>

#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

struct Section {
    const char* name;
    std::vector<std::string> properties;  // in SAM's order, which its error message shows
};

// SAM's supported_properties, without the names it hides as unreleased
// (RuntimeManagementConfig, RecursiveLoop, SourceKMSKeyArn are accepted but not listed).
const std::vector<Section>& sections() {
    static const std::vector<Section> s = {
        {"Function",
         {"Handler",
          "Runtime",
          "CodeUri",
          "DeadLetterQueue",
          "Description",
          "MemorySize",
          "Timeout",
          "VpcConfig",
          "Environment",
          "Tags",
          "PropagateTags",
          "Tracing",
          "KmsKeyArn",
          "AutoPublishAlias",
          "AutoPublishAliasAllProperties",
          "Layers",
          "DeploymentPreference",
          "RolePath",
          "PermissionsBoundary",
          "ReservedConcurrentExecutions",
          "ProvisionedConcurrencyConfig",
          "AssumeRolePolicyDocument",
          "EventInvokeConfig",
          "FileSystemConfigs",
          "CodeSigningConfigArn",
          "Architectures",
          "SnapStart",
          "EphemeralStorage",
          "FunctionUrlConfig",
          "LoggingConfig"}},
        {"Api",
         {"Auth",
          "Name",
          "DefinitionUri",
          "CacheClusterEnabled",
          "CacheClusterSize",
          "MergeDefinitions",
          "Variables",
          "EndpointConfiguration",
          "MethodSettings",
          "BinaryMediaTypes",
          "MinimumCompressionSize",
          "Cors",
          "GatewayResponses",
          "AccessLogSetting",
          "CanarySetting",
          "TracingEnabled",
          "OpenApiVersion",
          "Domain",
          "AlwaysDeploy",
          "PropagateTags"}},
        {"HttpApi",
         {"Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration",
          "DefaultRouteSettings", "Domain", "RouteSettings", "FailOnWarnings", "PropagateTags"}},
        {"SimpleTable", {"SSESpecification"}},
        {"StateMachine", {"PropagateTags"}},
        {"LayerVersion", {"PublishLambdaVersion"}},
    };
    return s;
}

bool hidden_function_property(std::string_view key) {
    return key == "RuntimeManagementConfig" || key == "RecursiveLoop" || key == "SourceKMSKeyArn";
}

ApiError invalid_globals(const std::string& message) {
    return cause("'Globals' section is invalid. " + message);
}

}  // namespace

Result<json::object> parse_globals(const json::value& globals) {
    if (!globals.is_object()) return invalid_globals("It must be a non-empty dictionary");
    std::vector<std::string> names;
    for (const auto& s : sections()) names.push_back(s.name);
    std::sort(names.begin(), names.end());

    json::object out;
    for (const auto& kv : globals.get_object()) {
        const Section* section = nullptr;
        for (const auto& s : sections())
            if (kv.key() == s.name) section = &s;
        if (!section) {
            std::string msg = "'";
            msg.append(kv.key());
            msg += "' is not supported. Must be one of the following values - ";
            msg += python_list(names);
            return invalid_globals(msg);
        }
        // SAM's text, placeholder and all.
        if (!kv.value().is_object())
            return invalid_globals("Value of ${section} must be a dictionary");
        for (const auto& prop : kv.value().get_object()) {
            const auto& allowed = section->properties;
            bool ok = std::find(allowed.begin(), allowed.end(), prop.key()) != allowed.end() ||
                      (kv.key() == "Function" && hidden_function_property(prop.key()));
            if (!ok) {
                std::string msg = "'";
                msg.append(prop.key());
                msg += "' is not a supported property of '";
                msg.append(kv.key());
                msg += "'. Must be one of the following values - ";
                msg += python_list(allowed);
                return invalid_globals(msg);
            }
        }
        out[std::string("AWS::Serverless::") + std::string(kv.key())] = kv.value();
    }
    return out;
}

json::value merge_globals(const json::value& global, const json::value& local) {
    auto kind = [](const json::value& v) {
        if (v.is_object() && !is_intrinsic(v)) return 1;  // map
        if (v.is_array()) return 2;                       // list
        return 0;                                         // primitive (intrinsics too)
    };
    int g = kind(global), l = kind(local);
    if (g != l || g == 0) return local;
    if (g == 2) {
        json::array out = global.get_array();
        for (const auto& e : local.get_array()) out.push_back(e);
        return out;
    }
    json::object out = global.get_object();
    for (const auto& kv : local.get_object()) {
        if (const json::value* gv = out.if_contains(kv.key()))
            out[kv.key()] = merge_globals(*gv, kv.value());
        else
            out[kv.key()] = kv.value();
    }
    return out;
}

}  // namespace freshet::stacks::sam
