// Table-driven tests of policy parsing and AWS's MalformedPolicyDocument messages.
#include <gtest/gtest.h>

#include "iam/policy/document.h"

namespace freshet::iam::policy {
namespace {

struct ParseCase {
    const char* name;
    const char* document;
    PolicyKind kind;
    const char* error;  // "" when the document is valid
    bool require_current = false;
};

constexpr const char* kSyntax = "Syntax errors in policy.";
constexpr auto kId = PolicyKind::Identity;
constexpr auto kTrust = PolicyKind::Trust;

const ParseCase kCases[] = {
    {"minimal",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     kId, ""},
    {"statement_list",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["a:b","c:d"],"Resource":["*"]}]})",
     kId, ""},
    {"no_version_inline", R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})", kId,
     ""},
    {"old_version_for_managed",
     R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     kId, "Policy document must be version 2012-10-17 or greater.", true},
    {"no_version_for_managed", R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     kId, "Policy document must be version 2012-10-17 or greater.", true},
    {"not_json", "{nope", kId, kSyntax},
    {"array_top", "[]", kId, kSyntax},
    {"unknown_top_element",
     R"({"Version":"2012-10-17","Foo":1,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     kId, kSyntax},
    {"bad_version",
     R"({"Version":"2013-01-01","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     kId, kSyntax},
    {"no_statement", R"({"Version":"2012-10-17"})", kId, kSyntax},
    {"empty_statement_list", R"({"Version":"2012-10-17","Statement":[]})", kId, kSyntax},
    {"statement_string", R"({"Version":"2012-10-17","Statement":"x"})", kId, kSyntax},
    {"unknown_statement_element",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Foo":"x"}})",
     kId, kSyntax},
    {"missing_effect", R"({"Version":"2012-10-17","Statement":{"Action":"s3:*","Resource":"*"}})",
     kId, kSyntax},
    {"bad_effect",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Maybe","Action":"s3:*","Resource":"*"}})",
     kId, kSyntax},
    {"effect_wrong_case",
     R"({"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}})",
     kId, "The policy failed legacy parsing"},
    {"action_and_notaction",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:x","Resource":"*"}})",
     kId, kSyntax},
    {"resource_and_notresource",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}})",
     kId, kSyntax},
    {"action_number",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":5,"Resource":"*"}})", kId,
     kSyntax},
    {"condition_not_object",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":"x"}})",
     kId, kSyntax},
    {"unknown_condition_operator",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringSortOf":{"a:b":"c"}}}})",
     kId, kSyntax},
    {"bool_condition_value",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}})",
     kId, ""},
    {"bad_date_condition",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}})",
     kId, "The policy failed legacy parsing"},
    {"good_date_condition",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}})",
     kId, ""},
    {"duplicate_sid",
     R"({"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Deny","Action":"s3:*","Resource":"*"}]})",
     kId, "Statement IDs (SID) in a single policy must be unique."},
    {"no_action", R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}})", kId,
     "Policy statement must contain actions."},
    {"empty_action_list",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}})", kId,
     "Policy statement must contain actions."},
    {"no_resource", R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}})",
     kId, "Policy statement must contain resources."},
    {"resource_not_arn",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}})",
     kId, "Resource bucket must be in ARN format or \"*\"."},
    {"iam_resource_with_region",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam:us-east-1:123456789012:user/x"}})",
     kId,
     "IAM resource arn:aws:iam:us-east-1:123456789012:user/x cannot contain region information."},
    {"action_without_vendor",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}})",
     kId, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
    {"action_two_colons",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}})",
     kId, "Actions/Condition can contain only one colon."},
    {"action_bad_vendor",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s 3:Get","Resource":"*"}})",
     kId, "Vendor s 3 is not valid"},
    {"identity_with_principal",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}})",
     kId, "Policy document should not specify a principal."},
    {"trust_policy",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}})",
     kTrust, ""},
    {"trust_without_principal",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}})", kTrust,
     "Missing required field Principal"},
    {"trust_with_resource",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}})",
     kTrust, "Has prohibited field Resource"},
    {"trust_principal_bad_string",
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"someone","Action":"sts:AssumeRole"}})",
     kTrust, kSyntax},
};

class ParseTable : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTable, MatchesAws) {
    const ParseCase& c = GetParam();
    auto r = parse_policy(c.document, ParseOptions{c.kind, c.require_current});
    if (std::string(c.error).empty()) {
        ASSERT_TRUE(r.ok()) << r.error().message;
    } else {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, "MalformedPolicyDocument");
        EXPECT_EQ(r.error().status, 400);
        EXPECT_EQ(r.error().message, c.error);
    }
}

INSTANTIATE_TEST_SUITE_P(Policy, ParseTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(PolicyParse, KeepsElements) {
    auto r = parse_policy(
        R"({"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Deny","NotAction":["iam:*"],)"
        R"("NotResource":"arn:aws:s3:::b","Condition":{"StringLike":{"aws:username":["a*","b"]}}}]})");
    ASSERT_TRUE(r.ok());
    const Statement& st = r->statements.at(0);
    EXPECT_EQ(st.sid, "s");
    EXPECT_EQ(st.effect, Effect::Deny);
    EXPECT_TRUE(st.not_action);
    EXPECT_TRUE(st.not_resource);
    ASSERT_EQ(st.conditions.size(), 1u);
    EXPECT_EQ(st.conditions[0].op, "StringLike");
    EXPECT_EQ(st.conditions[0].values, (std::vector<std::string>{"a*", "b"}));
    EXPECT_EQ(r->version, "2012-10-17");
}

}  // namespace
}  // namespace freshet::iam::policy
