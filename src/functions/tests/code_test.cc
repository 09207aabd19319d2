// Code packages: Lambda's CodeSha256, unpacking with executable bits, and refusing zips that
// are broken or would write outside the function's folder.
#include "functions/code.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;

// Builds a zip with Info-ZIP's `zip` (Debian) from files written into a scratch folder.
std::string make_zip(const fs::path& scratch, const std::string& recipe) {
    std::string cmd = "cd " + scratch.string() + " && " + recipe + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(scratch / "out.zip", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class CodeTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("freshet-code-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "src");
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

TEST_F(CodeTest, UnpacksFilesFoldersAndExecutableBits) {
    std::string zip = make_zip(root_ / "src",
                               "mkdir -p lib && echo 'exports.h=1' > index.js && echo x > lib/a.txt"
                               " && printf '#!/bin/sh\\n' > bootstrap && chmod 755 bootstrap"
                               " && zip -r out.zip index.js lib bootstrap");
    ASSERT_TRUE(unpack_zip(zip, (root_ / "code").string()).ok());
    EXPECT_TRUE(fs::exists(root_ / "code/index.js"));
    EXPECT_TRUE(fs::exists(root_ / "code/lib/a.txt"));
    struct stat st;
    ASSERT_EQ(::stat((root_ / "code/bootstrap").c_str(), &st), 0);
    EXPECT_TRUE(st.st_mode & S_IXUSR);
    ASSERT_EQ(::stat((root_ / "code/index.js").c_str(), &st), 0);
    EXPECT_FALSE(st.st_mode & S_IXUSR);
    EXPECT_EQ(code_sha256(zip).size(), 44u);  // base64 of 32 bytes
}

TEST_F(CodeTest, RefusesBrokenZips) {
    auto r = unpack_zip("not a zip at all", (root_ / "code").string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InvalidParameterValueException");
    EXPECT_EQ(r.error().message,
              "Could not unzip uploaded file. Please check your file, then try to upload again.");
    EXPECT_FALSE(fs::exists(root_ / "code"));
}

TEST_F(CodeTest, RefusesEntriesEscapingTheFolderAndSymlinks) {
    // `zip` stores "../evil.txt" as given when asked to: a classic zip-slip archive.
    fs::create_directories(root_ / "src/inner");
    std::ofstream(root_ / "src/evil.txt") << "x";
    std::string slip = make_zip(root_ / "src/inner", "zip out.zip ../evil.txt");
    EXPECT_FALSE(unpack_zip(slip, (root_ / "code1").string()).ok());
    EXPECT_FALSE(fs::exists(root_ / "evil.txt"));
    EXPECT_FALSE(fs::exists(root_ / "code1"));
    std::string link = make_zip(root_ / "src", "ln -s /etc/passwd pw && zip --symlinks out.zip pw");
    EXPECT_FALSE(unpack_zip(link, (root_ / "code2").string()).ok());
    EXPECT_FALSE(fs::exists(root_ / "code2"));
}

TEST_F(CodeTest, RefusesPackagesThatUnpackPastTheLimit) {
    std::string zip = make_zip(root_ / "src",
                               "head -c 3000 /dev/zero > a && head -c 3000 /dev/zero > b"
                               " && zip out.zip a b");
    auto r = unpack_zip(zip, (root_ / "code").string(), 5000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InvalidParameterValueException");
    EXPECT_EQ(r.error().message, "Unzipped size must be smaller than 5000 bytes");
    EXPECT_FALSE(fs::exists(root_ / "code"));
    EXPECT_TRUE(unpack_zip(zip, (root_ / "code").string(), 6001).ok());
    EXPECT_EQ(kMaxUnzippedBytes, 262'144'000u);
}

}  // namespace
}  // namespace freshet::functions
