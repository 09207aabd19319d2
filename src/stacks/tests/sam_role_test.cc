// SAM transform: the execution role generated for a function without Role (managed policies
// and their order, inline documents, policy templates, tags, path, boundary).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "stacks/sam/transform.h"
#include "stacks/tests/sam_test_util.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

std::string function_with(std::string_view extra) {
    return R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"Fn":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"h","Runtime":"nodejs18.x","CodeUri":"s3://b/k")" +
           std::string(extra) + "}}}}";
}

const json::object& role_of(const json::object& out) {
    return out.at("Resources").at("FnRole").as_object();
}

TEST(SamRole, GeneratedForKinesisFunctionWithoutRole) {
    auto out = transform_ok(function_with(
        R"(,"Events":{"Stream":{"Type":"Kinesis","Properties":{"Stream":"arn:aws:kinesis:us-east-1:1:stream/s","StartingPosition":"LATEST"}}})"));
    EXPECT_EQ(out.at("Resources").at("Fn").at("Properties").at("Role"),
              json::parse(R"({"Fn::GetAtt":["FnRole","Arn"]})"));
    EXPECT_EQ(role_of(out), json::parse(R"({"Type":"AWS::IAM::Role","Properties":{
      "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],
        "Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]}}]},
      "ManagedPolicyArns":["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                           "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole"],
      "Tags":[{"Key":"lambda:createdBy","Value":"SAM"}]}})"));
}

TEST(SamRole, DynamoDBEventAddsItsManagedPolicyOnce) {
    auto out = transform_ok(function_with(R"(,"Events":{
      "B":{"Type":"DynamoDB","Properties":{"Stream":"arn:s2","StartingPosition":"LATEST"}},
      "A":{"Type":"DynamoDB","Properties":{"Stream":"arn:s1","StartingPosition":"LATEST"}}})"));
    EXPECT_EQ(role_of(out).at("Properties").at("ManagedPolicyArns"), json::parse(R"([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"])"));
    EXPECT_TRUE(out.at("Resources").as_object().contains("FnA"));
    EXPECT_TRUE(out.at("Resources").as_object().contains("FnB"));
}

