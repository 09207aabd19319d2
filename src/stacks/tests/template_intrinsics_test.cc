// evaluate and evaluate_conditions: every intrinsic function, NoValue, conditions.
#include <gtest/gtest.h>

#include "stacks/template/common.h"
#include "stacks/template/intrinsics.h"
#include "stacks/tests/template_test_util.h"

namespace freshet::stacks {
namespace {

using testing::error_of;
using testing::js;
using testing::tmpl;
namespace json = boost::json;

// Resources Bucket and Fn; exports "Shared".
class FakeResources : public ResourceValues {
  public:
    Result<json::value> ref(const std::string& id) const override {
        if (id == "Bucket") return json::value("my-bucket");
        if (id == "Fn") return json::value("my-function");
        return template_error("no resource " + id);
    }
    Result<json::value> get_att(const std::string& id, const std::string& attr) const override {
        if (attr == "List") return json::value(json::array{"x", "y"});
        return json::value(json::string(id + "/" + attr));
    }
    Result<json::value> import_value(const std::string& name) const override {
        if (name == "Shared") return json::value("imported");
        return template_error("No export named " + name + " found");
    }
};

class TemplateIntrinsics : public ::testing::Test {
  protected:
    TemplateIntrinsics() {
        params_.values["Env"] = "prod";
        params_.values["Count"] = "3";
        params_.values["Subnets"] = json::array{"s1", "s2"};
        mappings_ =
            js(R"({"Regions":{"us-east-1":{"Ami":"ami-1","Zones":["a","b"]}}})").as_object();
        conditions_ = {{"IsProd", true}, {"IsDev", false}};
        ctx_.mappings = &mappings_;
        ctx_.parameters = &params_;
        ctx_.conditions = &conditions_;
        ctx_.pseudo.stack_name = "stk";
        ctx_.pseudo.stack_id = "arn:aws:cloudformation:us-east-1:123456789012:stack/stk/id";
        ctx_.pseudo.account_id = "123456789012";
        ctx_.resources = &resources_;
    }
    json::value eval(const char* text) {
        auto r = evaluate(js(text), ctx_);
        if (!r.ok()) ADD_FAILURE() << text << ": " << r.error().message;
        return r.ok() ? r.value() : json::value();
    }
    json::value eval_yaml(const std::string& yaml) {
        auto r = evaluate(tmpl("v: " + yaml + "\n").at("v"), ctx_);
        if (!r.ok()) ADD_FAILURE() << yaml << ": " << r.error().message;
        return r.ok() ? r.value() : json::value();
    }
    std::string fail(const char* text) { return error_of(evaluate(js(text), ctx_)); }

    Parameters params_;
    json::object mappings_;
    std::map<std::string, bool> conditions_;
    FakeResources resources_;
    EvalContext ctx_;
};

TEST_F(TemplateIntrinsics, PlainValuesAreUnchanged) {
    EXPECT_EQ(eval(R"({"a":[1,true,null,"s"],"b":{"c":1.5}})"),
              js(R"({"a":[1,true,null,"s"],"b":{"c":1.5}})"));
}

TEST_F(TemplateIntrinsics, OneKeyObjectThatIsNotAFunction) {
    EXPECT_EQ(eval(R"({"Key":{"Ref":"Env"}})"), js(R"({"Key":"prod"})"));
    EXPECT_EQ(eval(R"({"Condition":"IsProd"})"), js(R"({"Condition":"IsProd"})"));
}

TEST_F(TemplateIntrinsics, RefParametersPseudoAndResources) {
    EXPECT_EQ(eval(R"({"Ref":"Env"})"), js("\"prod\""));
    EXPECT_EQ(eval(R"({"Ref":"Subnets"})"), js(R"(["s1","s2"])"));
    EXPECT_EQ(eval(R"({"Ref":"AWS::StackName"})"), js("\"stk\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::StackId"})"),
              js("\"arn:aws:cloudformation:us-east-1:123456789012:stack/stk/id\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::Region"})"), js("\"us-east-1\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::AccountId"})"), js("\"123456789012\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::Partition"})"), js("\"aws\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::URLSuffix"})"), js("\"amazonaws.com\""));
    EXPECT_EQ(eval(R"({"Ref":"AWS::NotificationARNs"})"), js("[]"));
    EXPECT_EQ(eval(R"({"Ref":"Bucket"})"), js("\"my-bucket\""));
    EXPECT_EQ(fail(R"({"Ref":"Nope"})"), "no resource Nope");
    EXPECT_EQ(fail(R"({"Ref":["Env"]})"), "Template error: All References must be of type string");
}

