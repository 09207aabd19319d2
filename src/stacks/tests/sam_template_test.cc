// SAM transform: the Transform section, Globals, AWS::Serverless::SimpleTable, unsupported
// resource types and template-level errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "stacks/sam/transform.h"
#include "stacks/tests/sam_test_util.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

TEST(SamTemplate, UsesSam) {
    EXPECT_TRUE(uses_sam(json::parse(R"({"Transform":"AWS::Serverless-2016-10-31"})").as_object()));
    EXPECT_TRUE(
        uses_sam(json::parse(R"({"Transform":["AWS::Serverless-2016-10-31"]})").as_object()));
    EXPECT_FALSE(uses_sam(json::parse(R"({"Resources":{}})").as_object()));
    EXPECT_FALSE(uses_sam(json::parse(R"({"Transform":"AWS::Include"})").as_object()));
}

TEST(SamTemplate, OtherTransformsAreRefusedByName) {
    auto r = sam_transform(
        json::parse(
            R"({"Transform":["AWS::LanguageExtensions","AWS::Serverless-2016-10-31"],"Resources":{}})")
            .as_object(),
        SamContext{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "ValidationError");
    EXPECT_EQ(r.error().message,
              "Transform AWS::LanguageExtensions is not supported: Freshet implements only "
              "AWS::Serverless-2016-10-31.");
}

TEST(SamTemplate, TemplateWithoutTransformIsUnchanged) {
    auto in = json::parse(R"({"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}})").as_object();
    auto r = sam_transform(in, SamContext{});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), in);
}

TEST(SamTemplate, KeepsOtherSectionsAndResources) {
    auto out = transform_ok(R"({"Transform":"AWS::Serverless-2016-10-31","Description":"d",
      "Parameters":{"P":{"Type":"String"}},"Conditions":{"C":{"Fn::Equals":["a","b"]}},
      "Mappings":{"M":{"k":{"v":"x"}}},"Outputs":{"O":{"Value":"v"}},
      "Resources":{"Q":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Ref":"P"}}},
                   "T":{"Type":"AWS::Serverless::SimpleTable"}}})");
    EXPECT_FALSE(out.contains("Transform"));
    for (const char* k : {"Description", "Parameters", "Conditions", "Mappings", "Outputs"})
        EXPECT_TRUE(out.contains(k)) << k;
    EXPECT_EQ(out.at("Resources").at("Q"),
              json::parse(R"({"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Ref":"P"}}})"));
}

TEST(SamTemplate, SimpleTableDefaults) {
    auto out = transform_ok(
        R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"T":{"Type":"AWS::Serverless::SimpleTable"}}})");
    EXPECT_EQ(out.at("Resources").at("T"),
              json::parse(R"({"Type":"AWS::DynamoDB::Table","Properties":{
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}})"));
}

TEST(SamTemplate, SimpleTableProperties) {
    auto out = transform_ok(R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"T":{
      "Type":"AWS::Serverless::SimpleTable","DeletionPolicy":"Retain","Properties":{
      "PrimaryKey":{"Name":"n","Type":"Number"},"TableName":"tbl",
      "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":2},
      "SSESpecification":{"SSEEnabled":true},"Tags":{"a":"b"}}}}})");
    EXPECT_EQ(out.at("Resources").at("T"),
              json::parse(R"({"Type":"AWS::DynamoDB::Table","DeletionPolicy":"Retain","Properties":{
      "AttributeDefinitions":[{"AttributeName":"n","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"n","KeyType":"HASH"}],
      "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":2},
      "SSESpecification":{"SSEEnabled":true},"TableName":"tbl","Tags":[{"Key":"a","Value":"b"}]}})"));
}

