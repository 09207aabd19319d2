// The providers, one file each (<type>.cc), and the factory each file defines.
#pragma once

#include <memory>

#include "stacks/resources/provider.h"

namespace freshet::stacks {

std::unique_ptr<Provider> make_kinesis_stream_provider();   // AWS::Kinesis::Stream
std::unique_ptr<Provider> make_dynamodb_table_provider();   // AWS::DynamoDB::Table
std::unique_ptr<Provider> make_lambda_function_provider();  // AWS::Lambda::Function
std::unique_ptr<Provider>
make_lambda_event_source_mapping_provider();                   // AWS::Lambda::EventSourceMapping
std::unique_ptr<Provider> make_lambda_permission_provider();   // AWS::Lambda::Permission
std::unique_ptr<Provider> make_lambda_version_provider();      // AWS::Lambda::Version
std::unique_ptr<Provider> make_lambda_alias_provider();        // AWS::Lambda::Alias
std::unique_ptr<Provider> make_logs_log_group_provider();      // AWS::Logs::LogGroup
std::unique_ptr<Provider> make_s3_bucket_provider();           // AWS::S3::Bucket
std::unique_ptr<Provider> make_iam_role_provider();            // AWS::IAM::Role
std::unique_ptr<Provider> make_iam_policy_provider();          // AWS::IAM::Policy
std::unique_ptr<Provider> make_iam_managed_policy_provider();  // AWS::IAM::ManagedPolicy
std::unique_ptr<Provider> make_iam_user_provider();            // AWS::IAM::User
std::unique_ptr<Provider> make_iam_group_provider();           // AWS::IAM::Group
std::unique_ptr<Provider> make_iam_access_key_provider();      // AWS::IAM::AccessKey
std::unique_ptr<Provider> make_custom_resource_provider();  // AWS::CloudFormation::CustomResource

}  // namespace freshet::stacks
