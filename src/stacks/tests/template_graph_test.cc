// resource_dependencies, creation_waves and references.
#include <gtest/gtest.h>

#include "stacks/template/graph.h"
#include "stacks/tests/template_test_util.h"

namespace freshet::stacks {
namespace {

using testing::error_of;
using testing::js;
using testing::tmpl;
using Deps = std::map<std::string, std::set<std::string>>;

TEST(TemplateGraph, DependenciesFromEveryKindOfReference) {
    auto t = tmpl(
        "Resources:\n"
        "  A: {Type: T, DependsOn: B}\n"
        "  B: {Type: T, DependsOn: [C, D]}\n"
        "  C: {Type: T, Properties: {X: !Ref D, Y: !Ref Param, Z: !Ref 'AWS::Region'}}\n"
        "  D: {Type: T, Properties: {X: [{Y: !GetAtt E.Arn}], W: !GetAtt [F, Deep.Attr]}}\n"
        "  E: {Type: T, Properties: {X: !Sub '${G}-${H.Arn}-${AWS::Region}-${!I}-${Local}'}}\n"
        "  F: {Type: T, Metadata: {M: !If [C1, !Ref G, !Ref H]}}\n"
        "  G: {Type: T, Properties: {X: !Sub ['${V}', {V: !Ref H}]}}\n"
        "  H: {Type: T}\n"
        "  I: {Type: T}\n");
    Deps expected = {{"A", {"B"}},      {"B", {"C", "D"}}, {"C", {"D"}},
                     {"D", {"E", "F"}}, {"E", {"G", "H"}}, {"F", {"G", "H"}},
                     {"G", {"H"}},      {"H", {}},         {"I", {}}};
    EXPECT_EQ(resource_dependencies(t.at("Resources").as_object()), expected);
}

TEST(TemplateGraph, WavesSortedWithinAWave) {
    Deps deps = {{"A", {"B"}}, {"B", {}}, {"C", {}}, {"D", {"A", "C"}}, {"E", {"External"}}};
    auto r = creation_waves(deps);
    ASSERT_TRUE(r.ok()) << r.error().message;
    std::vector<std::vector<std::string>> expected = {{"B", "C", "E"}, {"A"}, {"D"}};
    EXPECT_EQ(r.value(), expected);
    EXPECT_TRUE(creation_waves({})->empty());
}

TEST(TemplateGraph, CycleNamesEveryResourceThatCannotBeOrdered) {
    Deps deps = {{"A", {"B"}}, {"B", {"C"}}, {"C", {"A"}}, {"Alarm", {"A"}}, {"Free", {}}};
    EXPECT_EQ(error_of(creation_waves(deps)),
              "Circular dependency between resources: [A, Alarm, B, C]");
    EXPECT_EQ(error_of(creation_waves({{"Self", {"Self"}}})),
              "Circular dependency between resources: [Self]");
}

TEST(TemplateGraph, References) {
    auto v = js(R"({"a":{"Ref":"X"},"b":[{"Fn::GetAtt":["Y","Arn"]},{"Fn::GetAtt":"Z.Q.R"}],
                    "c":{"Fn::Sub":["${W}-${V.Arn}-${L}-${AWS::StackName}",{"L":{"Ref":"U"}}]},
                    "d":{"Ref":"AWS::NoValue"},"e":{"Fn::If":["Cond",{"Ref":"T1"},{"Ref":"T2"}]}})");
    std::set<std::string> expected = {"T1", "T2", "U", "V", "W", "X", "Y", "Z"};
    EXPECT_EQ(references(v), expected);
    EXPECT_TRUE(references(js(R"({"a":"plain","Ref":"notalone"})")).empty());
}

}  // namespace
}  // namespace freshet::stacks