TEST(SamTemplate, SimpleTableErrors) {
    auto table = [](std::string_view props) {
        return R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"T":{"Type":"AWS::Serverless::SimpleTable","Properties":)" +
               std::string(props) + "}}}";
    };
    EXPECT_EQ(transform_error(table(R"({"PrimaryKey":{"Name":"n","Type":"Bool"}})")),
              kPrefix + "Resource with id [T] is invalid. Invalid 'Type' \"Bool\".");
    EXPECT_EQ(transform_error(table(R"({"PrimaryKey":{"Type":"String"}})")),
              kPrefix + "Resource with id [T] is invalid. Property 'PrimaryKey.Name' is required.");
    EXPECT_EQ(transform_error(table(
                  R"({"PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})")),
              kPrefix +
                  "Resource with id [T] is invalid. property PointInTimeRecoverySpecification "
                  "not defined for resource of type AWS::Serverless::SimpleTable");
}

TEST(SamTemplate, GlobalsMergeIntoFunctions) {
    auto out = transform_ok(R"({"Transform":"AWS::Serverless-2016-10-31",
      "Globals":{"Function":{"Runtime":"nodejs18.x","Timeout":5,"Handler":"index.handler",
        "Environment":{"Variables":{"TABLE":"t","LEVEL":"info"}},"Layers":["arn:l1"],"Tags":{"team":"a"}},
        "SimpleTable":{"SSESpecification":{"SSEEnabled":true}}},
      "Resources":{
        "A":{"Type":"AWS::Serverless::Function","Properties":{"CodeUri":"s3://b/a","Role":"r","Timeout":9,
          "Environment":{"Variables":{"LEVEL":"debug"}},"Layers":["arn:l2"],"Tags":{"app":"x"}}},
        "B":{"Type":"AWS::Serverless::Function","Properties":{"CodeUri":"s3://b/b","Role":"r",
          "Environment":{"Fn::If":["C",{"Variables":{}},{"Ref":"AWS::NoValue"}]}}},
        "T":{"Type":"AWS::Serverless::SimpleTable"}}})");
    const auto& a = out.at("Resources").at("A").at("Properties").as_object();
    EXPECT_EQ(a.at("Runtime"), "nodejs18.x");
    EXPECT_EQ(a.at("Handler"), "index.handler");
    EXPECT_EQ(a.at("Timeout"), 9);
    EXPECT_EQ(a.at("Environment"), json::parse(R"({"Variables":{"TABLE":"t","LEVEL":"debug"}})"));
    EXPECT_EQ(a.at("Layers"), json::parse(R"(["arn:l1","arn:l2"])"));
    EXPECT_EQ(
        a.at("Tags"),
        json::parse(
            R"([{"Key":"lambda:createdBy","Value":"SAM"},{"Key":"team","Value":"a"},{"Key":"app","Value":"x"}])"));
    // An intrinsic is a scalar for the merge: the resource's value wins whole.
    EXPECT_EQ(out.at("Resources").at("B").at("Properties").at("Environment"),
              json::parse(R"({"Fn::If":["C",{"Variables":{}},{"Ref":"AWS::NoValue"}]})"));
    EXPECT_EQ(out.at("Resources").at("T").at("Properties").at("SSESpecification"),
              json::parse(R"({"SSEEnabled":true})"));
    EXPECT_FALSE(out.contains("Globals"));
}