// SAM builds the role from Policies first; the event sources' policies are linked after.
TEST(SamRole, PoliciesNamesArnsDocumentsAndTemplatesInOrder) {
    auto out = transform_ok(function_with(R"(,"Policies":[
        "AmazonDynamoDBReadOnlyAccess",
        {"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]},
        "arn:aws:iam::123456789012:policy/Mine",
        {"DynamoDBCrudPolicy":{"TableName":{"Ref":"Table"}}},
        "AWSLambdaBasicExecutionRole",
        "AWSLambdaRole"],
      "Events":{"S":{"Type":"Kinesis","Properties":{"Stream":"arn:k","StartingPosition":"LATEST"}}})"));
    const auto& p = role_of(out).at("Properties").as_object();
    EXPECT_EQ(p.at("ManagedPolicyArns"), json::parse(R"([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
      "arn:aws:iam::123456789012:policy/Mine",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole"])"));
    EXPECT_EQ(p.at("Policies"), json::parse(R"([
      {"PolicyName":"FnRolePolicy1","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}},
      {"PolicyName":"FnRolePolicy3","PolicyDocument":{"Statement":[{"Effect":"Allow",
        "Action":["dynamodb:GetItem","dynamodb:DeleteItem","dynamodb:PutItem","dynamodb:Scan","dynamodb:Query",
                  "dynamodb:UpdateItem","dynamodb:BatchWriteItem","dynamodb:BatchGetItem","dynamodb:DescribeTable",
                  "dynamodb:ConditionCheckItem"],
        "Resource":[
          {"Fn::Sub":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",{"tableName":{"Ref":"Table"}}]},
          {"Fn::Sub":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",{"tableName":{"Ref":"Table"}}]}]}]}}])"));
}

TEST(SamRole, ManagedPolicyTableCoversTheCommonPolicies) {
    auto out =
        transform_ok(function_with(R"(,"Policies":["AWSLambdaExecute","AmazonKinesisFullAccess",
      "AmazonKinesisReadOnlyAccess","AmazonDynamoDBFullAccess","AmazonS3FullAccess","AmazonS3ReadOnlyAccess",
      "CloudWatchLogsFullAccess","AWSLambda_FullAccess","AWSLambdaKinesisExecutionRole","AWSLambdaDynamoDBExecutionRole"])"));
    EXPECT_EQ(role_of(out).at("Properties").at("ManagedPolicyArns"), json::parse(R"([
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws:iam::aws:policy/AWSLambdaExecute", "arn:aws:iam::aws:policy/AmazonKinesisFullAccess",
      "arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
      "arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"])"));
}

TEST(SamRole, SinglePolicyStringAndPartition) {
    SamContext ctx;
    ctx.partition = "aws-cn";
    auto out = transform_ok(
        function_with(R"(,"Policies":"AmazonS3ReadOnlyAccess","Tracing":"Active")"), ctx);
    EXPECT_EQ(role_of(out).at("Properties").at("ManagedPolicyArns"), json::parse(R"([
      "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      "arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess",
      "arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess"])"));
}

TEST(SamRole, PolicyTemplates) {
    auto out = transform_ok(function_with(R"(,"Policies":[
      {"KinesisStreamReadPolicy":{"StreamName":"s"}}, {"KinesisCrudPolicy":{"StreamName":"s"}},
      {"DynamoDBReadPolicy":{"TableName":"t"}}, {"DynamoDBWritePolicy":{"TableName":"t"}},
      {"S3ReadPolicy":{"BucketName":"b"}}, {"S3CrudPolicy":{"BucketName":"b"}}, {"S3WritePolicy":{"BucketName":"b"}},
      {"LambdaInvokePolicy":{"FunctionName":"f"}}, {"CloudWatchPutMetricPolicy":{}}])"));
    const auto& docs = role_of(out).at("Properties").at("Policies").as_array();
    ASSERT_EQ(docs.size(), 9u);
    EXPECT_EQ(docs[0].at("PolicyName"), "FnRolePolicy0");
    EXPECT_EQ(docs[0].at("PolicyDocument"), json::parse(R"({"Statement":[
      {"Effect":"Allow","Action":["kinesis:ListStreams","kinesis:DescribeLimits"],
       "Resource":{"Fn::Sub":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*"}},
      {"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator"],
       "Resource":{"Fn::Sub":["arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}",{"streamName":"s"}]}}]})"));
    EXPECT_EQ(docs[6].at("PolicyDocument").at("Statement").at(0).at("Action"),
              json::parse(R"(["s3:PutObject","s3:PutObjectAcl","s3:PutLifecycleConfiguration"])"));
    EXPECT_EQ(
        docs[7].at("PolicyDocument").at("Statement").at(0).at("Resource"),
        json::parse(
            R"({"Fn::Sub":["arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*",{"functionName":"f"}]})"));
    EXPECT_EQ(
        docs[8].at("PolicyDocument"),
        json::parse(
            R"({"Statement":[{"Effect":"Allow","Action":["cloudwatch:PutMetricData"],"Resource":"*"}]})"));
}

TEST(SamRole, PolicyTemplateErrors) {
    const std::string prefix =
        "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
        "Specification document. Number of errors found: 1. Resource with id [Fn] is invalid. ";
    EXPECT_EQ(transform_error(function_with(R"(,"Policies":[{"DynamoDBCrudPolicy":{}}])")),
              prefix +
                  "Following required parameters of template 'DynamoDBCrudPolicy' don't have "
                  "values: ['TableName']");
    EXPECT_EQ(transform_error(function_with(R"(,"Policies":[{"S3ReadPolicy":"bucket"}])")),
              prefix + "Must specify valid parameter values for policy template 'S3ReadPolicy'");
    EXPECT_EQ(
        transform_error(function_with(
            R"(,"Policies":["AmazonS3ReadOnlyAccess",{"AthenaQueryPolicy":{"WorkGroupName":"w"}}])")),
        prefix +
            "Policy at index 1 in the 'Policies' property is not valid (Policy template "
            "'AthenaQueryPolicy' is not supported by Freshet's SAM transform.)");
}

TEST(SamRole, PathBoundaryTagsAndDeadLetterQueue) {
    auto out = transform_ok(function_with(R"(,"RolePath":"/app/","PermissionsBoundary":"arn:pb",
      "Tags":{"team":"data"},"DeadLetterQueue":{"Type":"SNS","TargetArn":"arn:topic"},
      "VpcConfig":{"SubnetIds":[],"SecurityGroupIds":[]})"));
    const auto& p = role_of(out).at("Properties").as_object();
    EXPECT_EQ(p.at("Path"), "/app/");
    EXPECT_EQ(p.at("PermissionsBoundary"), "arn:pb");
    EXPECT_EQ(
        p.at("Tags"),
        json::parse(R"([{"Key":"lambda:createdBy","Value":"SAM"},{"Key":"team","Value":"data"}])"));
    EXPECT_EQ(p.at("ManagedPolicyArns").as_array().back(),
              "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    EXPECT_EQ(p.at("Policies"),
              json::parse(R"([{"PolicyName":"DeadLetterQueuePolicy","PolicyDocument":{
      "Version":"2012-10-17","Statement":[{"Action":"sns:Publish","Resource":"arn:topic","Effect":"Allow"}]}}])"));
}

TEST(SamRole, ExplicitRoleMeansNoRoleAndNoPolicies) {
    auto out = transform_ok(
        function_with(R"(,"Role":"arn:aws:iam::1:role/r","Policies":["AmazonS3FullAccess"],
      "Events":{"S":{"Type":"Kinesis","Properties":{"Stream":"arn:k","StartingPosition":"LATEST"}}})"));
    const auto& res = out.at("Resources").as_object();
    EXPECT_FALSE(res.contains("FnRole"));
    EXPECT_EQ(res.size(), 2u);
    EXPECT_EQ(res.at("Fn").at("Properties").at("Role"), "arn:aws:iam::1:role/r");
}

TEST(SamRole, UnknownManagedPolicyNameIsRefused) {
    EXPECT_NE(transform_error(function_with(R"(,"Policies":["NoSuchPolicy"])"))
                  .find("Policy 'NoSuchPolicy' at index 0 in the 'Policies' property is not an AWS "
                        "managed policy"),
              std::string::npos);
}

}  // namespace
}  // namespace freshet::stacks
