// Versions, aliases, reserved concurrency, resource policies and tags, in-process: real
// storage and real function processes, Lambda's answers and errors.
#include <boost/json.hpp>
#include <thread>

#include "functions/tests/service_fixture.h"

namespace freshet::functions {
namespace {

namespace m = model;
namespace json = boost::json;
using test_support::ServiceTest;

const std::string kArn = "arn:aws:lambda:us-east-1:123456789012:function:";

class VersionsTest : public ServiceTest {
  protected:
    Result<m::FunctionConfiguration> update_code(const std::string& name, const std::string& js) {
        m::UpdateFunctionCodeRequest code;
        code.FunctionName = name;
        code.ZipFile = zip_of(js);
        return update_function_code(*service_, ctx_, code);
    }
    Result<m::FunctionConfiguration> publish(const std::string& name) {
        m::PublishVersionRequest in;
        in.FunctionName = name;
        return publish_version(*service_, ctx_, in);
    }
    Result<m::AliasConfiguration> alias(const std::string& name, const std::string& alias,
                                        const std::string& version) {
        m::CreateAliasRequest in;
        in.FunctionName = name;
        in.Name = alias;
        in.FunctionVersion = version;
        return create_alias(*service_, ctx_, in);
    }
    Result<NoOutput> unpermit(const std::string& name, const std::string& sid) {
        m::RemovePermissionRequest in;
        in.FunctionName = name;
        in.StatementId = sid;
        return remove_permission(*service_, ctx_, in);
    }
    std::string payload(const std::string& name, std::optional<std::string> qualifier = {}) {
        auto r = call(name, "{}", std::nullopt, qualifier);
        EXPECT_TRUE(r.ok()) << r.error().message;
        return r.ok() ? r->Payload.value_or("") : "";
    }
};

TEST_F(VersionsTest, PublishSnapshotsAndQualifiersRunThem) {
    ASSERT_TRUE(create("fn", "exports.handler = async () => 'one';\n").ok());
    auto v1 = publish("fn");
    ASSERT_TRUE(v1.ok()) << v1.error().message;
    EXPECT_EQ(*v1->Version, "1");
    EXPECT_EQ(*v1->FunctionArn, kArn + "fn:1");
    // Nothing changed: the same version again.
    EXPECT_EQ(*publish("fn")->Version, "1");
    ASSERT_TRUE(update_code("fn", "exports.handler = async () => 'two';\n").ok());
    auto v2 = publish("fn");
    ASSERT_TRUE(v2.ok());
    EXPECT_EQ(*v2->Version, "2");
    EXPECT_NE(*v2->CodeSha256, *v1->CodeSha256);

    EXPECT_EQ(payload("fn"), "\"two\"");
    EXPECT_EQ(payload("fn", "1"), "\"one\"");
    EXPECT_EQ(payload("fn:1"), "\"one\"");
    EXPECT_EQ(payload(kArn + "fn:2"), "\"two\"");
    EXPECT_EQ(*call("fn", "{}", std::nullopt, "1")->ExecutedVersion, "1");
    EXPECT_EQ(*call("fn", "{}")->ExecutedVersion, "$LATEST");

    auto got = get_function_configuration(*service_, ctx_, {"fn", "1"});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got->FunctionArn, kArn + "fn:1");
    EXPECT_EQ(*got->CodeSha256, *v1->CodeSha256);

    m::ListVersionsByFunctionRequest list;
    list.FunctionName = "fn";
    list.MaxItems = 2;
    auto page = list_versions_by_function(*service_, ctx_, list);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->Versions->size(), 2u);
    EXPECT_EQ(*(*page->Versions)[0].Version, "$LATEST");
    EXPECT_EQ(*(*page->Versions)[0].FunctionArn, kArn + "fn:$LATEST");
    list.Marker = page->NextMarker;
    page = list_versions_by_function(*service_, ctx_, list);
    ASSERT_EQ(page->Versions->size(), 1u);
    EXPECT_EQ(*(*page->Versions)[0].Version, "2");
    EXPECT_FALSE(page->NextMarker.has_value());

    auto missing = call("fn", "{}", std::nullopt, "9");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "Function not found: " + kArn + "fn:9");
    auto conflict = call("fn:1", "{}", std::nullopt, "2");
    EXPECT_EQ(conflict.error().code, "InvalidParameterValueException");

    ASSERT_TRUE(delete_function(*service_, ctx_, {"fn", "1"}).ok());
    EXPECT_FALSE(get_function(*service_, ctx_, {"fn", "1"}).ok());
    EXPECT_TRUE(get_function(*service_, ctx_, {"fn", "2"}).ok());
    auto latest = delete_function(*service_, ctx_, {"fn", "$LATEST"});
    EXPECT_EQ(latest.error().message,
              "$LATEST version cannot be deleted without deleting the function.");
}