TEST(SamTemplate, IgnoreGlobals) {
    auto out = transform_ok(R"({"Transform":"AWS::Serverless-2016-10-31",
      "Globals":{"Function":{"Runtime":"nodejs18.x","Timeout":5}},
      "Resources":{
        "A":{"Type":"AWS::Serverless::Function","IgnoreGlobals":["Timeout"],
             "Properties":{"CodeUri":"s3://b/a","Role":"r","Handler":"h"}},
        "B":{"Type":"AWS::Serverless::Function","IgnoreGlobals":"*",
             "Properties":{"CodeUri":"s3://b/b","Role":"r","Handler":"h","Runtime":"python3.12"}}}})");
    const auto& a = out.at("Resources").at("A").as_object();
    EXPECT_EQ(a.at("Properties").at("Runtime"), "nodejs18.x");
    EXPECT_FALSE(a.at("Properties").as_object().contains("Timeout"));
    EXPECT_FALSE(a.contains("IgnoreGlobals"));
    EXPECT_FALSE(out.at("Resources").at("B").at("Properties").as_object().contains("Timeout"));
    EXPECT_EQ(transform_error(R"({"Transform":"AWS::Serverless-2016-10-31",
      "Globals":{"Function":{"Runtime":"nodejs18.x"}},
      "Resources":{"A":{"Type":"AWS::Serverless::Function","IgnoreGlobals":["Timeout"],
        "Properties":{"CodeUri":"s3://b/a","Role":"r","Handler":"h"}}}})"),
              kPrefix +
                  "Resource with id [A] is invalid. Resource A has invalid resource attribute "
                  "'IgnoreGlobals' on item 'Timeout'.");
}

TEST(SamTemplate, GlobalsErrors) {
    EXPECT_EQ(transform_error(R"({"Transform":"AWS::Serverless-2016-10-31","Globals":{"Queue":{}},
      "Resources":{"T":{"Type":"AWS::Serverless::SimpleTable"}}})"),
              kPrefix +
                  "'Globals' section is invalid. 'Queue' is not supported. Must be one of the "
                  "following values - ['Api', 'Function', 'HttpApi', 'LayerVersion', "
                  "'SimpleTable', 'StateMachine']");
    EXPECT_EQ(
        transform_error(
            R"({"Transform":"AWS::Serverless-2016-10-31","Globals":{"SimpleTable":{"TableName":"x"}},
      "Resources":{"T":{"Type":"AWS::Serverless::SimpleTable"}}})"),
        kPrefix +
            "'Globals' section is invalid. 'TableName' is not a supported property of "
            "'SimpleTable'. Must be one of the following values - ['SSESpecification']");
    std::string fn = transform_error(
        R"({"Transform":"AWS::Serverless-2016-10-31","Globals":{"Function":{"Policies":[]}},
      "Resources":{"T":{"Type":"AWS::Serverless::SimpleTable"}}})");
    EXPECT_EQ(
        fn.rfind(kPrefix +
                     "'Globals' section is invalid. 'Policies' is not a supported property "
                     "of 'Function'. Must be one of the following values - ['Handler', 'Runtime', ",
                 0),
        0u)
        << fn;
}

TEST(SamTemplate, UnsupportedServerlessTypesAndBadIds) {
    EXPECT_EQ(
        transform_error(
            R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"Api":{"Type":"AWS::Serverless::Api","Properties":{"StageName":"p"}}}})"),
        kPrefix +
            "Resource with id [Api] is invalid. Resource type AWS::Serverless::Api is not "
            "supported by "
            "Freshet's SAM transform. Supported: AWS::Serverless::Function, "
            "AWS::Serverless::SimpleTable.");
    EXPECT_EQ(
        transform_error(
            R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"my-table":{"Type":"AWS::Serverless::SimpleTable"}}})"),
        kPrefix + "Resource with id [my-table] is invalid. Logical ids must be alphanumeric.");
    EXPECT_EQ(
        transform_error(R"({"Transform":"AWS::Serverless-2016-10-31"})"),
        kPrefix + "Structure of the SAM template is invalid. 'Resources' section is required");
}

TEST(SamTemplate, GeneratedIdCollisionIsReported) {
    EXPECT_EQ(transform_error(R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{
      "Fn":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"h","Runtime":"r","CodeUri":"s3://b/k"}},
      "FnRole":{"Type":"AWS::IAM::Role","Properties":{}}}})"),
              kPrefix +
                  "Transforming resource with id [Fn] attempts to create a new resource with id "
                  "[FnRole] and type \"AWS::IAM::Role\". A resource with that id already exists "
                  "within this template. Please use a different id for that resource.");
}

}  // namespace
}  // namespace freshet::stacks
