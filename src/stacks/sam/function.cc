// AWS::Serverless::Function (sam_resources.py SamFunction): the Lambda function, its
// Version and Alias for AutoPublishAlias, the execution role when Role is absent, and the
// event source mappings.
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

bool str_or_map(const json::value& v) {
    return v.is_string() || v.is_object();
}
bool is_str(const json::value& v) {
    return v.is_string();
}
bool map_of_maps(const json::value& v) {
    if (!v.is_object()) return false;
    for (const auto& kv : v.get_object())
        if (!kv.value().is_object()) return false;
    return true;
}
bool list_of_str_or_map(const json::value& v) {
    if (!v.is_array()) return false;
    for (const auto& e : v.get_array())
        if (!str_or_map(e)) return false;
    return true;
}
bool policies_shape(const json::value& v) {
    return str_or_map(v) || list_of_str_or_map(v);
}

// SamFunction.property_types, with SAM's validators.
const std::vector<PropertySpec>& function_specs() {
    static const std::vector<PropertySpec> s = {
        {"FunctionName", Check::Other, str_or_map},
        {"Handler", Check::Any},
        {"Runtime", Check::Any},
        {"CodeUri", Check::Any},
        {"ImageUri", Check::Any},
        {"PackageType", Check::Any},
        {"InlineCode", Check::Any},
        {"DeadLetterQueue", Check::Map},
        {"Description", Check::Any},
        {"MemorySize", Check::Any},
        {"Timeout", Check::Any},
        {"VpcConfig", Check::Any},
        {"Role", Check::String},
        {"AssumeRolePolicyDocument", Check::Map},
        {"Policies", Check::Other, policies_shape},
        {"RolePath", Check::Any},
        {"PermissionsBoundary", Check::String},
        {"Environment", Check::Other, map_of_maps},
        {"Events", Check::Other, map_of_maps},
        {"Tags", Check::Map},
        {"Tracing", Check::Other, str_or_map},
        {"KmsKeyArn", Check::Any},
        {"DeploymentPreference", Check::Map},
        {"ReservedConcurrentExecutions", Check::Any},
        {"Layers", Check::Other, list_of_str_or_map},
        {"EventInvokeConfig", Check::Map},
        {"EphemeralStorage", Check::Any},
        {"AutoPublishAlias", Check::Other, is_str},
        {"AutoPublishCodeSha256", Check::Other, is_str},
        {"AutoPublishAliasAllProperties", Check::Bool},
        {"VersionDescription", Check::Any},
        {"ProvisionedConcurrencyConfig", Check::Any},
        {"FileSystemConfigs", Check::Any},
        {"ImageConfig", Check::Any},
        {"CodeSigningConfigArn", Check::Any},
        {"Architectures", Check::Any},
        {"SnapStart", Check::Map},
        {"FunctionUrlConfig", Check::Map},
        {"RuntimeManagementConfig", Check::Any},
        {"LoggingConfig", Check::Any},
        {"RecursiveLoop", Check::Any},
        {"SourceKMSKeyArn", Check::Any},
        {"PropagateTags", Check::Bool},
    };
    return s;
}

// Features SAM has that this transform does not generate: refused, never dropped.
Result<void> check_unsupported(const std::string& id, const json::object& props) {
    for (const char* name : {"DeploymentPreference", "EventInvokeConfig", "FunctionUrlConfig"})
        if (get(props, name))
            return invalid_resource(id, not_supported("Property '" + std::string(name) + "'"));
    for (const char* name : {"AutoPublishAliasAllProperties", "PropagateTags"})
        if (const json::value* v = get(props, name); v && !(v->is_bool() && !v->get_bool()))
            return invalid_resource(id, not_supported("Property '" + std::string(name) + "'"));
    return {};
}