TEST_F(VersionsTest, ListFunctionsAllIncludesVersions) {
    ASSERT_TRUE(create("a", "exports.handler = async () => 1;\n").ok());
    ASSERT_TRUE(publish("a").ok());
    ASSERT_TRUE(create("b", "exports.handler = async () => 2;\n").ok());
    m::ListFunctionsRequest in;
    in.FunctionVersion = "ALL";
    in.MaxItems = 2;
    std::vector<std::string> arns;
    for (int pages = 0; pages < 5; ++pages) {
        auto page = list_functions(*service_, ctx_, in);
        ASSERT_TRUE(page.ok());
        for (const auto& f : *page->Functions) arns.push_back(*f.FunctionArn);
        if (!page->NextMarker) break;
        in.Marker = page->NextMarker;
    }
    EXPECT_EQ(arns,
              (std::vector<std::string>{kArn + "a:$LATEST", kArn + "a:1", kArn + "b:$LATEST"}));
    auto plain = list_functions(*service_, ctx_, m::ListFunctionsRequest{});
    ASSERT_EQ(plain->Functions->size(), 2u);
    EXPECT_EQ(*(*plain->Functions)[0].FunctionArn, kArn + "a");
}

TEST_F(VersionsTest, PublishPreconditions) {
    auto f = create("fn", "exports.handler = async () => 1;\n");
    ASSERT_TRUE(f.ok());
    m::PublishVersionRequest in;
    in.FunctionName = "fn";
    in.RevisionId = "stale";
    EXPECT_EQ(publish_version(*service_, ctx_, in).error().code, "PreconditionFailedException");
    in.RevisionId = f->RevisionId;
    in.CodeSha256 = "AAAA";
    auto bad = publish_version(*service_, ctx_, in);
    EXPECT_EQ(bad.error().message,
              "CodeSHA256 (AAAA) is different from current CodeSHA256 in $LATEST (" +
                  *f->CodeSha256 + "). Please try again with the CodeSHA256 in $LATEST.");
    in.CodeSha256 = f->CodeSha256;
    in.Description = "first";
    auto v = publish_version(*service_, ctx_, in);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(*v->Description, "first");
    // Publishing changed $LATEST's RevisionId.
    auto latest = get_function_configuration(*service_, ctx_, {"fn", std::nullopt});
    EXPECT_NE(*latest->RevisionId, *f->RevisionId);
    EXPECT_EQ(publish("nope").error().message, "Function not found: " + kArn + "nope");
}

