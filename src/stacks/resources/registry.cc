#include <algorithm>
#include <map>
#include <string>

#include "stacks/resources/factories.h"
#include "stacks/resources/provider.h"

namespace freshet::stacks {

namespace {

using Registry = std::map<std::string, std::unique_ptr<Provider>, std::less<>>;

const Registry& registry() {
    static const Registry r = [] {
        Registry m;
        m.emplace("AWS::Kinesis::Stream", make_kinesis_stream_provider());
        m.emplace("AWS::DynamoDB::Table", make_dynamodb_table_provider());
        m.emplace("AWS::Lambda::Function", make_lambda_function_provider());
        m.emplace("AWS::Lambda::EventSourceMapping", make_lambda_event_source_mapping_provider());
        m.emplace("AWS::Lambda::Permission", make_lambda_permission_provider());
        m.emplace("AWS::Lambda::Version", make_lambda_version_provider());
        m.emplace("AWS::Lambda::Alias", make_lambda_alias_provider());
        m.emplace("AWS::Logs::LogGroup", make_logs_log_group_provider());
        m.emplace("AWS::S3::Bucket", make_s3_bucket_provider());
        m.emplace("AWS::IAM::Role", make_iam_role_provider());
        m.emplace("AWS::IAM::Policy", make_iam_policy_provider());
        m.emplace("AWS::IAM::ManagedPolicy", make_iam_managed_policy_provider());
        m.emplace("AWS::IAM::User", make_iam_user_provider());
        m.emplace("AWS::IAM::Group", make_iam_group_provider());
        m.emplace("AWS::IAM::AccessKey", make_iam_access_key_provider());
        m.emplace("AWS::CloudFormation::CustomResource", make_custom_resource_provider());
        return m;
    }();
    return r;
}

}  // namespace

Provider* find_provider(std::string_view type) {
    if (type.substr(0, 8) == "Custom::") type = "AWS::CloudFormation::CustomResource";
    auto it = registry().find(type);
    return it == registry().end() ? nullptr : it->second.get();
}

std::vector<std::string> supported_types() {
    std::vector<std::string> out;
    for (const auto& [type, provider] : registry()) out.push_back(type);
    out.push_back("Custom::*");
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace freshet::stacks