TEST_F(TemplateIntrinsics, NoValueRemovesKeysAndElements) {
    EXPECT_EQ(eval(R"({"a":1,"b":{"Ref":"AWS::NoValue"}})"), js(R"({"a":1})"));
    EXPECT_EQ(eval(R"([1,{"Ref":"AWS::NoValue"},2])"), js("[1,2]"));
    EXPECT_EQ(eval(R"({"a":{"Fn::If":["IsDev","x",{"Ref":"AWS::NoValue"}]}})"), js("{}"));
    EXPECT_EQ(eval(R"([{"Fn::If":["IsProd",{"Ref":"AWS::NoValue"},"x"]}])"), js("[]"));
    EXPECT_TRUE(eval(R"({"Ref":"AWS::NoValue"})").is_null());
    EXPECT_EQ(eval(R"({"Fn::Join":["-",["a",{"Ref":"AWS::NoValue"},"b"]]})"), js("\"a-b\""));
}

TEST_F(TemplateIntrinsics, GetAtt) {
    EXPECT_EQ(eval(R"({"Fn::GetAtt":["Fn","Arn"]})"), js("\"Fn/Arn\""));
    EXPECT_EQ(eval(R"({"Fn::GetAtt":"Fn.SnapStartResponse.ApplyOn"})"),
              js("\"Fn/SnapStartResponse.ApplyOn\""));
    EXPECT_EQ(eval_yaml("!GetAtt Fn.SnapStartResponse.ApplyOn"),
              js("\"Fn/SnapStartResponse.ApplyOn\""));
    EXPECT_EQ(eval(R"({"Fn::GetAtt":["Fn",{"Ref":"Env"}]})"), js("\"Fn/prod\""));
    const char* message =
        "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource "
        "name and the resource attribute";
    EXPECT_EQ(fail(R"({"Fn::GetAtt":["Fn"]})"), message);
    EXPECT_EQ(fail(R"({"Fn::GetAtt":"Fn"})"), message);
    EXPECT_EQ(fail(R"({"Fn::GetAtt":["Fn",""]})"), message);
}

