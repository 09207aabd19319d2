// The Lambda API in-process: real storage, real code packages and real function processes;
// only the role's credentials come from a stand-in (the identities service mints them in the
// server). Create, read, list, invoke, update, delete, Lambda's errors, and the invocation
// metrics of GET /metrics.
#include "functions/service.h"

#include <thread>

#include "functions/tests/service_fixture.h"

namespace freshet::functions {
namespace {

namespace m = model;
using test_support::ServiceTest;

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

TEST_F(ServiceTest, MetricsCountInvocationsErrorsAndDurations) {
    ASSERT_TRUE(create("m",
                       "exports.handler = async (e) => {\n"
                       "  if (e.fail) throw new Error('no');\n  return 1;\n};\n")
                    .ok());
    auto metrics = [&] {
        MetricsWriter w;
        service_->write_metrics(w);
        return w.text();
    };
    auto has = [&](const std::string& line) {
        return metrics().find(line + "\n") != std::string::npos;
    };
    EXPECT_TRUE(has("freshet_function_invocations_total{function=\"m\"} 0"));
    EXPECT_TRUE(has("freshet_function_duration_seconds_bucket{function=\"m\",le=\"+Inf\"} 0"));
    EXPECT_FALSE(call("m", "{}")->FunctionError.has_value());
    EXPECT_EQ(call("m", R"({"fail":true})")->FunctionError.value(), "Unhandled");
    EXPECT_EQ(call("m", "{}", "DryRun")->StatusCode.value(), 204);  // not an invocation
    EXPECT_TRUE(has("freshet_function_invocations_total{function=\"m\"} 2"));
    EXPECT_TRUE(has("freshet_function_errors_total{function=\"m\"} 1"));
    EXPECT_TRUE(has("freshet_function_duration_seconds_count{function=\"m\"} 2"));
    EXPECT_TRUE(has("freshet_function_duration_seconds_bucket{function=\"m\",le=\"60\"} 2"));
    EXPECT_TRUE(has("freshet_function_concurrent_executions{function=\"m\"} 0"));
    // An Event invocation counts when it finishes.
    EXPECT_EQ(call("m", R"({"fail":true})", "Event")->StatusCode.value(), 202);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!has("freshet_function_errors_total{function=\"m\"} 2") &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(has("freshet_function_invocations_total{function=\"m\"} 3"));
    EXPECT_TRUE(has("freshet_function_errors_total{function=\"m\"} 2"));
    ASSERT_TRUE(delete_function(*service_, ctx_, m::DeleteFunctionRequest{"m", std::nullopt}).ok());
    EXPECT_EQ(metrics().find("function=\"m\""), std::string::npos);
}

}  // namespace
}  // namespace freshet::functions
