// validate_template: the static checks and CloudFormation's messages.
#include <gtest/gtest.h>

#include "stacks/template/validate.h"
#include "stacks/tests/template_test_util.h"

namespace freshet::stacks {
namespace {

using testing::error_of;
using testing::tmpl;

std::optional<std::vector<std::string>> attributes(std::string_view type) {
    if (type == "AWS::Kinesis::Stream") return std::vector<std::string>{"Arn"};
    if (type == "AWS::IAM::User" || type == "AWS::IAM::Policy")
        return std::vector<std::string>{"Arn", "Id"};
    if (type == "AWS::S3::Bucket") return std::vector<std::string>{"Arn", "DomainName"};
    if (type == "AWS::Lambda::Function")
        return std::vector<std::string>{"Arn", "SnapStartResponse.ApplyOn"};
    if (type.rfind("Custom::", 0) == 0) return std::vector<std::string>{"*"};
    if (type == "AWS::Serverless::Function") return std::vector<std::string>{"Arn"};
    return std::nullopt;
}

std::string check(const std::string& yaml) {
    return error_of(validate_template(tmpl(yaml), attributes));
}

const std::string kBucket = "Resources:\n  B: {Type: AWS::S3::Bucket}\n";

TEST(TemplateValidate, ReferenceTemplateIsValid) {
    auto r = validate_template(tmpl(testing::kReferenceTemplate), attributes);
    EXPECT_TRUE(r.ok()) << r.error().message;
}

TEST(TemplateValidate, FullTemplateIsValid) {
    EXPECT_EQ(
        check("AWSTemplateFormatVersion: 2010-09-09\n"
              "Description: all sections\n"
              "Metadata: {a: 1}\n"
              "Parameters:\n  Env: {Type: String, Default: dev}\n"
              "Mappings:\n  M: {k: {v: 1}}\n"
              "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
              "  Other: !Not [!Condition IsProd]\n"
              "Rules: {}\n"
              "Resources:\n"
              "  B:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n    DeletionPolicy: Retain\n"
              "    UpdateReplacePolicy: Snapshot\n    Metadata: {x: 1}\n"
              "    Properties:\n      BucketName: !Sub "
              "'${Env}-${AWS::Region}-${Fn.SnapStartResponse.ApplyOn}'\n"
              "      Tags: [!If [IsProd, {Key: k, Value: !GetAtt Fn.Arn}, !Ref AWS::NoValue]]\n"
              "      Other: !Sub ['${X}', {X: !Ref Env}]\n"
              "  Fn: {Type: AWS::Lambda::Function, DependsOn: [C]}\n"
              "  C: {Type: Custom::Thing, DependsOn: D, Properties: {V: !GetAtt D.Anything}}\n"
              "  D: {Type: Custom::Other}\n"
              "Outputs:\n  O: {Value: !GetAtt B.Arn, Condition: Other, Export: {Name: !Sub "
              "'${AWS::StackName}-o'}}\n"),
        "<ok>");
}

TEST(TemplateValidate, UnknownSections) {
    EXPECT_EQ(check(kBucket + "Zeta: 1\nAlpha: 2\n"),
              "Template format error: Invalid template property or properties [Alpha, Zeta]");
}

TEST(TemplateValidate, FormatVersionAndDescription) {
    EXPECT_EQ(check("AWSTemplateFormatVersion: '2010-09-10'\n" + kBucket),
              "Template format error: unsupported value for AWSTemplateFormatVersion.");
    EXPECT_EQ(check("Description: [a]\n" + kBucket),
              "Template format error: Every Description member must be a string.");
    EXPECT_EQ(check("Parameters: [a]\n" + kBucket),
              "Template format error: Every Parameters member must be a JSON Object.");
}

TEST(TemplateValidate, ResourcesMustBeDefined) {
    const char* message = "Template format error: At least one Resources member must be defined.";
    EXPECT_EQ(check("Description: none\n"), message);
    EXPECT_EQ(check("Resources: {}\n"), message);
}

TEST(TemplateValidate, EachResourceNeedsAType) {
    EXPECT_EQ(
        check("Resources:\n  B:\n    Properties: {}\n"),
        "Template format error: [/Resources/B] Every Resources object must contain a Type member.");
    EXPECT_EQ(
        check("Resources:\n  B: x\n"),
        "Template format error: [/Resources/B] Every Resources object must contain a Type member.");
}

TEST(TemplateValidate, ResourceAttributes) {
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, Propertes: {}}\n"),
              "Invalid template resource property 'Propertes'");
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, DeletionPolicy: Keep}\n"),
              "Template format error: Unrecognized DeletionPolicy Keep for resource B");
    EXPECT_EQ(
        check("Resources:\n  B: {Type: AWS::S3::Bucket, DeletionPolicy: RetainExceptOnCreate}\n"),
        "<ok>");
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, UpdateReplacePolicy: "
                    "RetainExceptOnCreate}\n"),
              "Template format error: Unrecognized UpdateReplacePolicy RetainExceptOnCreate for "
              "resource B");
}

