// AWS managed policy names SAM turns into ARNs in a function's Policies. SAM ships a map of
// every AWS managed policy; Freshet knows the ones its services make sense with. The path is
// part of the ARN (service-role/ for the Lambda execution roles).
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

struct ManagedPolicy {
    std::string_view name;
    std::string_view path;
};

constexpr ManagedPolicy kPolicies[] = {
    {"AWSLambdaBasicExecutionRole", "/service-role/"},
    {"AWSLambdaKinesisExecutionRole", "/service-role/"},
    {"AWSLambdaDynamoDBExecutionRole", "/service-role/"},
    {"AWSLambdaSQSQueueExecutionRole", "/service-role/"},
    {"AWSLambdaVPCAccessExecutionRole", "/service-role/"},
    {"AWSLambdaRole", "/service-role/"},
    {"AWSLambdaExecute", "/"},
    {"AWSLambda_FullAccess", "/"},
    {"AWSLambda_ReadOnlyAccess", "/"},
    {"AWSLambdaInvocation-DynamoDB", "/"},
    {"AmazonKinesisFullAccess", "/"},
    {"AmazonKinesisReadOnlyAccess", "/"},
    {"AmazonDynamoDBFullAccess", "/"},
    {"AmazonDynamoDBReadOnlyAccess", "/"},
    {"AmazonS3FullAccess", "/"},
    {"AmazonS3ReadOnlyAccess", "/"},
    {"AmazonSQSFullAccess", "/"},
    {"AmazonSNSFullAccess", "/"},
    {"CloudWatchLogsFullAccess", "/"},
    {"CloudWatchLogsReadOnlyAccess", "/"},
    {"CloudWatchFullAccess", "/"},
    {"AWSXrayWriteOnlyAccess", "/"},
    {"AWSXRayDaemonWriteAccess", "/"},
    {"AdministratorAccess", "/"},
    {"ReadOnlyAccess", "/"},
    {"IAMReadOnlyAccess", "/"},
};

}  // namespace

std::optional<std::string> aws_managed_policy_arn(std::string_view name,
                                                  std::string_view partition) {
    for (const auto& p : kPolicies)
        if (p.name == name)
            return "arn:" + std::string(partition) + ":iam::aws:policy" + std::string(p.path) +
                   std::string(p.name);
    return std::nullopt;
}

}  // namespace freshet::stacks::sam
