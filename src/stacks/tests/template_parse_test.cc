// parse_template: JSON and YAML bodies, short-form tags, YAML 1.1 scalars, errors.
#include <gtest/gtest.h>

#include "stacks/template/parse.h"
#include "stacks/tests/template_test_util.h"

namespace freshet::stacks {
namespace {

using testing::error_of;
using testing::js;
using testing::tmpl;

TEST(TemplateParse, JsonWhenFirstCharacterIsBrace) {
    auto t = tmpl("  \n {\"Resources\": {\"A\": {\"Type\": \"T\", \"Properties\": {\"N\": 1}}}}");
    EXPECT_EQ(t.at("Resources").at("A").at("Properties").at("N"), js("1"));
}

TEST(TemplateParse, DeeplyNestedJson) {
    std::string body = "{\"Resources\": ";
    for (int i = 0; i < 100; ++i) body += "{\"a\": ";
    body += "1";
    for (int i = 0; i < 101; ++i) body += "}";
    EXPECT_TRUE(parse_template(body).ok());
}

TEST(TemplateParse, JsonErrorHasLineAndColumn) {
    auto r = parse_template("{\n  \"Resources\": {\n    \"A\": x\n}");
    EXPECT_EQ(error_of(r), "Template format error: JSON not well-formed. (line 3, column 10)");
}

TEST(TemplateParse, JsonTopLevelMustBeObject) {
    EXPECT_NE(error_of(parse_template("[1]")).find("Template format error"), std::string::npos);
}

TEST(TemplateParse, YamlPlainScalarsResolveAsYaml11) {
    auto t = tmpl(
        "a: 25\nb: 1.5\nc: '25'\nd: \"true\"\ne: yes\nf: No\ng: on\nh: OFF\ni: true\nj: False\n"
        "k: ~\nl: null\nm:\nn: 010\no: 0x1A\np: 1.10\nq: 1_000\nr: y\ns: hello world\n"
        "t: 2010-09-09\nu: -7\nv: 012345678901\nw: 1:30\n");
    EXPECT_EQ(t.at("a"), js("25"));
    EXPECT_EQ(t.at("b"), js("1.5"));
    EXPECT_EQ(t.at("c"), js("\"25\""));
    EXPECT_EQ(t.at("d"), js("\"true\""));
    EXPECT_EQ(t.at("e"), js("true"));
    EXPECT_EQ(t.at("f"), js("false"));
    EXPECT_EQ(t.at("g"), js("true"));
    EXPECT_EQ(t.at("h"), js("false"));
    EXPECT_EQ(t.at("i"), js("true"));
    EXPECT_EQ(t.at("j"), js("false"));
    EXPECT_TRUE(t.at("k").is_null());
    EXPECT_TRUE(t.at("l").is_null());
    EXPECT_TRUE(t.at("m").is_null());
    EXPECT_EQ(t.at("n"), js("8"));
    EXPECT_EQ(t.at("o"), js("26"));
    EXPECT_EQ(t.at("p"), js("1.1"));
    EXPECT_EQ(t.at("q"), js("1000"));
    EXPECT_EQ(t.at("r"), js("\"y\""));  // y/n are not booleans in SnakeYAML
    EXPECT_EQ(t.at("s"), js("\"hello world\""));
    EXPECT_EQ(t.at("t"), js("\"2010-09-09\""));
    EXPECT_EQ(t.at("u"), js("-7"));
    EXPECT_TRUE(t.at("v").is_double());  // not octal, not decimal: a float, as in SnakeYAML
    EXPECT_EQ(t.at("w"), js("90"));
}

TEST(TemplateParse, KeysAreStrings) {
    auto t = tmpl("1: a\ntrue: b\n");
    EXPECT_EQ(t.at("1"), js("\"a\""));
    EXPECT_EQ(t.at("true"), js("\"b\""));
}

TEST(TemplateParse, ShortFormTags) {
    auto t = tmpl(
        "ref: !Ref Bucket\n"
        "att: !GetAtt Fn.SnapStartResponse.ApplyOn\n"
        "attlist: !GetAtt [Fn, Arn]\n"
        "sub: !Sub 'arn:${AWS::Region}'\n"
        "subnum: !Sub 123\n"
        "join: !Join [',', [a, b]]\n"
        "select: !Select [0, [a]]\n"
        "split: !Split [',', 'a,b']\n"
        "if: !If [C, a, b]\n"
        "equals: !Equals [a, b]\n"
        "and: !And [!Condition A, !Condition B]\n"
        "or: !Or [!Condition A, !Condition B]\n"
        "not: !Not [!Condition A]\n"
        "map: !FindInMap [M, k1, k2]\n"
        "b64: !Base64 text\n"
        "azs: !GetAZs ''\n"
        "azsempty: !GetAZs\n"
        "imp: !ImportValue Exported\n"
        "cidr: !Cidr [10.0.0.0/16, 2, 8]\n"
        "cond: !Condition IsProd\n");
    EXPECT_EQ(t.at("ref"), js(R"({"Ref":"Bucket"})"));
    EXPECT_EQ(t.at("att"), js(R"({"Fn::GetAtt":["Fn","SnapStartResponse.ApplyOn"]})"));
    EXPECT_EQ(t.at("attlist"), js(R"({"Fn::GetAtt":["Fn","Arn"]})"));
    EXPECT_EQ(t.at("sub"), js(R"({"Fn::Sub":"arn:${AWS::Region}"})"));
    EXPECT_EQ(t.at("subnum"), js(R"({"Fn::Sub":"123"})"));
    EXPECT_EQ(t.at("join"), js(R"({"Fn::Join":[",",["a","b"]]})"));
    EXPECT_EQ(t.at("select"), js(R"({"Fn::Select":[0,["a"]]})"));
    EXPECT_EQ(t.at("split"), js(R"({"Fn::Split":[",","a,b"]})"));
    EXPECT_EQ(t.at("if"), js(R"({"Fn::If":["C","a","b"]})"));
    EXPECT_EQ(t.at("equals"), js(R"({"Fn::Equals":["a","b"]})"));
    EXPECT_EQ(t.at("and"), js(R"({"Fn::And":[{"Condition":"A"},{"Condition":"B"}]})"));
    EXPECT_EQ(t.at("or"), js(R"({"Fn::Or":[{"Condition":"A"},{"Condition":"B"}]})"));
    EXPECT_EQ(t.at("not"), js(R"({"Fn::Not":[{"Condition":"A"}]})"));
    EXPECT_EQ(t.at("map"), js(R"({"Fn::FindInMap":["M","k1","k2"]})"));
    EXPECT_EQ(t.at("b64"), js(R"({"Fn::Base64":"text"})"));
    EXPECT_EQ(t.at("azs"), js(R"({"Fn::GetAZs":""})"));
    EXPECT_EQ(t.at("azsempty"), js(R"({"Fn::GetAZs":""})"));
    EXPECT_EQ(t.at("imp"), js(R"({"Fn::ImportValue":"Exported"})"));
    EXPECT_EQ(t.at("cidr"), js(R"({"Fn::Cidr":["10.0.0.0/16",2,8]})"));
    EXPECT_EQ(t.at("cond"), js(R"({"Condition":"IsProd"})"));
}

TEST(TemplateParse, TagsNest) {
    auto t = tmpl(
        "v: !Join\n"
        "  - ''\n"
        "  - - !Sub '${AWS::StackName}-'\n"
        "    - !Select [1, !Split ['-', !Ref Name]]\n"
        "    - !If [C, !GetAtt A.Arn, !Ref AWS::NoValue]\n");
    EXPECT_EQ(t.at("v"), js(R"({"Fn::Join":["",[{"Fn::Sub":"${AWS::StackName}-"},
        {"Fn::Select":[1,{"Fn::Split":["-",{"Ref":"Name"}]}]},
        {"Fn::If":["C",{"Fn::GetAtt":["A","Arn"]},{"Ref":"AWS::NoValue"}]}]]})"));
}