TEST(TemplateValidate, OutputsNeedValues) {
    EXPECT_EQ(check(kBucket + "Outputs:\n  O: {Description: x}\n"),
              "Template format error: Every Outputs member must contain a Value object");
}

TEST(TemplateValidate, UnresolvedResourceDependencies) {
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {A: !Ref Zed, B: !Sub "
                    "'${Abc}'}}\n"),
              "Template format error: Unresolved resource dependencies [Abc, Zed] in the Resources "
              "block of the template");
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, DependsOn: [Nope]}\n"),
              "Template format error: Unresolved resource dependencies [Nope] in the Resources "
              "block of the template");
    EXPECT_EQ(check("Parameters:\n  P: {Type: String}\nResources:\n  B: {Type: AWS::S3::Bucket, "
                    "DependsOn: P}\n"),
              "Template format error: Unresolved resource dependencies [P] in the Resources block "
              "of the template");
    EXPECT_EQ(check(kBucket + "Outputs:\n  O: {Value: !Ref Missing}\n"),
              "Unresolved resource dependencies [Missing] in the Outputs block of the template");
}

TEST(TemplateValidate, GetAttOnUndefinedResourceOrParameter) {
    EXPECT_EQ(check("Parameters:\n  P: {Type: String}\nResources:\n  B: {Type: AWS::S3::Bucket, "
                    "Properties: {A: !GetAtt P.Arn}}\n"),
              "Template error: instance of Fn::GetAtt references undefined resource P");
    EXPECT_EQ(check(kBucket + "Outputs:\n  O: {Value: !GetAtt X.Arn}\n"),
              "Template error: instance of Fn::GetAtt references undefined resource X");
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {A: !Sub '${X.Arn}'}}\n"),
              "Template error: instance of Fn::Sub references invalid resource attribute X.Arn");
}

TEST(TemplateValidate, UnrecognizedResourceTypes) {
    EXPECT_EQ(
        check("Resources:\n  A: {Type: AWS::EC2::VPC}\n  B: {Type: AWS::S3::Bucket}\n"
              "  C: {Type: AWS::EC2::Instance}\n  D: {Type: AWS::EC2::VPC}\n"),
        "Template format error: Unrecognized resource types: [AWS::EC2::Instance, AWS::EC2::VPC]");
}

TEST(TemplateValidate, UnsupportedAttributes) {
    EXPECT_EQ(
        check(kBucket + "Outputs:\n  O: {Value: !GetAtt B.WebsiteURL}\n"),
        "Template error: resource B does not support attribute type WebsiteURL in Fn::GetAtt");
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Sub '${B2.Nope}'}}\n"
                    "  B2: {Type: AWS::S3::Bucket}\n"),
              "Template error: resource B2 does not support attribute type Nope in Fn::GetAtt");
    EXPECT_EQ(check("Resources:\n  C: {Type: Custom::X}\nOutputs:\n  O: {Value: !GetAtt "
                    "C.Whatever.Deep}\n"),
              "<ok>");
}

TEST(TemplateValidate, CircularDependencies) {
    EXPECT_EQ(check("Resources:\n"
                    "  A: {Type: AWS::S3::Bucket, Properties: {X: !Ref B}}\n"
                    "  B: {Type: AWS::S3::Bucket, Properties: {X: !GetAtt C.Arn}}\n"
                    "  C: {Type: AWS::S3::Bucket, DependsOn: A}\n"
                    "  D: {Type: AWS::S3::Bucket}\n"),
              "Circular dependency between resources: [A, B, C]");
    EXPECT_EQ(check("Resources:\n  A: {Type: AWS::S3::Bucket, Properties: {X: !Sub '${A.Arn}'}}\n"),
              "Circular dependency between resources: [A]");
}

