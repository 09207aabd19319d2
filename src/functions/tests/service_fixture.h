// The fixture of the in-process Lambda API tests: real storage, real code packages and real
// function processes; only the role's credentials come from a stand-in (the identities
// service mints them in the server).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "functions/service.h"
#include "storage/db.h"

namespace freshet::functions::test_support {

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
                                       std::optional<std::string> type = std::nullopt,
                                       std::optional<std::string> qualifier = std::nullopt) {
        m::InvocationRequest in;
        in.FunctionName = name;
        in.Qualifier = qualifier;
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

}  // namespace freshet::functions::test_support
