// The documents are AWS's (docs.aws.amazon.com/aws-managed-policy/latest/reference/), as
// noted per policy; where a policy grants many unrelated services' actions the table keeps
// the part that concerns Freshet's services and says so (docs/compatibility/iam.md).
#include "iam/aws_managed.h"

#include <algorithm>

namespace freshet::iam {
namespace {

struct Builtin {
    const char* name;
    const char* path;
    const char* version;
    const char* description;
    const char* document;
};

// Verbatim unless marked "abridged".
const Builtin kBuiltins[] = {
    {"AdministratorAccess", "/", "v1", "Provides full access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    // Abridged: AWS's ReadOnlyAccess lists read actions of every service; this keeps those of
    // the services Freshet implements (and S3, CloudWatch Logs).
    {"ReadOnlyAccess", "/", "v1", "Provides read-only access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlyActions","Effect":"Allow","Action":[)"
     R"("cloudformation:Describe*","cloudformation:Get*","cloudformation:List*",)"
     R"("dynamodb:BatchGet*","dynamodb:Describe*","dynamodb:Get*","dynamodb:List*",)"
     R"("dynamodb:Query","dynamodb:Scan","iam:Generate*","iam:Get*","iam:List*",)"
     R"("iam:Simulate*","kinesis:Describe*","kinesis:Get*","kinesis:List*",)"
     R"("lambda:Get*","lambda:List*","logs:Describe*","logs:FilterLogEvents","logs:Get*",)"
     R"("logs:ListTagsLogGroup","logs:StartQuery","logs:StopQuery","logs:TestMetricFilter",)"
     R"("s3:Describe*","s3:Get*","s3:List*","sts:GetCallerIdentity"],"Resource":"*"}]})"},
    {"AmazonKinesisFullAccess", "/", "v1",
     "Provides full access to all streams via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]})"},
    {"AmazonKinesisReadOnlyAccess", "/", "v1",
     "Provides read only access to all streams via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:Get*","kinesis:List*","kinesis:Describe*"],"Resource":"*"}]})"},
    // Abridged: AWS's version also grants the console's helpers (CloudWatch alarms, Data
    // Pipeline, EC2 and SNS reads, KMS aliases, resource groups, service-linked roles).
    {"AmazonDynamoDBFullAccess", "/", "v1",
     "Provides full access to Amazon DynamoDB via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Action":["dynamodb:*","dax:*",)"
     R"("application-autoscaling:DeleteScalingPolicy","application-autoscaling:DeregisterScalableTarget",)"
     R"("application-autoscaling:DescribeScalableTargets","application-autoscaling:DescribeScalingActivities",)"
     R"("application-autoscaling:DescribeScalingPolicies","application-autoscaling:PutScalingPolicy",)"
     R"("application-autoscaling:RegisterScalableTarget","cloudwatch:DescribeAlarms",)"
     R"("cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics","iam:GetRole","iam:ListRoles",)"
     R"("kms:DescribeKey","kms:ListAliases","lambda:CreateFunction","lambda:ListFunctions",)"
     R"("lambda:ListEventSourceMappings","lambda:CreateEventSourceMapping",)"
     R"("lambda:DeleteEventSourceMapping","lambda:GetFunctionConfiguration",)"
     R"("lambda:DeleteFunction"],"Effect":"Allow","Resource":"*"},)"
     R"({"Action":"iam:PassRole","Effect":"Allow","Resource":"*","Condition":{"StringLike":)"
     R"({"iam:PassedToService":["application-autoscaling.amazonaws.com","application-autoscaling.amazonaws.com.cn","dax.amazonaws.com"]}}}]})"},
    // AWS's version 2 (2015-11-11).
    {"AmazonDynamoDBReadOnlyAccess", "/", "v2",
     "Provides read only access to Amazon DynamoDB via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Action":["cloudwatch:DescribeAlarmHistory",)"
     R"("cloudwatch:DescribeAlarms","cloudwatch:DescribeAlarmsForMetric","cloudwatch:GetMetricStatistics",)"
     R"("cloudwatch:ListMetrics","datapipeline:DescribeObjects","datapipeline:DescribePipelines",)"
     R"("datapipeline:GetPipelineDefinition","datapipeline:ListPipelines","datapipeline:QueryObjects",)"
     R"("dynamodb:BatchGetItem","dynamodb:DescribeTable","dynamodb:GetItem","dynamodb:ListTables",)"
     R"("dynamodb:Query","dynamodb:Scan","dynamodb:DescribeReservedCapacity",)"
     R"("dynamodb:DescribeReservedCapacityOfferings","sns:ListSubscriptionsByTopic","sns:ListTopics",)"
     R"("lambda:ListFunctions","lambda:ListEventSourceMappings","lambda:GetFunctionConfiguration"],)"
     R"("Effect":"Allow","Resource":"*"}]})"},
    {"AWSLambdaBasicExecutionRole", "/service-role/", "v1",
     "Provides write permissions to CloudWatch Logs.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaKinesisExecutionRole", "/service-role/", "v2",
     "Provides list and read access to Kinesis streams and write permissions to CloudWatch logs.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:DescribeStream",)"
     R"("kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator",)"
     R"("kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard","logs:CreateLogGroup",)"
     R"("logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaDynamoDBExecutionRole", "/service-role/", "v1",
     "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream",)"
     R"("dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams",)"
     R"("logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambda_FullAccess", "/", "v1",
     "Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS "
     "services.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks",)"
     R"("cloudformation:ListStackResources","cloudwatch:ListMetrics","cloudwatch:GetMetricData",)"
     R"("ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:ListAliases",)"
     R"("iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy",)"
     R"("iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:*",)"
     R"("logs:DescribeLogGroups","states:DescribeStateMachine","states:ListStateMachines",)"
     R"("tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},)"
     R"({"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":)"
     R"({"iam:PassedToService":"lambda.amazonaws.com"}}},{"Effect":"Allow","Action":)"
     R"(["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents"],)"
     R"("Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}]})"},
    {"CloudWatchLogsFullAccess", "/", "v1", "Provides full access to CloudWatch Logs",
     R"({"Version":"2012-10-17","Statement":[{"Action":["logs:*"],"Effect":"Allow","Resource":"*"}]})"},
    {"AmazonS3FullAccess", "/", "v2",
     "Provides full access to all buckets via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]})"},
    {"AmazonS3ReadOnlyAccess", "/", "v3",
     "Provides read only access to all buckets via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*",)"
     R"("s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]})"},
};

