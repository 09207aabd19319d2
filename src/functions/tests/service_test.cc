// The Lambda API in-process: real storage, real code packages and real function processes;
// only the role's credentials come from a stand-in (the identities service mints them in the
// server). Create, read, list, invoke, update, delete, and Lambda's errors.
#include "functions/service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "storage/db.h"

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;
namespace m = model;

class ServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("freshet-lambda-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "src");
        storage::Db::Options o;
        o.path = (root_ / "db").string();
        db_ = storage::Db::open(o).value();
        FunctionsOptions fo;
        fo.data_dir = root_.string();
        fo.endpoint_url = "http://127.0.0.1:4566";
        fo.layout.runtimes_dir = std::string(FRESHET_SOURCE_DIR) + "/runtimes";
        fo.layout.sdk_node_path = std::string(FRESHET_SOURCE_DIR) + "/node_modules";
        service_ = std::make_unique<FunctionsService>(
            *db_, fo,
            [](const std::string& role,
               const std::string&) -> Result<std::map<std::string, std::string>> {
                if (role.find(":role/") == std::string::npos)
                    return ApiError{"NoSuchEntity", "no role", 404};
                return std::map<std::string, std::string>{{"AWS_ACCESS_KEY_ID", "ASIATEST"},
                                                          {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                          {"AWS_SESSION_TOKEN", "token"}};
            });
        ctx_.principal.account_id = "123456789012";
        ctx_.region = "us-east-1";
    }
    void TearDown() override {
        service_.reset();
        db_->close();
        fs::remove_all(root_);
    }

    std::string zip_of(const std::string& js) {
        std::ofstream(root_ / "src/index.js") << js;
        fs::remove(root_ / "src/out.zip");
        std::string cmd = "cd " + (root_ / "src").string() + " && zip -q out.zip index.js";
        EXPECT_EQ(std::system(cmd.c_str()), 0);
        std::ifstream in(root_ / "src/out.zip", std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    Result<m::FunctionConfiguration> create(const std::string& name, const std::string& js) {
        m::CreateFunctionRequest in;
        in.FunctionName = name;
        in.Runtime = "nodejs20.x";
        in.Handler = "index.handler";
        in.Role = "arn:aws:iam::123456789012:role/exec";
        in.Code.ZipFile = zip_of(js);
        in.Environment = m::Environment{std::map<std::string, std::string>{{"GREETING", "hi"}}};
        return create_function(*service_, ctx_, in);
    }

    Result<m::InvocationResponse> call(const std::string& name, const std::string& payload,
                                       std::optional<std::string> type = std::nullopt) {
        m::InvocationRequest in;
        in.FunctionName = name;
        in.Payload = payload;
        in.InvocationType = type;
        in.LogType = "Tail";
        std::promise<Result<m::InvocationResponse>> p;
        auto f = p.get_future();
        invoke(*service_, ctx_, in,
               [&p](Result<m::InvocationResponse> r) { p.set_value(std::move(r)); });
        EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        return f.get();
    }

    fs::path root_;
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<FunctionsService> service_;
    RequestContext ctx_;
};

TEST_F(ServiceTest, CreateGetListInvokeUpdateDelete) {
    auto created =
        create("greeter",
               "exports.handler = async (e) => "
               "({say: process.env.GREETING + ' ' + e.name, key: process.env.AWS_ACCESS_KEY_ID, "
               "endpoint: process.env.AWS_ENDPOINT_URL});\n");
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->FunctionArn.value(),
              "arn:aws:lambda:us-east-1:123456789012:function:greeter");
    EXPECT_EQ(created->State.value(), "Active");
    EXPECT_EQ(created->CodeSha256->size(), 44u);
    EXPECT_EQ(created->LastModified->substr(created->LastModified->size() - 5), "+0000");

    auto got = get_function(*service_, ctx_, m::GetFunctionRequest{"greeter", std::nullopt});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->Configuration->Environment->Variables->at("GREETING"), "hi");
    auto list = list_functions(*service_, ctx_, m::ListFunctionsRequest{});
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->Functions->size(), 1u);

    auto r = call("greeter", R"({"name":"ada"})");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->StatusCode.value(), 200);
    EXPECT_FALSE(r->FunctionError.has_value());
    EXPECT_EQ(boost::json::parse(*r->Payload),
              boost::json::parse(
                  R"({"say":"hi ada","key":"ASIATEST","endpoint":"http://127.0.0.1:4566"})"));
    auto log = base64_decode(*r->LogResult).value();
    EXPECT_NE(log.find("REPORT RequestId: "), std::string::npos) << log;

    m::UpdateFunctionCodeRequest code;
    code.FunctionName = "greeter";
    code.ZipFile = zip_of("exports.handler = async () => 'v2';\n");
    auto updated = update_function_code(*service_, ctx_, code);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_NE(updated->RevisionId, created->RevisionId);
    EXPECT_EQ(*call("greeter", "{}")->Payload, "\"v2\"");

    ASSERT_TRUE(
        delete_function(*service_, ctx_, m::DeleteFunctionRequest{"greeter", std::nullopt}).ok());
    auto gone = call("greeter", "{}");
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, "ResourceNotFoundException");
    EXPECT_EQ(gone.error().message,
              "Function not found: arn:aws:lambda:us-east-1:123456789012:function:greeter");
    EXPECT_EQ(gone.error().status, 404);
}

TEST_F(ServiceTest, LambdasErrors) {
    ASSERT_TRUE(create("f", "exports.handler = (e, c) => c.fail(new Error('nope'));\n").ok());
    auto dup = create("f", "exports.handler = () => 1;\n");
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, "ResourceConflictException");
    EXPECT_EQ(dup.error().message, "Function already exist: f");
    auto failed = call("f", "{}");
    ASSERT_TRUE(failed.ok());
    EXPECT_EQ(failed->StatusCode.value(), 200);
    EXPECT_EQ(failed->FunctionError.value(), "Unhandled");
    EXPECT_NE(failed->Payload->find(R"("errorMessage":"nope")"), std::string::npos);
    EXPECT_EQ(call("f", "{}", "DryRun")->StatusCode.value(), 204);
    EXPECT_EQ(call("f", "{}", "Event")->StatusCode.value(), 202);

    m::CreateFunctionRequest bad;
    bad.FunctionName = "g";
    bad.Runtime = "nodejs20.x";
    bad.Handler = "index.handler";
    bad.Role = "arn:aws:iam::123456789012:role/exec";
    bad.Code.ZipFile = std::string("PK\x03\x04 not really a zip");
    auto r = create_function(*service_, ctx_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "Could not unzip uploaded file. Please check your file, then try to upload again.");
    bad.Code.ZipFile = zip_of("exports.handler = () => 1;\n");
    bad.Role = "not-a-role";
    r = create_function(*service_, ctx_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "The role defined for the function cannot be assumed by Lambda.");
    auto big = call("f", std::string(6 * 1024 * 1024 + 1, 'x'));
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, "RequestEntityTooLargeException");
    EXPECT_EQ(big.error().status, 413);
}

}  // namespace
}  // namespace freshet::functions