TEST_F(TemplateIntrinsics, SubStringForm) {
    EXPECT_EQ(
        eval(R"({"Fn::Sub":"arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${Bucket}"})"),
        js("\"arn:aws:kinesis:us-east-1:123456789012:stream/my-bucket\""));
    EXPECT_EQ(eval(R"({"Fn::Sub":"${Env}-${Fn.Arn}-${Count}"})"), js("\"prod-Fn/Arn-3\""));
    EXPECT_EQ(eval(R"({"Fn::Sub":"${!Literal} and ${ Env }"})"), js("\"${Literal} and prod\""));
    EXPECT_EQ(eval(R"({"Fn::Sub":"no vars, unclosed ${x"})"), js("\"no vars, unclosed ${x\""));
    EXPECT_EQ(fail(R"({"Fn::Sub":"${Subnets}"})"),
              "Template error: every variable in an Fn::sub object must reference a string");
}

TEST_F(TemplateIntrinsics, SubListForm) {
    EXPECT_EQ(eval(R"({"Fn::Sub":["${A}/${Env}/${N}",{"A":{"Ref":"Bucket"},"N":5}]})"),
              js("\"my-bucket/prod/5\""));
    const char* message =
        "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. "
        "Specify a string as first argument, and an optional second argument to specify a mapping "
        "of values to replace in the string";
    EXPECT_EQ(fail(R"({"Fn::Sub":["${A}"]})"), message);
    EXPECT_EQ(fail(R"({"Fn::Sub":["${A}",["x"]]})"), message);
    EXPECT_EQ(fail(R"({"Fn::Sub":{"a":1}})"), message);
    EXPECT_EQ(fail(R"({"Fn::Sub":["${A}",{"A":["x"]}]})"),
              "Template error: every value of the context object of every Fn::Sub object must be a "
              "string or a function that returns a string");
}

TEST_F(TemplateIntrinsics, Join) {
    EXPECT_EQ(eval(R"({"Fn::Join":[",",["a",1,true,{"Ref":"Env"}]]})"), js("\"a,1,true,prod\""));
    EXPECT_EQ(eval(R"({"Fn::Join":["",[]]})"), js("\"\""));
    EXPECT_EQ(eval(R"({"Fn::Join":["|",{"Ref":"Subnets"}]})"), js("\"s1|s2\""));
    EXPECT_EQ(eval(R"({"Fn::Join":[",",{"Fn::GetAZs":""}]})"),
              js("\"us-east-1a,us-east-1b,us-east-1c\""));
    const char* message =
        "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and "
        "(2) a list of strings to be joined or a function that returns a list of strings (such as "
        "Fn::GetAZs) to be joined.";
    EXPECT_EQ(fail(R"({"Fn::Join":[","]})"), message);
    EXPECT_EQ(fail(R"({"Fn::Join":[",","a"]})"), message);
    EXPECT_EQ(fail(R"({"Fn::Join":[",",[["nested"]]]})"), message);
    EXPECT_EQ(fail(R"({"Fn::Join":"x"})"), message);
}

TEST_F(TemplateIntrinsics, Select) {
    EXPECT_EQ(eval(R"({"Fn::Select":[1,["a","b","c"]]})"), js("\"b\""));
    EXPECT_EQ(eval(R"({"Fn::Select":["0",{"Ref":"Subnets"}]})"), js("\"s1\""));
    EXPECT_EQ(eval(R"({"Fn::Select":[{"Ref":"Count"},["a","b","c","d"]]})"), js("\"d\""));
    EXPECT_EQ(eval(R"({"Fn::Select":[2,{"Fn::GetAZs":""}]})"), js("\"us-east-1c\""));
    EXPECT_EQ(fail(R"({"Fn::Select":[3,["a","b","c"]]})"),
              "Template error: Fn::Select cannot select nonexistent value at index 3");
    EXPECT_EQ(fail(R"({"Fn::Select":[-1,["a"]]})"),
              "Template error: Fn::Select cannot select nonexistent value at index -1");
    EXPECT_EQ(fail(R"({"Fn::Select":["x",["a"]]})"),
              "Template error: Fn::Select requires a list argument with a valid index value as its "
              "first element");
    EXPECT_EQ(fail(R"({"Fn::Select":[0,"a"]})"),
              "Template error: Fn::Select requires a list argument with two elements: an integer "
              "index and a list");
}

TEST_F(TemplateIntrinsics, Split) {
    EXPECT_EQ(eval(R"({"Fn::Split":[",","a,b,,c"]})"), js(R"(["a","b","","c"])"));
    EXPECT_EQ(eval(R"({"Fn::Select":[1,{"Fn::Split":["::","x::y"]}]})"), js("\"y\""));
    EXPECT_EQ(
        fail(R"({"Fn::Split":[","]})"),
        "Template error: every Fn::Split object requires two parameters, (1) a string delimiter "
        "and (2) a string to be split or a function that returns a string to be split.");
}

TEST_F(TemplateIntrinsics, If) {
    EXPECT_EQ(eval(R"({"Fn::If":["IsProd",{"Ref":"Env"},"no"]})"), js("\"prod\""));
    EXPECT_EQ(eval(R"({"Fn::If":["IsDev","yes",{"a":{"Ref":"Count"}}]})"), js(R"({"a":"3"})"));
    // The branch not taken is not evaluated.
    EXPECT_EQ(eval(R"({"Fn::If":["IsProd","ok",{"Ref":"Nope"}]})"), js("\"ok\""));
    EXPECT_EQ(fail(R"({"Fn::If":["Unknown","a","b"]})"),
              "Template error: unresolved condition dependency Unknown in Fn::If");
    EXPECT_EQ(fail(R"({"Fn::If":["IsProd","a"]})"),
              "Template error: Fn::If requires a list argument with three elements");
    EXPECT_EQ(
        fail(R"({"Fn::If":"IsProd"})"),
        "Template error: Fn::If requires a list argument with the first element being a condition");
}

TEST_F(TemplateIntrinsics, EqualsAndBooleanFunctions) {
    EXPECT_EQ(eval(R"({"Fn::Equals":[{"Ref":"Env"},"prod"]})"), js("true"));
    EXPECT_EQ(eval(R"({"Fn::Equals":[{"Ref":"Count"},3]})"), js("true"));  // compared as strings
    EXPECT_EQ(eval(R"({"Fn::Equals":["a","b"]})"), js("false"));
    EXPECT_EQ(eval(R"({"Fn::And":[{"Condition":"IsProd"},{"Fn::Equals":["a","a"]}]})"), js("true"));
    EXPECT_EQ(eval(R"({"Fn::And":[{"Condition":"IsProd"},{"Condition":"IsDev"}]})"), js("false"));
    EXPECT_EQ(eval(R"({"Fn::Or":[{"Condition":"IsDev"},{"Fn::Not":[{"Condition":"IsDev"}]}]})"),
              js("true"));
    EXPECT_EQ(eval(R"({"Fn::Or":[{"Condition":"IsDev"},{"Condition":"IsDev"}]})"), js("false"));
    EXPECT_EQ(eval(R"({"Fn::Not":[{"Fn::Equals":["a","b"]}]})"), js("true"));
    EXPECT_EQ(fail(R"({"Fn::Equals":["a"]})"),
              "Template error: Fn::Equals requires a list argument with two elements");
    EXPECT_EQ(fail(R"({"Fn::And":[{"Condition":"IsProd"}]})"),
              "Template error: every Fn::And object requires a list of at least 2 and at most 10 "
              "boolean parameters.");
    EXPECT_EQ(fail(R"({"Fn::Or":[{"Condition":"IsProd"},"x"]})"),
              "Template error: every Fn::Or object requires a list of at least 2 and at most 10 "
              "boolean parameters.");
    EXPECT_EQ(fail(R"({"Fn::Not":[]})"),
              "Template error: Fn::Not requires a list argument with one element");
    EXPECT_EQ(fail(R"({"Fn::Not":["x"]})"),
              "Template error: Fn::Not requires a list argument with one function token");
    EXPECT_EQ(fail(R"({"Fn::Not":[{"Condition":"Nope"}]})"),
              "Template error: unresolved condition dependency Nope in Fn::Not");
}

TEST_F(TemplateIntrinsics, FindInMap) {
    EXPECT_EQ(eval(R"({"Fn::FindInMap":["Regions",{"Ref":"AWS::Region"},"Ami"]})"),
              js("\"ami-1\""));
    EXPECT_EQ(eval(R"({"Fn::FindInMap":["Regions","us-east-1","Zones"]})"), js(R"(["a","b"])"));
    EXPECT_EQ(fail(R"({"Fn::FindInMap":["Regions","eu-west-1","Ami"]})"),
              "Template error: Unable to get mapping for Regions::eu-west-1::Ami");
    EXPECT_EQ(fail(R"({"Fn::FindInMap":["Regions","us-east-1","Nope"]})"),
              "Template error: Unable to get mapping for Regions::us-east-1::Nope");
    EXPECT_EQ(fail(R"({"Fn::FindInMap":["Other","a","b"]})"),
              "Template error: Mapping named 'Other' is not present in the 'Mappings' section of "
              "template");
    EXPECT_EQ(
        fail(R"({"Fn::FindInMap":["Regions","us-east-1"]})"),
        "Template error: every Fn::FindInMap object requires three parameters, the map name, map "
        "key and the attribute for return value");
}

TEST_F(TemplateIntrinsics, Base64GetAZsImportValue) {
    EXPECT_EQ(eval(R"({"Fn::Base64":{"Fn::Sub":"echo ${Env}"}})"), js("\"ZWNobyBwcm9k\""));
    EXPECT_EQ(fail(R"({"Fn::Base64":["x"]})"),
              "Template error: every Fn::Base64 object must have a String-typed value.");
    EXPECT_EQ(eval(R"({"Fn::GetAZs":""})"), js(R"(["us-east-1a","us-east-1b","us-east-1c"])"));
    EXPECT_EQ(eval(R"({"Fn::GetAZs":{"Ref":"AWS::Region"}})"),
              js(R"(["us-east-1a","us-east-1b","us-east-1c"])"));
    EXPECT_EQ(eval(R"({"Fn::GetAZs":"eu-west-1"})"),
              js(R"(["eu-west-1a","eu-west-1b","eu-west-1c"])"));
    EXPECT_EQ(eval(R"({"Fn::ImportValue":"Shared"})"), js("\"imported\""));
    EXPECT_EQ(eval(R"({"Fn::ImportValue":{"Fn::Join":["",["Sha","red"]]}})"), js("\"imported\""));
    EXPECT_EQ(fail(R"({"Fn::ImportValue":"Missing"})"), "No export named Missing found");
}

TEST_F(TemplateIntrinsics, Cidr) {
    EXPECT_EQ(eval(R"({"Fn::Cidr":["10.0.0.0/16",3,8]})"),
              js(R"(["10.0.0.0/24","10.0.1.0/24","10.0.2.0/24"])"));
    EXPECT_EQ(eval(R"({"Fn::Cidr":["192.168.0.0/24","2","6"]})"),
              js(R"(["192.168.0.0/26","192.168.0.64/26"])"));
    EXPECT_NE(fail(R"({"Fn::Cidr":["10.0.0.0/16",3]})").find("Fn::Cidr"), std::string::npos);
    EXPECT_NE(fail(R"({"Fn::Cidr":["10.0.0.0/24",3,9]})").find("Fn::Cidr"), std::string::npos);
    EXPECT_NE(fail(R"({"Fn::Cidr":["fd00::/56",3,64]})").find("IPv4"), std::string::npos);
}

TEST_F(TemplateIntrinsics, ResourcesAreNotAvailableWhileEvaluatingConditions) {
    ctx_.resources = nullptr;
    EXPECT_EQ(
        fail(R"({"Ref":"Bucket"})"),
        "Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in "
        "the Conditions block of the template");
    EXPECT_EQ(fail(R"({"Fn::ImportValue":"Shared"})"),
              "Template error: Cannot use Fn::ImportValue in Conditions");
}

TEST_F(TemplateIntrinsics, ConditionsSection) {
    auto t = tmpl(
        "Conditions:\n"
        "  Both: !And [!Condition IsProd, !Condition HasThree]\n"
        "  IsProd: !Equals [!Ref Env, prod]\n"
        "  HasThree: !Equals [!Ref Count, 3]\n"
        "  NotProd: !Not [!Condition IsProd]\n"
        "  Alias: !Condition NotProd\n"
        "  East: !Equals [!Ref 'AWS::Region', us-east-1]\n");
    auto r = evaluate_conditions(t, ctx_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    std::map<std::string, bool> expected = {{"Both", true},     {"IsProd", true},
                                            {"HasThree", true}, {"NotProd", false},
                                            {"Alias", false},   {"East", true}};
    EXPECT_EQ(r.value(), expected);
    EXPECT_TRUE(evaluate_conditions(tmpl("Resources: {}\n"), ctx_)->empty());
}

TEST_F(TemplateIntrinsics, ConditionErrors) {
    EXPECT_EQ(
        error_of(evaluate_conditions(tmpl("Conditions:\n  A: !Equals [!Ref Bucket, x]\n"), ctx_)),
        "Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in "
        "the Conditions block of the template");
    EXPECT_EQ(error_of(evaluate_conditions(
                  tmpl("Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n"), ctx_)),
              "Template format error: Circular dependency between conditions: [A, B]");
    EXPECT_EQ(error_of(evaluate_conditions(tmpl("Conditions:\n  A: !Not [!Condition Z]\n"), ctx_)),
              "Template format error: Unresolved condition dependency Z in the Conditions block of "
              "the template");
    EXPECT_EQ(error_of(evaluate_conditions(tmpl("Conditions:\n  A: !Ref Env\n"), ctx_)),
              "Template error: Conditions can only be boolean operations on parameters and other "
              "conditions");
    EXPECT_EQ(error_of(evaluate_conditions(tmpl("Conditions:\n  A: !Equals [!ImportValue X, x]\n"),
                                           ctx_)),
              "Template error: Cannot use Fn::ImportValue in Conditions");
}

TEST(TemplateScalars, JavaStyleNumbers) {
    EXPECT_EQ(scalar_string(json::value(25)), "25");
    EXPECT_EQ(scalar_string(json::value(1.5)), "1.5");
    EXPECT_EQ(scalar_string(json::value(1.0)), "1.0");
    EXPECT_EQ(scalar_string(json::value(12345678901.0)), "1.2345678901E10");
    EXPECT_EQ(scalar_string(json::value(0.0001)), "1.0E-4");
    EXPECT_EQ(scalar_string(json::value(-0.25)), "-0.25");
    EXPECT_EQ(scalar_string(json::value(true)), "true");
    EXPECT_FALSE(scalar_string(json::value(nullptr)));
    EXPECT_FALSE(scalar_string(json::value(json::array{})));
}

TEST(TemplateScalars, SplitSub) {
    auto parts = split_sub("a${B}c${!D}${ E.F }");
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_FALSE(parts[0].variable);
    EXPECT_EQ(parts[0].text, "a");
    EXPECT_TRUE(parts[1].variable);
    EXPECT_EQ(parts[1].text, "B");
    EXPECT_EQ(parts[2].text, "c${D}");
    EXPECT_TRUE(parts[3].variable);
    EXPECT_EQ(parts[3].text, "E.F");
}

}  // namespace
}  // namespace freshet::stacks