TEST_F(VersionsTest, AliasesResolveAndRoute) {
    ASSERT_TRUE(create("fn", "exports.handler = async () => 'one';\n").ok());
    ASSERT_TRUE(publish("fn").ok());
    ASSERT_TRUE(update_code("fn", "exports.handler = async () => 'two';\n").ok());
    ASSERT_TRUE(publish("fn").ok());
    auto live = alias("fn", "live", "1");
    ASSERT_TRUE(live.ok()) << live.error().message;
    EXPECT_EQ(*live->AliasArn, kArn + "fn:live");
    EXPECT_EQ(alias("fn", "live", "2").error().message,
              "Alias already exists: " + kArn + "fn:live");
    EXPECT_EQ(alias("fn", "x", "7").error().message, "Function not found: " + kArn + "fn:7");
    EXPECT_EQ(payload("fn", "live"), "\"one\"");
    EXPECT_EQ(*call("fn:live", "{}")->ExecutedVersion, "1");
    auto cfg = get_function_configuration(*service_, ctx_, {"fn", "live"});
    EXPECT_EQ(*cfg->FunctionArn, kArn + "fn:live");
    EXPECT_EQ(*cfg->Version, "1");

    auto in_use = delete_function(*service_, ctx_, {"fn", "1"});
    EXPECT_EQ(in_use.error().message,
              "Unable to delete version because the following aliases reference it: [live]");

    m::UpdateAliasRequest up;
    up.FunctionName = "fn";
    up.Name = "live";
    up.RevisionId = "stale";
    EXPECT_EQ(update_alias(*service_, ctx_, up).error().code, "PreconditionFailedException");
    up.RevisionId = live->RevisionId;
    up.FunctionVersion = "2";
    up.RoutingConfig = m::AliasRoutingConfiguration{std::map<std::string, double>{{"1", 1.0}}};
    auto routed = update_alias(*service_, ctx_, up);
    ASSERT_TRUE(routed.ok()) << routed.error().message;
    EXPECT_NE(*routed->RevisionId, *live->RevisionId);
    // Weight 1.0: every invocation goes to the additional version.
    EXPECT_EQ(payload("fn", "live"), "\"one\"");
    up.RevisionId.reset();
    up.RoutingConfig = m::AliasRoutingConfiguration{std::map<std::string, double>{}};
    ASSERT_TRUE(update_alias(*service_, ctx_, up).ok());
    EXPECT_EQ(payload("fn", "live"), "\"two\"");
    up.FunctionVersion = "$LATEST";
    up.RoutingConfig = m::AliasRoutingConfiguration{std::map<std::string, double>{{"1", 0.5}}};
    EXPECT_EQ(update_alias(*service_, ctx_, up).error().message,
              "$LATEST is not supported for an alias pointing to more than 1 version");

    m::ListAliasesRequest list;
    list.FunctionName = "fn";
    auto listed = list_aliases(*service_, ctx_, list);
    ASSERT_EQ(listed->Aliases->size(), 1u);
    auto missing = get_alias(*service_, ctx_, {"fn", "nope"});
    EXPECT_EQ(missing.error().message, "Cannot find alias arn: " + kArn + "fn:nope");
    EXPECT_EQ(call("fn", "{}", std::nullopt, "nope").error().code, "ResourceNotFoundException");
    ASSERT_TRUE(delete_alias(*service_, ctx_, {"fn", "live"}).ok());
    ASSERT_TRUE(delete_alias(*service_, ctx_, {"fn", "live"}).ok());  // gone already: no error
    EXPECT_TRUE(delete_function(*service_, ctx_, {"fn", "1"}).ok());
}