std::vector<store::ManagedPolicy> build() {
    std::vector<store::ManagedPolicy> out;
    // AWS managed policies predate every account; a fixed date keeps answers stable.
    const TimePoint created = from_epoch_millis(1423248000000);  // 2015-02-06
    for (const auto& b : kBuiltins) {
        store::ManagedPolicy p;
        p.name = b.name;
        p.path = b.path;
        p.arn = std::string("arn:aws:iam::aws:policy") + b.path + b.name;
        // AWS's policy ids are ANPA + 17 characters; these are derived from the name so they
        // never change between starts.
        std::string id = "ANPA";
        for (size_t i = 0; id.size() < 21; ++i) {
            char c = b.name[i % std::string_view(b.name).size()];
            id += static_cast<char>('A' + (static_cast<unsigned char>(c) * 7 + i) % 26);
        }
        p.id = id;
        p.description = b.description;
        p.created = p.updated = created;
        p.default_version = b.version;
        p.versions.push_back({b.version, b.document, created});
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace

const std::vector<store::ManagedPolicy>& aws_managed_policies() {
    static const std::vector<store::ManagedPolicy> policies = build();
    return policies;
}

const store::ManagedPolicy* find_aws_managed(std::string_view arn) {
    for (const auto& p : aws_managed_policies()) {
        if (p.arn == arn) return &p;
    }
    return nullptr;
}

}  // namespace freshet::iam
