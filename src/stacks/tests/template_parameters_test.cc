// resolve_parameters: defaults, types, constraints and CloudFormation's messages.
#include <gtest/gtest.h>

#include "stacks/template/parameters.h"
#include "stacks/tests/template_test_util.h"

namespace freshet::stacks {
namespace {

using testing::error_of;
using testing::js;
using testing::tmpl;

Result<Parameters> resolve(const std::string& parameters_yaml,
                           const std::map<std::string, std::string>& given) {
    return resolve_parameters(tmpl("Parameters:\n" + parameters_yaml), given);
}

TEST(TemplateParameters, DefaultsAndGivenValues) {
    auto r = resolve(
        "  Handler: {Type: String, Default: index.handler}\n"
        "  Memory: {Type: Number, Default: 128}\n"
        "  Name: {Type: String}\n",
        {{"Name", "svc"}, {"Memory", "256"}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->values.at("Handler"), js("\"index.handler\""));
    EXPECT_EQ(r->values.at("Memory"), js("\"256\""));  // Ref of a Number is a string
    EXPECT_EQ(r->values.at("Name"), js("\"svc\""));
    EXPECT_EQ(r->raw.at("Handler"), "index.handler");
    EXPECT_EQ(r->raw.at("Memory"), "256");
    EXPECT_TRUE(r->no_echo.empty());
}

TEST(TemplateParameters, NumericDefaultBecomesString) {
    auto r = resolve(
        "  Memory: {Type: Number, Default: 128}\n  Ratio: {Type: Number, Default: 0.5}\n", {});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->values.at("Memory"), js("\"128\""));
    EXPECT_EQ(r->raw.at("Ratio"), "0.5");
}

TEST(TemplateParameters, NoTemplateParameters) {
    auto r = resolve_parameters(tmpl("Resources: {A: {Type: T}}\n"), {});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->values.empty());
}

TEST(TemplateParameters, MissingValuesAreListed) {
    auto r =
        resolve("  A: {Type: String}\n  B: {Type: Number}\n  C: {Type: String, Default: x}\n", {});
    EXPECT_EQ(error_of(r), "Parameters: [A, B] must have values");
}

TEST(TemplateParameters, UnknownGivenNames) {
    auto r = resolve("  A: {Type: String, Default: x}\n", {{"X", "1"}, {"Y", "2"}});
    EXPECT_EQ(error_of(r), "Parameters: [X, Y] do not exist in the template");
}

TEST(TemplateParameters, MissingValuesComeBeforeUnknownNamesAndConstraints) {
    EXPECT_EQ(
        error_of(resolve("  A: {Type: String}\n  N: {Type: Number, Default: x}\n", {{"X", "1"}})),
        "Parameters: [A] must have values");
    EXPECT_EQ(error_of(resolve("  N: {Type: Number, Default: x}\n", {{"X", "1"}})),
              "Parameters: [X] do not exist in the template");
}

TEST(TemplateParameters, AllowedValues) {
    std::string p = "  Env: {Type: String, AllowedValues: [dev, prod]}\n";
    EXPECT_TRUE(resolve(p, {{"Env", "prod"}}).ok());
    EXPECT_EQ(error_of(resolve(p, {{"Env", "test"}})),
              "Parameter 'Env' must be one of AllowedValues");
}

TEST(TemplateParameters, AllowedValuesCheckTheDefault) {
    EXPECT_EQ(error_of(resolve("  Env: {Type: String, Default: x, AllowedValues: [a]}\n", {})),
              "Parameter 'Env' must be one of AllowedValues");
}

TEST(TemplateParameters, AllowedPatternMatchesTheWholeValue) {
    std::string p = "  Name: {Type: String, AllowedPattern: '[a-z]+'}\n";
    EXPECT_TRUE(resolve(p, {{"Name", "abc"}}).ok());
    EXPECT_EQ(error_of(resolve(p, {{"Name", "abc1"}})),
              "Parameter 'Name' must match pattern [a-z]+");
}

TEST(TemplateParameters, ConstraintDescriptionReplacesTheMessage) {
    std::string p =
        "  Name: {Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: lowercase only}\n";
    EXPECT_EQ(error_of(resolve(p, {{"Name", "ABC"}})),
              "Parameter Name failed to satisfy constraint: lowercase only");
    EXPECT_EQ(
        error_of(resolve("  E: {Type: String, AllowedValues: [a], ConstraintDescription: pick a}\n",
                         {{"E", "b"}})),
        "Parameter E failed to satisfy constraint: pick a");
}

TEST(TemplateParameters, Lengths) {
    std::string p = "  Name: {Type: String, MinLength: 3, MaxLength: '5'}\n";
    EXPECT_TRUE(resolve(p, {{"Name", "abc"}}).ok());
    EXPECT_TRUE(resolve(p, {{"Name", "abcde"}}).ok());
    EXPECT_EQ(error_of(resolve(p, {{"Name", "ab"}})),
              "Parameter 'Name' must contain at least 3 characters");
    EXPECT_EQ(error_of(resolve(p, {{"Name", "abcdef"}})),
              "Parameter 'Name' must contain at most 5 characters");
    EXPECT_TRUE(resolve(p, {{"Name", "äöü"}}).ok());  // characters, not bytes
}

TEST(TemplateParameters, Numbers) {
    std::string p = "  N: {Type: Number, MinValue: 1, MaxValue: 10}\n";
    EXPECT_TRUE(resolve(p, {{"N", "1"}}).ok());
    EXPECT_TRUE(resolve(p, {{"N", "9.5"}}).ok());
    EXPECT_EQ(error_of(resolve(p, {{"N", "abc"}})), "Parameter 'N' must be a number");
    EXPECT_EQ(error_of(resolve(p, {{"N", ""}})), "Parameter 'N' must be a number");
    EXPECT_EQ(error_of(resolve(p, {{"N", "0"}})), "Parameter 'N' must be a number not less than 1");
    EXPECT_EQ(error_of(resolve(p, {{"N", "11"}})),
              "Parameter 'N' must be a number not greater than 10");
}

TEST(TemplateParameters, CommaDelimitedList) {
    auto r = resolve("  L: {Type: CommaDelimitedList, Default: 'a, b ,c'}\n", {});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->values.at("L"), js(R"(["a","b","c"])"));
    EXPECT_EQ(r->raw.at("L"), "a, b ,c");
}

