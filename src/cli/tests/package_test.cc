// The pure parts of `freshet deploy`'s packaging: finding local code paths in templates,
// replacing only their bytes (comments and short-form tags survive), and zips that are the
// same bytes for the same files, so that a second deploy finds nothing to update.
#include "cli/package.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace freshet::cli {
namespace {

const std::vector<S3Location> kAt(4, S3Location{"b", "k.zip"});

std::string packaged(const std::string& text) {
    auto code = find_local_code_yaml(text);
    EXPECT_TRUE(code.ok());
    return rewrite_yaml(text, *code,
                        std::vector<S3Location>(kAt.begin(), kAt.begin() + code->size()));
}

TEST(PackageYaml, ReplacesOnlyTheLocalPathsBytes) {
    const std::string text =
        "Resources:\n"
        "  F:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      Handler: !Ref H   # a tag\n"
        "      CodeUri: ./src   # a comment\n"
        "  G:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties: {Code: 'my dir', Role: !GetAtt R.Arn}\n"
        "  H:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties: {CodeUri: x, Runtime: y}\n"
        "  I:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      CodeUri: s3://already/there.zip\n";
    auto code = find_local_code_yaml(text);
    ASSERT_TRUE(code.ok());
    ASSERT_EQ(code->size(), 3u);
    EXPECT_EQ((*code)[0].path, "./src");
    EXPECT_EQ((*code)[1].path, "my dir");
    EXPECT_EQ((*code)[2].path, "x");
    EXPECT_EQ(packaged(text),
              "Resources:\n"
              "  F:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Handler: !Ref H   # a tag\n"
              "      CodeUri: s3://b/k.zip   # a comment\n"
              "  G:\n"
              "    Type: AWS::Lambda::Function\n"
              "    Properties: {Code: {S3Bucket: b, S3Key: k.zip}, Role: !GetAtt R.Arn}\n"
              "  H:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties: {CodeUri: \"s3://b/k.zip\", Runtime: y}\n"
              "  I:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      CodeUri: s3://already/there.zip\n");
}

TEST(PackageYaml, GlobalsAndQuotedPaths) {
    EXPECT_EQ(packaged("Globals:\n  Function:\n    CodeUri: \"../co de\"\nResources: {}\n"),
              "Globals:\n  Function:\n    CodeUri: s3://b/k.zip\nResources: {}\n");
}

TEST(PackageYaml, RefusesAPathItCannotReplaceInPlace) {
    auto code = find_local_code_yaml(
        "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      CodeUri: >\n        folded\n");
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.error().code, "ValidationError");
}

TEST(PackageYaml, TemplatesWithoutLocalCodeOrNotYamlAreLeftToCloudFormation) {
    auto none = find_local_code_yaml("Resources:\n  T:\n    Type: AWS::Nope::Thing\n");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    auto broken = find_local_code_yaml("Resources: [\n");
    ASSERT_TRUE(broken.ok());
    EXPECT_TRUE(broken->empty());
}

TEST(PackageJson, RewritesCodeAndCodeUri) {
    const std::string text =
        R"({"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Code": "./c"}},
            "G": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "g"}}}})";
    auto code = find_local_code_json(text);
    ASSERT_TRUE(code.ok());
    ASSERT_EQ(code->size(), 2u);
    auto out = rewrite_json(text, *code, {{"b", "f.zip"}, {"b", "g.zip"}});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, R"({"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"Code":)"
                    R"({"S3Bucket":"b","S3Key":"f.zip"}}},"G":{"Type":"AWS::Serverless::Function",)"
                    R"("Properties":{"CodeUri":"s3://b/g.zip"}}}})");
}

TEST(PackageZip, TheSameFilesGiveTheSameBytes) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("freshet-zip-" + std::to_string(getpid()));
    fs::create_directories(dir / "lib");
    std::ofstream(dir / "index.py") << "def handler(e, c):\n    return 1\n";
    std::ofstream(dir / "lib" / "util.py") << "X = 1\n";
    auto first = zip_local_path(dir);
    ASSERT_TRUE(first.ok());
    fs::last_write_time(dir / "index.py", fs::file_time_type::clock::now() - std::chrono::hours(5));
    auto second = zip_local_path(dir);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);
    EXPECT_NE(first->find("lib/util.py"), std::string::npos);
    EXPECT_EQ(zip_local_path(dir / "nothing").error().code, "ValidationError");
    fs::remove_all(dir);
}

}  // namespace
}  // namespace freshet::cli