TEST(TemplateValidate, ConditionsBlock) {
    EXPECT_EQ(
        check(kBucket + "Conditions:\n  C: !Equals [!Ref B, x]\n"),
        "Template format error: Unresolved dependencies [B]. Cannot reference resources in the "
        "Conditions block of the template");
    EXPECT_EQ(check(kBucket + "Conditions:\n  C: !Equals [!Ref Undeclared, x]\n"),
              "Template format error: Unresolved dependencies [Undeclared]. Cannot reference "
              "resources in "
              "the Conditions block of the template");
    EXPECT_EQ(check(kBucket + "Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n"),
              "Template format error: Circular dependency between conditions: [A, B]");
    EXPECT_EQ(check(kBucket + "Conditions:\n  C: !Equals [!Ref 'AWS::Region', x]\n"), "<ok>");
}

TEST(TemplateValidate, UnknownConditions) {
    EXPECT_EQ(check("Resources:\n  B: {Type: AWS::S3::Bucket, Condition: Nope}\n"),
              "Template format error: Unresolved condition dependency Nope in the Resources block "
              "of the template");
    EXPECT_EQ(check(kBucket + "Outputs:\n  O: {Value: x, Condition: Nope}\n"),
              "Template format error: Unresolved condition dependency Nope in the Outputs block of "
              "the template");
    EXPECT_EQ(
        check("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {X: !If [Nope, a, b]}}\n"),
        "Template error: unresolved condition dependency Nope in Fn::If");
}

TEST(TemplateValidate, UnknownFunctions) {
    auto message =
        check("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {X: {'Fn::Foo': [a]}}}\n");
    EXPECT_EQ(message.rfind("Template format error: Encountered unsupported function: Fn::Foo "
                            "Supported functions are: [",
                            0),
              0u)
        << message;
}

TEST(TemplateValidate, ParameterDeclarations) {
    EXPECT_EQ(check("Parameters:\n  P: {Default: x}\n" + kBucket),
              "Template format error: Every Parameters object must contain a Type member.");
    EXPECT_EQ(check("Parameters:\n  P: {Type: Nope}\n" + kBucket),
              "Template format error: Unrecognized parameter type: Nope");
}

}  // namespace
}  // namespace freshet::stacks

namespace freshet::stacks {
namespace {

// moto's AWS-verified tests of conditional outputs (tests/test_cloudformation).
const char* kConditional =
    "Parameters:\n  roleName: {Type: String}\n"
    "Conditions:\n  RoleCondition: !Equals [!Ref roleName, myrole]\n"
    "Resources:\n"
    "  role: {Type: 'AWS::IAM::Role', Condition: RoleCondition}\n"
    "  user:\n    Type: AWS::IAM::User\n"
    "    Properties: {Tag: !If [RoleCondition, !GetAtt role.Arn, !Ref AWS::NoValue]}\n";

TEST(TemplateConditionalReferences, PermanentOutputOfConditionalResource) {
    auto t = testing::tmpl(std::string(kConditional) +
                           "Outputs:\n  roleArn: {Value: !GetAtt role.Arn}\n");
    EXPECT_TRUE(check_conditional_references(t, {{"RoleCondition", true}}).ok());
    EXPECT_EQ(testing::error_of(check_conditional_references(t, {{"RoleCondition", false}})),
              "Unresolved resource dependencies [role] in the Outputs block of the template");
}

TEST(TemplateConditionalReferences, ConditionalOutputAndIfBranchesNotTaken) {
    auto t =
        testing::tmpl(std::string(kConditional) +
                      "Outputs:\n  roleArn: {Condition: RoleCondition, Value: !GetAtt role.Arn}\n");
    EXPECT_TRUE(check_conditional_references(t, {{"RoleCondition", false}}).ok());
    EXPECT_TRUE(check_conditional_references(t, {{"RoleCondition", true}}).ok());
}

TEST(TemplateConditionalReferences, ResourcesReferringToAbsentResources) {
    auto t = testing::tmpl(
        "Conditions:\n  C: !Equals [a, b]\n"
        "Resources:\n"
        "  Gone: {Type: AWS::S3::Bucket, Condition: C}\n"
        "  A: {Type: AWS::S3::Bucket, Properties: {X: !Sub '${Gone}'}}\n"
        "  B: {Type: AWS::S3::Bucket, DependsOn: [Gone]}\n"
        "  Also: {Type: AWS::S3::Bucket, Condition: C, Properties: {X: !Ref Gone}}\n");
    EXPECT_EQ(
        testing::error_of(check_conditional_references(t, {{"C", false}})),
        "Template format error: Unresolved resource dependencies [Gone] in the Resources block "
        "of the template");
    EXPECT_TRUE(check_conditional_references(t, {{"C", true}}).ok());
}

}  // namespace
}  // namespace freshet::stacks
