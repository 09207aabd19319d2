// SAM transform: AWS::Serverless::Function -> AWS::Lambda::Function (code, properties, tags,
// attributes, AutoPublishAlias) and SAM's error texts for invalid functions.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "stacks/sam/transform.h"
#include "stacks/tests/sam_test_util.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

std::string function_with(std::string_view props) {
    return R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"Fn":{"Type":"AWS::Serverless::Function","Properties":)" +
           std::string(props) + "}}}";
}

// The reference template's function (aws-semantics.md §5.3): explicit Role, CodeUri from
// parameters, one Kinesis event.
TEST(SamFunction, ReferenceTemplateFunction) {
    auto out = transform_ok(R"({
      "AWSTemplateFormatVersion": "2010-09-09",
      "Transform": "AWS::Serverless-2016-10-31",
      "Parameters": {"CodeBucket": {"Type": "String", "Default": "awslambda-reference-architectures"},
                     "CodeKey": {"Type": "String", "Default": "stream-processing/ddb_eventprocessor.zip"},
                     "Handler": {"Type": "String", "Default": "index.handler"}},
      "Resources": {
        "EventStream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "DDBEventProcessor": {"Type": "AWS::Serverless::Function", "Properties": {
          "Handler": {"Ref": "Handler"}, "MemorySize": 128, "Timeout": 10, "Runtime": "nodejs6.14",
          "CodeUri": {"Bucket": {"Ref": "CodeBucket"}, "Key": {"Ref": "CodeKey"}},
          "Role": {"Fn::GetAtt": ["EventProcessorExecutionRole", "Arn"]},
          "Events": {"Stream": {"Type": "Kinesis", "Properties": {
            "Stream": {"Fn::GetAtt": ["EventStream", "Arn"]},
            "StartingPosition": "TRIM_HORIZON", "BatchSize": 25}}}}},
        "EventProcessorExecutionRole": {"Type": "AWS::IAM::Role", "Properties": {}}
      },
      "Outputs": {"KinesisStream": {"Value": {"Ref": "EventStream"}}}
    })");
    EXPECT_FALSE(out.contains("Transform"));
    EXPECT_EQ(out.at("Outputs"),
              json::parse(R"({"KinesisStream": {"Value": {"Ref": "EventStream"}}})"));
    const auto& res = out.at("Resources").as_object();
    EXPECT_EQ(res.size(), 4u);  // stream, function, mapping, the template's own role
    EXPECT_FALSE(res.contains("DDBEventProcessorRole"));
    EXPECT_EQ(res.at("DDBEventProcessor"), json::parse(R"({
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": {"Ref": "Handler"}, "Runtime": "nodejs6.14", "MemorySize": 128, "Timeout": 10,
        "Role": {"Fn::GetAtt": ["EventProcessorExecutionRole", "Arn"]},
        "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}},
        "Tags": [{"Key": "lambda:createdBy", "Value": "SAM"}]}})"));
    EXPECT_EQ(res.at("DDBEventProcessorStream"), json::parse(R"({
      "Type": "AWS::Lambda::EventSourceMapping",
      "Properties": {"FunctionName": {"Ref": "DDBEventProcessor"},
                     "EventSourceArn": {"Fn::GetAtt": ["EventStream", "Arn"]},
                     "StartingPosition": "TRIM_HORIZON", "BatchSize": 25}})"));
    EXPECT_EQ(res.at("EventStream"),
              json::parse(R"({"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}})"));
}

TEST(SamFunction, PassesPropertiesThrough) {
    auto out = transform_ok(function_with(R"({
      "Handler": "h", "Runtime": "nodejs18.x", "CodeUri": "s3://b/k.zip?versionId=v1",
      "Description": "d", "MemorySize": 256, "Timeout": 30, "FunctionName": "named",
      "Environment": {"Variables": {"A": "1"}}, "Layers": ["arn:layer"], "Architectures": ["arm64"],
      "EphemeralStorage": {"Size": 1024}, "ReservedConcurrentExecutions": 5, "Tracing": "Active",
      "KmsKeyArn": "arn:kms", "VpcConfig": {"SubnetIds": ["s"], "SecurityGroupIds": ["g"]},
      "DeadLetterQueue": {"Type": "SQS", "TargetArn": "arn:sqs"}, "Role": "arn:role",
      "Tags": {"team": "data", "empty": ""}})"));
    const auto& p = out.at("Resources").at("Fn").at("Properties").as_object();
    EXPECT_EQ(p.at("Code"),
              json::parse(R"({"S3Bucket":"b","S3Key":"k.zip","S3ObjectVersion":"v1"})"));
    EXPECT_EQ(p.at("TracingConfig"), json::parse(R"({"Mode":"Active"})"));
    EXPECT_EQ(p.at("DeadLetterConfig"), json::parse(R"({"TargetArn":"arn:sqs"})"));
    EXPECT_EQ(p.at("Tags"), json::parse(R"([{"Key":"lambda:createdBy","Value":"SAM"},
      {"Key":"team","Value":"data"},{"Key":"empty","Value":""}])"));
    for (const char* k : {"Description", "MemorySize", "Timeout", "FunctionName", "Environment",
                          "Layers", "Architectures", "EphemeralStorage",
                          "ReservedConcurrentExecutions", "KmsKeyArn", "VpcConfig", "Role"})
        EXPECT_TRUE(p.contains(k)) << k;
    EXPECT_FALSE(p.contains("Tracing"));
    EXPECT_FALSE(p.contains("DeadLetterQueue"));
}