TEST_F(VersionsTest, ReservedConcurrencyThrottles) {
    ASSERT_TRUE(create("slow",
                       "exports.handler = async (e) => { await new Promise(r => setTimeout(r, "
                       "e.ms || 0)); return 'done'; };\n")
                    .ok());
    m::PutFunctionConcurrencyRequest put;
    put.FunctionName = "slow";
    put.ReservedConcurrentExecutions = 0;
    ASSERT_TRUE(put_function_concurrency(*service_, ctx_, put).ok());
    auto throttled = call("slow", "{}");
    ASSERT_FALSE(throttled.ok());
    EXPECT_EQ(throttled.error().code, "TooManyRequestsException");
    EXPECT_EQ(throttled.error().message, "Rate Exceeded.");
    EXPECT_EQ(throttled.error().status, 429);
    auto settings = get_account_settings(*service_, ctx_, {});
    EXPECT_EQ(*settings->AccountLimit->UnreservedConcurrentExecutions, 1000);

    put.ReservedConcurrentExecutions = 1;
    ASSERT_TRUE(put_function_concurrency(*service_, ctx_, put).ok());
    EXPECT_EQ(
        *get_account_settings(*service_, ctx_, {})->AccountLimit->UnreservedConcurrentExecutions,
        999);
    // One slow invocation holds the only slot; a second one meanwhile is throttled.
    std::promise<Result<m::InvocationResponse>> first;
    m::InvocationRequest in;
    in.FunctionName = "slow";
    in.Payload = R"({"ms":1500})";
    invoke(*service_, ctx_, in,
           [&first](Result<m::InvocationResponse> r) { first.set_value(std::move(r)); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (service_->concurrency().in_flight("slow") == 0 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(call("slow", "{}").error().code, "TooManyRequestsException");
    auto done = first.get_future().get();
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(*done->Payload, "\"done\"");
    EXPECT_TRUE(call("slow", "{}").ok());

    put.ReservedConcurrentExecutions = 901;
    EXPECT_EQ(put_function_concurrency(*service_, ctx_, put).error().message,
              "Specified ReservedConcurrentExecutions for function decreases account's "
              "UnreservedConcurrentExecution below its minimum value of [100].");
    put.FunctionName = "slow:1";
    EXPECT_EQ(put_function_concurrency(*service_, ctx_, put).error().code,
              "InvalidParameterValueException");
    auto got = get_function(*service_, ctx_, {"slow", std::nullopt});
    EXPECT_EQ(*got->Concurrency->ReservedConcurrentExecutions, 1);
    ASSERT_TRUE(delete_function_concurrency(*service_, ctx_, {"slow"}).ok());
    EXPECT_FALSE(get_function_concurrency(*service_, ctx_, {"slow"})->ReservedConcurrentExecutions);
}

TEST_F(VersionsTest, PermissionsBuildLambdasPolicy) {
    ASSERT_TRUE(create("fn", "exports.handler = async () => 1;\n").ok());
    m::AddPermissionRequest add;
    add.FunctionName = "fn";
    add.StatementId = "s3";
    add.Action = "lambda:InvokeFunction";
    add.Principal = "s3.amazonaws.com";
    add.SourceArn = "arn:aws:s3:::bucket";
    add.SourceAccount = "123456789012";
    auto added = add_permission(*service_, ctx_, add);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(json::parse(*added->Statement), json::parse(R"({"Sid":"s3","Effect":"Allow",
                "Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction",
                "Resource":")" + kArn + R"(fn","Condition":{
                "StringEquals":{"AWS:SourceAccount":"123456789012"},
                "ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}})"));
    auto dup = add_permission(*service_, ctx_, add);
    EXPECT_EQ(dup.error().code, "ResourceConflictException");
    EXPECT_EQ(dup.error().message,
              "The statement id (s3) provided already exists. Please provide a new statement "
              "id, or remove the existing statement.");
    add.StatementId = "acct";
    add.Principal = "210987654321";
    add.SourceArn.reset();
    add.SourceAccount.reset();
    ASSERT_TRUE(add_permission(*service_, ctx_, add).ok());
    auto policy = get_policy(*service_, ctx_, {"fn", std::nullopt});
    ASSERT_TRUE(policy.ok());
    auto doc = json::parse(*policy->Policy).as_object();
    EXPECT_EQ(doc.at("Version"), "2012-10-17");
    EXPECT_EQ(doc.at("Id"), "default");
    ASSERT_EQ(doc.at("Statement").as_array().size(), 2u);
    EXPECT_EQ(doc.at("Statement").as_array()[1].at("Principal").at("AWS"),
              "arn:aws:iam::210987654321:root");
    EXPECT_EQ(*policy->RevisionId,
              *get_function_configuration(*service_, ctx_, {"fn", std::nullopt})->RevisionId);

    add.StatementId = "bad";
    add.Principal = "not a principal";
    EXPECT_EQ(add_permission(*service_, ctx_, add).error().code, "InvalidParameterValueException");
    add.Qualifier = "$LATEST";
    EXPECT_EQ(add_permission(*service_, ctx_, add).error().message,
              "We currently do not support adding policies for $LATEST.");

    auto missing = unpermit("fn", "nope");
    EXPECT_EQ(missing.error().message, "Statement nope is not found in resource policy.");
    ASSERT_TRUE(unpermit("fn", "s3").ok());
    ASSERT_TRUE(unpermit("fn", "acct").ok());
    auto none = get_policy(*service_, ctx_, {"fn", std::nullopt});
    EXPECT_EQ(none.error().message, "The resource you requested does not exist.");
    EXPECT_EQ(unpermit("fn", "s3").error().message,
              "No policy is associated with the given resource.");
}

TEST_F(VersionsTest, TagsOnFunctions) {
    m::CreateFunctionRequest in;
    in.FunctionName = "fn";
    in.Runtime = "nodejs20.x";
    in.Handler = "index.handler";
    in.Role = "arn:aws:iam::123456789012:role/exec";
    in.Code.ZipFile = zip_of("exports.handler = async () => 1;\n");
    in.Tags = std::map<std::string, std::string>{{"team", "data"}};
    ASSERT_TRUE(create_function(*service_, ctx_, in).ok());
    ASSERT_TRUE(tag_resource(*service_, ctx_, {kArn + "fn", {{"env", "dev"}}}).ok());
    auto tags = list_tags(*service_, ctx_, {kArn + "fn"});
    EXPECT_EQ(*tags->Tags, (std::map<std::string, std::string>{{"env", "dev"}, {"team", "data"}}));
    ASSERT_TRUE(untag_resource(*service_, ctx_, {kArn + "fn", {"team"}}).ok());
    EXPECT_EQ(*get_function(*service_, ctx_, {"fn", std::nullopt})->Tags,
              (std::map<std::string, std::string>{{"env", "dev"}}));
    EXPECT_EQ(tag_resource(*service_, ctx_, {kArn + "fn:1", {{"a", "b"}}}).error().message,
              "Tags on function aliases and versions are not supported. Please specify a "
              "function ARN.");
    EXPECT_EQ(list_tags(*service_, ctx_, {kArn + "nope"}).error().message,
              "Function not found: " + kArn + "nope");
}

}  // namespace
}  // namespace freshet::functions