Result<void> check_dead_letter_queue(const std::string& id, const json::object& props) {
    const json::value* dlq = get(props, "DeadLetterQueue");
    if (!dlq) return {};
    const json::object& o = dlq->get_object();
    const json::value* type = get(o, "Type");
    const json::value* target = get(o, "TargetArn");
    if (!type || (type->is_string() && type->get_string().empty()) || !target)
        return invalid_resource(
            id, "'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
    if (!type->is_string())
        return invalid_resource(id, "Property 'DeadLetterQueue.Type' should be a string.");
    if (type->get_string() != "SQS" && type->get_string() != "SNS")
        return invalid_resource(id, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
    return {};
}

// Function tags: SAM's own tag first, then the template's (reserved keys refused).
Result<json::array> function_tags(const std::string& id, const json::object& props) {
    json::array tags{json::object{{"Key", "lambda:createdBy"}, {"Value", "SAM"}}};
    const json::value* t = get(props, "Tags");
    if (!t || !t->is_object()) return tags;
    for (const char* reserved :
         {"lambda:createdBy", "serverlessrepo:applicationId", "serverlessrepo:semanticVersion"})
        if (t->get_object().contains(reserved))
            return invalid_resource(id, std::string(reserved) +
                                            " is a reserved Tag key name and cannot be set on "
                                            "your resource. Please change the tag key in the "
                                            "input.");
    for (auto& tag : tag_list(t->get_object())) tags.push_back(tag);
    return tags;
}

Result<void> check_package_type(const std::string& id, const json::object& props) {
    const json::value* pt = get(props, "PackageType");
    if (pt && *pt == "Image") {
        if (get(props, "Handler") || get(props, "Runtime") || get(props, "Layers"))
            return invalid_resource(id,
                                    "Runtime, Handler, Layers cannot be present when "
                                    "PackageType is of type `Image`");
        return {};
    }
    if (!get(props, "Runtime") || !get(props, "Handler"))
        return invalid_resource(
            id, "Runtime and Handler needs to be present when PackageType is of type `Zip`");
    if (get(props, "ImageConfig"))
        return invalid_resource(
            id, "ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`");
    return {};
}

Result<json::object> lambda_properties(const std::string& id, const json::object& props) {
    FRESHET_TRY(code, code_property(id, props));
    FRESHET_TRY(tags, function_tags(id, props));
    FRESHET_CHECK(check_package_type(id, props));
    json::object p;
    for (const char* key : {"FunctionName", "Handler", "Runtime", "Description", "MemorySize",
                            "Timeout", "VpcConfig", "Role", "Environment"})
        if (const json::value* v = get(props, key)) p[key] = *v;
    p["Code"] = std::move(code);
    for (const char* key : {"KmsKeyArn", "ReservedConcurrentExecutions"})
        if (const json::value* v = get(props, key)) p[key] = *v;
    p["Tags"] = std::move(tags);
    for (const char* key : {"Layers", "FileSystemConfigs", "ImageConfig", "PackageType",
                            "Architectures", "SnapStart", "EphemeralStorage"})
        if (const json::value* v = get(props, key)) p[key] = *v;
    if (const json::value* t = get(props, "Tracing"); truthy(t))
        p["TracingConfig"] = json::object{{"Mode", *t}};
    if (const json::value* d = get(props, "DeadLetterQueue"))
        p["DeadLetterConfig"] = json::object{{"TargetArn", d->get_object().at("TargetArn")}};
    for (const char* key : {"CodeSigningConfigArn", "RuntimeManagementConfig", "LoggingConfig",
                            "RecursiveLoop", "SourceKMSKeyArn"})
        if (const json::value* v = get(props, key)) p[key] = *v;
    return p;
}

// A property SAM resolves itself: a string, or a Ref to a template parameter holding one.
std::optional<std::string> resolved_string(const json::value& v, const json::object& params) {
    json::value r = resolve_parameter_refs(v, params);
    if (!r.is_string()) return std::nullopt;
    return std::string(r.get_string());
}

// SAM's Version logical id: <Function>Version + the first 10 hex digits of the SHA-1 of the
// code location (parameter Refs resolved), Environment and MemorySize (and SnapStart when
// applied), serialized as Python's json.dumps(sort_keys=True); or of AutoPublishCodeSha256.
std::string version_id(const std::string& id, const json::object& fn, const json::object& props,
                       const std::optional<std::string>& code_sha256, const json::object& params) {
    if (code_sha256 && !code_sha256->empty()) return id + "Version" + code_sha256->substr(0, 10);
    json::object data = resolve_parameter_refs(fn.at("Code"), params).as_object();
    if (const json::value* env = get(fn, "Environment"); env && env->is_object())
        for (const auto& kv : env->get_object()) data[kv.key()] = kv.value();
    if (const json::value* m = get(fn, "MemorySize");
        m && !(m->is_number() && m->to_number<double>() == 0))
        data["MemorySize"] = *m;
    if (const json::value* s = get(props, "SnapStart"); s && s->is_object()) {
        const json::value* apply = s->get_object().if_contains("ApplyOn");
        if (!(apply == nullptr || *apply == "None")) data["SnapStart"] = *s;
    }
    return id + "Version" + sha1_hex(python_json(data)).substr(0, 10);
}

struct AliasParts {
    std::string version_id, alias_id;
};

Result<std::optional<AliasParts>> publish_alias(const std::string& id, const json::object& resource,
                                                const json::object& props, const json::object& fn,
                                                const Inputs& in, Generated& out) {
    const json::value* alias = get(props, "AutoPublishAlias");
    if (!alias) {
        if (get(props, "ProvisionedConcurrencyConfig"))
            return invalid_resource(id,
                                    "To set ProvisionedConcurrencyConfig AutoPublishALias "
                                    "must be defined on the function");
        return std::optional<AliasParts>();
    }
    auto name = resolved_string(*alias, in.params);
    if (!name)
        return invalid_resource(id,
                                "'AutoPublishAlias' must be a string or a Ref to a template "
                                "parameter");
    std::optional<std::string> sha;
    if (const json::value* s = get(props, "AutoPublishCodeSha256")) {
        sha = resolved_string(*s, in.params);
        if (!sha) return invalid_resource(id, "AutoPublishCodeSha256 must be a string");
    }
    AliasParts parts{version_id(id, fn, props, sha, in.params), id + "Alias" + *name};
    if (name->empty()) return invalid_resource(id, "Alias name is required to create an alias");
    for (char c : parts.alias_id)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            return invalid_resource(parts.alias_id, "Logical ids must be alphanumeric.");

    json::object version_attrs = passthrough_attributes(resource);
    if (!version_attrs.contains("DeletionPolicy")) version_attrs["DeletionPolicy"] = "Retain";
    json::object vp{{"FunctionName", json::object{{"Ref", id}}}};
    if (const json::value* d = get(props, "VersionDescription")) vp["Description"] = *d;
    if (const json::value* r = get(props, "RuntimeManagementConfig"))
        vp["RuntimeManagementConfig"] = *r;
    out.emplace_back(parts.version_id,
                     make_resource("AWS::Lambda::Version", version_attrs, std::move(vp)));

    json::object ap{{"Name", *name},
                    {"FunctionName", json::object{{"Ref", id}}},
                    {"FunctionVersion",
                     json::object{{"Fn::GetAtt", json::array{parts.version_id, "Version"}}}}};
    if (const json::value* pc = get(props, "ProvisionedConcurrencyConfig"))
        ap["ProvisionedConcurrencyConfig"] = *pc;
    out.emplace_back(
        parts.alias_id,
        make_resource("AWS::Lambda::Alias", passthrough_attributes(resource), std::move(ap)));
    return std::optional<AliasParts>(std::move(parts));
}

}  // namespace

Result<Generated> translate_function(const std::string& id, const json::object& resource,
                                     const Inputs& in) {
    json::object props;
    if (const json::value* p = resource.if_contains("Properties")) {
        if (!p->is_object())
            return invalid_resource(id, "Properties of a resource must be an object.");
        props = p->get_object();
    }
    // SAM's plugin turns policy templates into statements before the resource is read.
    if (const json::value* policies = get(props, "Policies")) {
        FRESHET_TRY(expanded, expand_policy_templates(id, *policies));
        props["Policies"] = std::move(expanded);
    }
    FRESHET_CHECK(check_properties(id, "AWS::Serverless::Function", props, function_specs()));
    FRESHET_TRY(events, parse_events(id, props));
    FRESHET_CHECK(check_unsupported(id, props));
    FRESHET_CHECK(check_dead_letter_queue(id, props));
    FRESHET_TRY(fn, lambda_properties(id, props));

    Generated out;
    out.emplace_back(id, json::object{});  // the function, filled in below
    FRESHET_TRY(alias, publish_alias(id, resource, props, fn, in, out));

    std::optional<json::object> role;
    if (!get(props, "Role")) {
        FRESHET_TRY(r, build_role(id, resource, props, in));
        role = std::move(r);
        fn["Role"] = json::object{{"Fn::GetAtt", json::array{id + "Role", "Arn"}}};
    }
    json::value target = json::object{{"Ref", alias ? alias->alias_id : id}};
    FRESHET_TRY(mappings, event_mappings(id, events, target, passthrough_attributes(resource),
                                         role ? &*role : nullptr, in.ctx.partition));
    out.front().second =
        make_resource("AWS::Lambda::Function", main_attributes(resource), std::move(fn));
    if (role) out.emplace_back(id + "Role", std::move(*role));
    for (auto& m : mappings) out.push_back(std::move(m));
    return out;
}

}  // namespace freshet::stacks::sam
