// SAM transform: Kinesis and DynamoDB events -> AWS::Lambda::EventSourceMapping, destination
// policies, and the refusal of event types Freshet does not translate.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "stacks/sam/transform.h"
#include "stacks/tests/sam_test_util.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

std::string with_event(std::string_view event, std::string_view extra = "") {
    return R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"Fn":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"h","Runtime":"r","CodeUri":"s3://b/k")" +
           std::string(extra) + R"(,"Events":{"E":)" + std::string(event) + "}}}}}";
}

TEST(SamEvents, AllMappingPropertiesPassThrough) {
    auto out = transform_ok(with_event(R"({"Type":"Kinesis","Properties":{
      "Stream":{"Fn::GetAtt":["S","Arn"]},"StartingPosition":"AT_TIMESTAMP","StartingPositionTimestamp":1700000000,
      "BatchSize":100,"Enabled":false,"MaximumBatchingWindowInSeconds":5,"MaximumRetryAttempts":3,
      "BisectBatchOnFunctionError":true,"MaximumRecordAgeInSeconds":600,"ParallelizationFactor":2,
      "TumblingWindowInSeconds":30,"FunctionResponseTypes":["ReportBatchItemFailures"],
      "FilterCriteria":{"Filters":[{"Pattern":"{}"}]},"ScalingConfig":{"MaximumConcurrency":5}}})"));
    EXPECT_EQ(out.at("Resources").at("FnE"),
              json::parse(R"({"Type":"AWS::Lambda::EventSourceMapping","Properties":{
      "FunctionName":{"Ref":"Fn"},"EventSourceArn":{"Fn::GetAtt":["S","Arn"]},
      "StartingPosition":"AT_TIMESTAMP","StartingPositionTimestamp":1700000000,
      "BatchSize":100,"Enabled":false,"MaximumBatchingWindowInSeconds":5,"MaximumRetryAttempts":3,
      "BisectBatchOnFunctionError":true,"MaximumRecordAgeInSeconds":600,"ParallelizationFactor":2,
      "TumblingWindowInSeconds":30,"FunctionResponseTypes":["ReportBatchItemFailures"],
      "FilterCriteria":{"Filters":[{"Pattern":"{}"}]},"ScalingConfig":{"MaximumConcurrency":5}}})"));
}

TEST(SamEvents, DestinationTypeBecomesARolePolicy) {
    auto out = transform_ok(
        with_event(R"({"Type":"DynamoDB","Properties":{"Stream":"arn:s","StartingPosition":"LATEST",
      "DestinationConfig":{"OnFailure":{"Type":"SQS","Destination":{"Fn::GetAtt":["Q","Arn"]}}}}})"));
    const auto& res = out.at("Resources").as_object();
    EXPECT_EQ(res.at("FnE").at("Properties").at("DestinationConfig"),
              json::parse(R"({"OnFailure":{"Destination":{"Fn::GetAtt":["Q","Arn"]}}})"));
    EXPECT_EQ(res.at("FnRole").at("Properties").at("Policies"),
              json::parse(R"([{"PolicyName":"FnESQSPolicy",
      "PolicyDocument":{"Statement":[{"Action":"sqs:SendMessage","Effect":"Allow","Resource":{"Fn::GetAtt":["Q","Arn"]}}]}}])"));

    auto sns = transform_ok(
        with_event(R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST",
      "DestinationConfig":{"OnFailure":{"Type":"SNS","Destination":"arn:topic"}}}})"));
    EXPECT_EQ(
        sns.at("Resources").at("FnRole").at("Properties").at("Policies").at(0).at("PolicyDocument"),
        json::parse(
            R"({"Statement":[{"Action":"sns:publish","Effect":"Allow","Resource":"arn:topic"}]})"));

    // With an explicit role, SAM still removes Type but attaches nothing.
    auto explicit_role = transform_ok(
        with_event(R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST",
      "DestinationConfig":{"OnFailure":{"Type":"SNS","Destination":"arn:topic"}}}})",
                   R"(,"Role":"arn:r")"));
    EXPECT_EQ(explicit_role.at("Resources").at("FnE").at("Properties").at("DestinationConfig"),
              json::parse(R"({"OnFailure":{"Destination":"arn:topic"}})"));
    EXPECT_FALSE(explicit_role.at("Resources").as_object().contains("FnRole"));
}

TEST(SamEvents, SamErrorTexts) {
    EXPECT_EQ(transform_error(
                  with_event(R"({"Type":"Kinesis","Properties":{"StartingPosition":"LATEST"}})")),
              kPrefix + "Resource with id [FnE] is invalid. Missing required property 'Stream'.");
    EXPECT_EQ(
        transform_error(with_event(R"({"Type":"Kinesis","Properties":{"Stream":"arn:s"}})")),
        kPrefix +
            "Resource with id [FnE] is invalid. Missing required property 'StartingPosition'.");
    EXPECT_EQ(
        transform_error(with_event(
            R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST","Size":1}})")),
        kPrefix +
            "Resource with id [FnE] is invalid. property Size not defined for resource of type "
            "Kinesis");
    EXPECT_EQ(
        transform_error(with_event(
            R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST","BatchSize":"many"}})")),
        kPrefix + "Resource with id [FnE] is invalid. Type of property 'BatchSize' is invalid.");
    EXPECT_EQ(
        transform_error(with_event(R"({"Type":"Kinesiss","Properties":{}})")),
        kPrefix +
            "Resource with id [Fn] is invalid. Event with id [E] is invalid. Resource dict has "
            "missing or invalid value for key Type. Event Type is: Kinesiss.");
    EXPECT_EQ(transform_error(with_event(
                  R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST",
      "DestinationConfig":{"OnFailure":{"Type":"Lambda","Destination":"arn:f"}}}})")),
              kPrefix +
                  "Resource with id [Fn] is invalid. Event with id [FnE] is invalid. The only "
                  "valid values for 'Type' are 'SQS' and 'SNS'");
    EXPECT_EQ(transform_error(with_event(
                  R"({"Type":"Kinesis","Properties":{"Stream":"arn:s","StartingPosition":"LATEST",
      "FilterCriteria":{"Pattern":"x"}}})")),
              kPrefix +
                  "Resource with id [Fn] is invalid. Event with id [E] is invalid. FilterCriteria "
                  "field has a wrong format");
}

TEST(SamEvents, OtherEventTypesAreRefusedByName) {
    for (const char* type : {"Api", "S3", "SQS", "Schedule", "SNS", "HttpApi"}) {
        std::string err = transform_error(
            with_event(std::string(R"({"Type":")") + type + R"(","Properties":{}})"));
        EXPECT_EQ(
            err,
            kPrefix +
                "Resource with id [Fn] is invalid. Event with id [E] is invalid. Event type '" +
                type +
                "' is not supported by Freshet's SAM transform. Supported event types: "
                "Kinesis, DynamoDB.")
            << type;
    }
}

}  // namespace
}  // namespace freshet::stacks
