// The documents are AWS's (docs.aws.amazon.com/aws-managed-policy/latest/reference/), each at
// the version the table names. The long ones are files in managed/ (<name>.json), embedded at
// build time (tools/embed_files.cmake); the others are written out here.
#include "iam/aws_managed.h"

#include <algorithm>
#include <span>
#include <string>

#include "core/embedded_file.h"

namespace freshet::iam {

// Generated from managed/*.json.
std::span<const EmbeddedFile> managed_documents();

namespace {

std::string document_file(const std::string& name) {
    for (const EmbeddedFile& f : managed_documents()) {
        if (f.name != name + ".json") continue;
        std::string_view d = f.data;
        while (!d.empty() && (d.back() == '\n' || d.back() == ' ')) d.remove_suffix(1);
        return std::string(d);
    }
    return "";  // a missing file fails the unit test that parses every document
}

struct Builtin {
    const char* name;
    const char* path;
    const char* version;
    const char* description;
    const char* document;
};

// A null document is managed/<name>.json.
const Builtin kBuiltins[] = {
    {"AdministratorAccess", "/", "v1", "Provides full access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    // Abridged: AWS's ReadOnlyAccess lists read actions of every service; this keeps those of
    // the services Freshet implements (and S3, CloudWatch Logs).
    {"ReadOnlyAccess", "/", "v73", "Provides read-only access to AWS services and resources.",
     nullptr},
    {"AmazonKinesisFullAccess", "/", "v1",
     "Provides full access to all streams via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]})"},
    {"AmazonKinesisReadOnlyAccess", "/", "v1",
     "Provides read only access to all streams via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:Get*","kinesis:List*","kinesis:Describe*"],"Resource":"*"}]})"},
    // Abridged: AWS's version also grants the console's helpers (CloudWatch alarms, Data
    // Pipeline, EC2 and SNS reads, KMS aliases, resource groups, service-linked roles).
    {"AmazonDynamoDBFullAccess", "/", "v9",
     "Provides full access to Amazon DynamoDB via the AWS Management Console.", nullptr},
    // AWS's version 2 (2015-11-11).
    {"AmazonDynamoDBReadOnlyAccess", "/", "v8",
     "Provides read only access to Amazon DynamoDB via the AWS Management Console.", nullptr},
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
        p.versions.push_back(
            {b.version, b.document ? std::string(b.document) : document_file(b.name), created});
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