TEST(TemplateParse, LongFormInYaml) {
    auto t = tmpl("v:\n  Fn::GetAtt: [A, Arn]\nw:\n  Ref: X\n");
    EXPECT_EQ(t.at("v"), js(R"({"Fn::GetAtt":["A","Arn"]})"));
    EXPECT_EQ(t.at("w"), js(R"({"Ref":"X"})"));
}

TEST(TemplateParse, DuplicateKeyIsAnError) {
    EXPECT_EQ(error_of(parse_template("Resources:\n  A: 1\n  A: 2\n")),
              "Template format error: YAML not well-formed. (line 3, column 3)");
}

TEST(TemplateParse, MalformedYamlHasLineAndColumn) {
    auto message = error_of(parse_template("Resources:\n  A: [1, 2\n"));
    EXPECT_EQ(message.rfind("Template format error: YAML not well-formed. (line ", 0), 0u)
        << message;
}

TEST(TemplateParse, UnknownTagIsAnError) {
    EXPECT_EQ(error_of(parse_template("a: !Foo x\n")),
              "Template format error: YAML not well-formed. (line 1, column 4)");
}

TEST(TemplateParse, YamlTopLevelMustBeMap) {
    EXPECT_NE(error_of(parse_template("- a\n- b\n")).find("Template format error"),
              std::string::npos);
    EXPECT_NE(error_of(parse_template("just text")).find("Template format error"),
              std::string::npos);
}

TEST(TemplateParse, AnchorsAndAliases) {
    auto t = tmpl("a: &x {k: v}\nb: *x\n");
    EXPECT_EQ(t.at("b"), js(R"({"k":"v"})"));
}

TEST(TemplateParse, ReferenceTemplate) {
    auto t = tmpl(testing::kReferenceTemplate);
    EXPECT_EQ(t.at("AWSTemplateFormatVersion"), js("\"2010-09-09\""));
    EXPECT_EQ(t.at("Transform"), js("\"AWS::Serverless-2016-10-31\""));
    EXPECT_EQ(t.at("Parameters"),
              js(R"({"LambdaHandler":{"Type":"String","Default":"index.handler"}})"));
    const auto& resources = t.at("Resources").as_object();
    EXPECT_EQ(resources.size(), 3u);
    EXPECT_EQ(resources.at("EventStream"),
              js(R"({"Type":"AWS::Kinesis::Stream","Properties":{"ShardCount":1}})"));
    const auto& policy = resources.at("ClientPolicy").at("Properties");
    EXPECT_EQ(policy.at("PolicyName"), js("\"ClientPolicy\""));
    EXPECT_EQ(policy.at("PolicyDocument").at("Statement").at(0),
              js(R"({"Effect":"Allow","Action":["kinesis:Put*"],
                     "Resource":{"Fn::Sub":"arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${EventStream}"}})"));
    EXPECT_EQ(policy.at("Users"), js(R"([{"Ref":"streamprocessingclient"}])"));
    EXPECT_EQ(resources.at("streamprocessingclient"), js(R"({"Type":"AWS::IAM::User"})"));
    EXPECT_EQ(t.at("Outputs"), js(R"({"KinesisStream":{"Value":{"Ref":"EventStream"}},
                                      "Arn":{"Value":{"Fn::GetAtt":["EventStream","Arn"]}}})"));
}

}  // namespace
}  // namespace freshet::stacks
