// The execution role SAM generates for a function without Role (sam_resources.py
// _construct_role and role_utils/role_constructor.py): trust policy for Lambda, managed
// policies (basic execution first, then X-Ray and VPC when used, then the Policies entries in
// order), inline documents named <Role>Policy<index>, then the event sources' additions.
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

json::object lambda_trust_policy() {
    return json::object{
        {"Version", "2012-10-17"},
        {"Statement",
         json::array{json::object{
             {"Action", json::array{"sts:AssumeRole"}},
             {"Effect", "Allow"},
             {"Principal", json::object{{"Service", json::array{"lambda.amazonaws.com"}}}}}}}};
}

bool is_no_value(const json::value& v) {
    return v.is_object() && v.get_object().size() == 1 && v.get_object().contains("Ref") &&
           v.get_object().at("Ref") == "AWS::NoValue";
}

bool is_statement(const json::value& v) {
    return v.is_object() && !is_intrinsic(v) && v.get_object().contains("Statement");
}

bool is_if(const json::value& v) {
    return v.is_object() && v.get_object().size() == 1 && v.get_object().contains("Fn::If") &&
           v.get_object().at("Fn::If").is_array() &&
           v.get_object().at("Fn::If").get_array().size() == 3;
}

struct RoleParts {
    json::array managed;
    json::array documents;
};

void add_managed(RoleParts& parts, json::value arn) {
    for (const auto& m : parts.managed)
        if (m == arn) return;
    parts.managed.push_back(std::move(arn));
}

// A managed policy name becomes its ARN; an ARN stays. SAM would look any other name up in
// its full map of AWS managed policies; Freshet's map is smaller, so an unknown name is
// refused rather than passed to IAM as a malformed ARN.
Result<json::value> managed_arn(const std::string& id, size_t index, const json::value& v,
                                std::string_view partition) {
    if (!v.is_string()) return v;
    std::string_view name = v.get_string();
    if (auto arn = aws_managed_policy_arn(name, partition)) return json::value(*arn);
    if (name.starts_with("arn:")) return v;
    return invalid_resource(id, "Policy '" + std::string(name) + "' at index " +
                                    std::to_string(index) +
                                    " in the 'Policies' property is not an AWS managed policy "
                                    "known to Freshet's SAM transform; give its ARN instead.");
}

// One Fn::If entry: both branches must be of one kind (or AWS::NoValue).
Result<void> add_conditional(const std::string& id, const std::string& role_id, size_t index,
                             const json::value& entry, std::string_view partition,
                             RoleParts& parts) {
    json::array branches = entry.get_object().at("Fn::If").get_array();
    bool statements = false, managed = false;
    for (size_t i = 1; i < 3; ++i) {
        if (is_no_value(branches[i])) continue;
        (is_statement(branches[i]) ? statements : managed) = true;
    }
    if (statements && managed)
        return cause(
            "Structure of the SAM template is invalid. Different policy types within the same "
            "Fn::If statement is unsupported. Separate different policy types into different "
            "Fn::If statements");
    for (size_t i = 1; i < 3; ++i) {
        if (is_no_value(branches[i])) continue;
        if (statements) {
            branches[i] = json::object{{"PolicyName", role_id + "Policy" + std::to_string(index)},
                                       {"PolicyDocument", branches[i]}};
        } else {
            FRESHET_TRY(arn, managed_arn(id, index, branches[i], partition));
            branches[i] = std::move(arn);
        }
    }
    json::value converted = json::object{{"Fn::If", std::move(branches)}};
    if (statements)
        parts.documents.push_back(std::move(converted));
    else
        add_managed(parts, std::move(converted));
    return {};
}

Result<void> add_policies(const std::string& id, const json::value& policies,
                          std::string_view partition, RoleParts& parts) {
    const std::string role_id = id + "Role";
    json::array list;
    if (policies.is_array())
        list = policies.get_array();
    else if (!policies.is_null())
        list.push_back(policies);
    for (size_t index = 0; index < list.size(); ++index) {
        const json::value& p = list[index];
        if (is_if(p)) {
            FRESHET_CHECK(add_conditional(id, role_id, index, p, partition, parts));
        } else if (p.is_string() || is_intrinsic(p)) {
            FRESHET_TRY(arn, managed_arn(id, index, p, partition));
            add_managed(parts, std::move(arn));
        } else if (is_statement(p)) {
            parts.documents.push_back(json::object{
                {"PolicyName", role_id + "Policy" + std::to_string(index)}, {"PolicyDocument", p}});
        } else {
            std::string reason = "Policy at index " + std::to_string(index) +
                                 " in the 'Policies' property is not valid";
            if (p.is_object() && p.get_object().size() == 1)
                reason += " (" +
                          not_supported("Policy template '" +
                                        std::string(p.get_object().begin()->key()) + "'") +
                          ")";
            return invalid_resource(id, reason);
        }
    }
    return {};
}

json::object dead_letter_policy(const json::object& dlq) {
    std::string_view type = dlq.at("Type").get_string();
    return json::object{
        {"PolicyName", "DeadLetterQueuePolicy"},
        {"PolicyDocument",
         json::object{
             {"Version", "2012-10-17"},
             {"Statement", json::array{json::object{
                               {"Action", type == "SQS" ? "sqs:SendMessage" : "sns:Publish"},
                               {"Resource", dlq.at("TargetArn")},
                               {"Effect", "Allow"}}}}}}};
}

}  // namespace

Result<json::object> build_role(const std::string& id, const json::object& resource,
                                const json::object& props, const Inputs& in) {
    const std::string& partition = in.ctx.partition;
    RoleParts parts;
    parts.managed.push_back(
        json::value(*aws_managed_policy_arn("AWSLambdaBasicExecutionRole", partition)));
    if (truthy(get(props, "Tracing")))
        parts.managed.push_back(json::value(*aws_managed_policy_arn(
            partition == "aws" ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess",
            partition)));
    if (truthy(get(props, "VpcConfig")))
        parts.managed.push_back(
            json::value(*aws_managed_policy_arn("AWSLambdaVPCAccessExecutionRole", partition)));
    if (const json::value* dlq = get(props, "DeadLetterQueue"))
        parts.documents.push_back(dead_letter_policy(dlq->get_object()));
    if (const json::value* policies = get(props, "Policies"))
        FRESHET_CHECK(add_policies(id, *policies, partition, parts));

    json::object p;
    const json::value* trust = get(props, "AssumeRolePolicyDocument");
    p["AssumeRolePolicyDocument"] = trust ? *trust : json::value(lambda_trust_policy());
    p["ManagedPolicyArns"] = std::move(parts.managed);
    if (!parts.documents.empty()) p["Policies"] = std::move(parts.documents);
    if (const json::value* path = get(props, "RolePath")) p["Path"] = *path;
    if (const json::value* pb = get(props, "PermissionsBoundary")) p["PermissionsBoundary"] = *pb;
    json::array tags{json::object{{"Key", "lambda:createdBy"}, {"Value", "SAM"}}};
    if (const json::value* t = get(props, "Tags"); t && t->is_object())
        for (auto& tag : tag_list(t->get_object())) tags.push_back(tag);
    p["Tags"] = std::move(tags);
    return make_resource("AWS::IAM::Role", passthrough_attributes(resource), std::move(p));
}

}  // namespace freshet::stacks::sam