TEST(TemplateParameters, ListConstraintsApplyToEachMember) {
    std::string p = "  L: {Type: CommaDelimitedList, AllowedPattern: '[a-z]+'}\n";
    EXPECT_TRUE(resolve(p, {{"L", "a,bc"}}).ok());
    EXPECT_EQ(error_of(resolve(p, {{"L", "a,B"}})), "Parameter 'L' must match pattern [a-z]+");
    EXPECT_EQ(error_of(resolve("  L: {Type: CommaDelimitedList, AllowedValues: [x, y]}\n",
                               {{"L", "x,z"}})),
              "Parameter 'L' must be one of AllowedValues");
}

TEST(TemplateParameters, ListOfNumbers) {
    std::string p = "  L: {Type: 'List<Number>'}\n";
    auto r = resolve(p, {{"L", "1,2.5"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->values.at("L"), js(R"(["1","2.5"])"));
    EXPECT_EQ(error_of(resolve(p, {{"L", "1,x"}})), "Parameter 'L' must be a number");
}

TEST(TemplateParameters, AwsSpecificTypesAreStrings) {
    auto r = resolve(
        "  K: {Type: 'AWS::EC2::KeyPair::KeyName'}\n  S: {Type: 'List<AWS::EC2::Subnet::Id>'}\n",
        {{"K", "mykey"}, {"S", "subnet-1,subnet-2"}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->values.at("K"), js("\"mykey\""));
    EXPECT_EQ(r->values.at("S"), js(R"(["subnet-1","subnet-2"])"));
}

TEST(TemplateParameters, SsmTypesAreRefused) {
    auto message =
        error_of(resolve("  P: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /a}\n", {}));
    EXPECT_NE(message.find("AWS::SSM::Parameter::Value<String>"), std::string::npos) << message;
    EXPECT_NE(message.find("Freshet does not support SSM parameter types"), std::string::npos)
        << message;
}

TEST(TemplateParameters, UnknownAndMissingTypes) {
    EXPECT_EQ(error_of(resolve("  P: {Type: Strin, Default: a}\n", {})),
              "Template format error: Unrecognized parameter type: Strin");
    EXPECT_EQ(error_of(resolve("  P: {Default: a}\n", {})),
              "Template format error: Every Parameters object must contain a Type member.");
}

TEST(TemplateParameters, NoEcho) {
    auto r = resolve(
        "  Secret: {Type: String, NoEcho: true, Default: s3cr3t}\n"
        "  Other: {Type: String, NoEcho: 'false', Default: x}\n"
        "  Third: {Type: String, NoEcho: 'True', Default: y}\n",
        {});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->no_echo, (std::set<std::string>{"Secret", "Third"}));
    EXPECT_EQ(r->values.at("Secret"), js("\"s3cr3t\""));
}

}  // namespace
}  // namespace freshet::stacks