TEST(SamFunction, InlineCodeAndImage) {
    auto inline_out = transform_ok(function_with(
        R"({"Handler":"index.h","Runtime":"python3.12","InlineCode":"def h(e, c): pass","Role":"r"})"));
    EXPECT_EQ(inline_out.at("Resources").at("Fn").at("Properties").at("Code"),
              json::parse(R"({"ZipFile":"def h(e, c): pass"})"));
    auto image = transform_ok(
        function_with(R"({"PackageType":"Image","ImageUri":"123.dkr.ecr/x:1","Role":"r"})"));
    const auto& p = image.at("Resources").at("Fn").at("Properties").as_object();
    EXPECT_EQ(p.at("Code"), json::parse(R"({"ImageUri":"123.dkr.ecr/x:1"})"));
    EXPECT_EQ(p.at("PackageType"), "Image");
}

TEST(SamFunction, AttributesCarriedToFunctionAndGenerated) {
    auto out = transform_ok(R"({"Transform":["AWS::Serverless-2016-10-31"],
      "Conditions": {"On": {"Fn::Equals": ["a", "a"]}},
      "Resources":{"Fn":{"Type":"AWS::Serverless::Function","Condition":"On","DependsOn":["T"],
        "DeletionPolicy":"Retain","UpdateReplacePolicy":"Delete","Metadata":{"m":1},
        "Properties":{"Handler":"h","Runtime":"r","CodeUri":"s3://b/k",
          "Events":{"S":{"Type":"DynamoDB","Properties":{"Stream":"arn:s","StartingPosition":"LATEST"}}}}},
        "T":{"Type":"AWS::SNS::Topic"}}})");
    const auto& res = out.at("Resources").as_object();
    const auto& fn = res.at("Fn").as_object();
    EXPECT_EQ(fn.at("Condition"), "On");
    EXPECT_EQ(fn.at("DependsOn"), json::parse(R"(["T"])"));
    EXPECT_EQ(fn.at("DeletionPolicy"), "Retain");
    EXPECT_EQ(fn.at("UpdateReplacePolicy"), "Delete");
    EXPECT_EQ(fn.at("Metadata"), json::parse(R"({"m":1})"));
    for (const char* generated : {"FnRole", "FnS"}) {
        const auto& g = res.at(generated).as_object();
        EXPECT_EQ(g.at("Condition"), "On") << generated;
        EXPECT_EQ(g.at("DeletionPolicy"), "Retain") << generated;
        EXPECT_EQ(g.at("UpdateReplacePolicy"), "Delete") << generated;
        EXPECT_FALSE(g.contains("Metadata")) << generated;
        EXPECT_FALSE(g.contains("DependsOn")) << generated;
    }
    EXPECT_TRUE(out.contains("Conditions"));
}

TEST(SamFunction, AutoPublishAliasGeneratesVersionAndAlias) {
    SamContext ctx;
    ctx.parameter_values["Stage"] = "live";
    auto out = transform_ok(R"({"Transform":"AWS::Serverless-2016-10-31",
      "Parameters":{"Stage":{"Type":"String"}},
      "Resources":{"Fn":{"Type":"AWS::Serverless::Function","Properties":{
        "Handler":"h","Runtime":"r","CodeUri":"s3://bucket/key.zip","Role":"arn:r",
        "AutoPublishAlias":{"Ref":"Stage"},
        "Events":{"K":{"Type":"Kinesis","Properties":{"Stream":"arn:k","StartingPosition":"LATEST"}}}}}}})",
                            ctx);
    const auto& res = out.at("Resources").as_object();
    // SHA-1 of {"S3Bucket":"bucket","S3Key":"key.zip"} (compact, sorted keys), first 10 digits.
    const std::string version = "FnVersion32edd06e5c";
    ASSERT_TRUE(res.contains(version)) << json::serialize(res);
    EXPECT_EQ(res.at(version),
              json::parse(R"({"Type":"AWS::Lambda::Version","DeletionPolicy":"Retain",
      "Properties":{"FunctionName":{"Ref":"Fn"}}})"));
    EXPECT_EQ(res.at("FnAliaslive"), json::parse(R"({"Type":"AWS::Lambda::Alias","Properties":{
      "Name":"live","FunctionName":{"Ref":"Fn"},"FunctionVersion":{"Fn::GetAtt":["FnVersion32edd06e5c","Version"]}}})"));
    EXPECT_EQ(res.at("FnK").at("Properties").at("FunctionName"),
              json::parse(R"({"Ref":"FnAliaslive"})"));
}

