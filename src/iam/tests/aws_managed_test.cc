// The built-in AWS managed policies: every document parses as a policy, the long ones come from
// managed/*.json at the versions named, and they grant what AWS's versions grant.
#include "iam/aws_managed.h"

#include <gtest/gtest.h>

#include "iam/policy/document.h"

namespace freshet::iam {
namespace {

TEST(AwsManaged, EveryDocumentParses) {
    ASSERT_EQ(aws_managed_policies().size(), 13u);
    for (const auto& p : aws_managed_policies()) {
        ASSERT_EQ(p.versions.size(), 1u) << p.name;
        auto doc = policy::parse_policy(p.versions[0].document);
        EXPECT_TRUE(doc.ok()) << p.name << ": " << (doc.ok() ? "" : doc.error().message);
    }
}

TEST(AwsManaged, TheLongDocumentsAreAwsVersions) {
    auto version_of = [](std::string_view name) -> const store::PolicyVersion& {
        return find_aws_managed("arn:aws:iam::aws:policy/" + std::string(name))->versions[0];
    };
    const auto& ro = version_of("ReadOnlyAccess");
    EXPECT_EQ(ro.id, "v73");
    for (const char* action : {"\"kinesis:Describe*\"", "\"dynamodb:Query\"", "\"s3:Get*\"",
                               "\"xray:Get*\"", "\"a4b:Get*\""}) {
        EXPECT_NE(ro.document.find(action), std::string::npos) << action;
    }
    EXPECT_EQ(version_of("AmazonDynamoDBFullAccess").id, "v9");
    EXPECT_NE(version_of("AmazonDynamoDBFullAccess").document.find("iam:CreateServiceLinkedRole"),
              std::string::npos);
    EXPECT_EQ(version_of("AmazonDynamoDBReadOnlyAccess").id, "v8");
    EXPECT_NE(version_of("AmazonDynamoDBReadOnlyAccess").document.find("\"dax:Scan\""),
              std::string::npos);
}

}  // namespace
}  // namespace freshet::iam