TEST(SamFunction, VersionIdChangesWithCodeEnvironmentAndMemory) {
    auto version_of = [](std::string_view extra) {
        auto out = transform_ok(function_with(
            std::string(R"({"Handler":"h","Runtime":"r","Role":"x","AutoPublishAlias":"a")") +
            std::string(extra) + "}"));
        for (const auto& kv : out.at("Resources").as_object())
            if (kv.value().at("Type") == "AWS::Lambda::Version") return std::string(kv.key());
        return std::string();
    };
    std::string base = version_of(R"(,"CodeUri":"s3://b/k1")");
    EXPECT_EQ(base.size(), std::string("FnVersion").size() + 10);
    EXPECT_EQ(base, version_of(R"(,"CodeUri":"s3://b/k1")"));
    EXPECT_NE(base, version_of(R"(,"CodeUri":"s3://b/k2")"));
    EXPECT_NE(base, version_of(R"(,"CodeUri":"s3://b/k1","MemorySize":256)"));
    EXPECT_NE(base, version_of(R"(,"CodeUri":"s3://b/k1","Environment":{"Variables":{"A":"1"}})"));
    EXPECT_EQ("FnVersion0123456789",
              version_of(R"(,"CodeUri":"s3://b/k1","AutoPublishCodeSha256":"0123456789abcdef")"));
}

TEST(SamFunction, SamErrorTexts) {
    EXPECT_EQ(
        transform_error(function_with(R"({"Handler":"h","Runtime":"r"})")),
        kPrefix +
            "Resource with id [Fn] is invalid. Only one of 'InlineCode' or 'CodeUri' can be set.");
    EXPECT_EQ(transform_error(function_with(R"({"Handler":"h","Runtime":"r","CodeUri":"./src"})")),
              kPrefix +
                  "Resource with id [Fn] is invalid. 'CodeUri' is not a valid S3 Uri of the "
                  "form 's3://bucket/key' with optional versionId query parameter.");
    EXPECT_EQ(
        transform_error(function_with(R"({"Handler":"h","Runtime":"r","CodeUri":{"Bucket":"b"}})")),
        kPrefix +
            "Resource with id [Fn] is invalid. 'CodeUri' requires Bucket and Key properties to be "
            "specified.");
    EXPECT_EQ(transform_error(function_with(R"({"Handler":"h","CodeUri":"s3://b/k"})")),
              kPrefix +
                  "Resource with id [Fn] is invalid. Runtime and Handler needs to be present when "
                  "PackageType is of type `Zip`");
    EXPECT_EQ(transform_error(function_with(
                  R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","Colour":"red"})")),
              kPrefix +
                  "Resource with id [Fn] is invalid. property Colour not defined for resource of "
                  "type AWS::Serverless::Function");
    EXPECT_EQ(transform_error(function_with(
                  R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","Tags":["x"]})")),
              kPrefix + "Resource with id [Fn] is invalid. Property 'Tags' should be a map.");
    EXPECT_EQ(
        transform_error(function_with(
            R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","Tags":{"lambda:createdBy":"me"}})")),
        kPrefix +
            "Resource with id [Fn] is invalid. lambda:createdBy is a reserved Tag key name and "
            "cannot be set on your resource. Please change the tag key in the input.");
    EXPECT_EQ(transform_error(function_with(R"({"PackageType":"Image"})")),
              kPrefix + "Resource with id [Fn] is invalid. 'ImageUri' must be set.");
    EXPECT_EQ(
        transform_error(function_with(
            R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","DeadLetterQueue":{"Type":"SQS"}})")),
        kPrefix +
            "Resource with id [Fn] is invalid. 'DeadLetterQueue' requires Type and TargetArn "
            "properties to be specified.");
    EXPECT_EQ(
        transform_error(function_with(
            R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","AutoPublishAlias":{"Fn::Sub":"x"}})")),
        kPrefix +
            "Resource with id [Fn] is invalid. 'AutoPublishAlias' must be a string or a Ref to a "
            "template parameter");
}

TEST(SamFunction, UnsupportedFeaturesAreRefused) {
    std::string err = transform_error(function_with(
        R"({"Handler":"h","Runtime":"r","CodeUri":"s3://b/k","FunctionUrlConfig":{"AuthType":"NONE"}})"));
    EXPECT_EQ(err, kPrefix +
                       "Resource with id [Fn] is invalid. Property 'FunctionUrlConfig' is not "
                       "supported by Freshet's SAM transform.");
}

TEST(SamFunction, ErrorsFromSeveralResourcesAreCounted) {
    std::string err = transform_error(R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{
      "A":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"h","Runtime":"r"}},
      "B":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"h","Runtime":"r","CodeUri":"x"}}}})");
    EXPECT_EQ(err,
              "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
              "Specification document. Number of errors found: 2. Resource with id [A] is invalid. "
              "Only one of 'InlineCode' or 'CodeUri' can be set. Resource with id [B] is invalid. "
              "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional "
              "versionId query parameter.");
}

}  // namespace
}  // namespace freshet::stacks
