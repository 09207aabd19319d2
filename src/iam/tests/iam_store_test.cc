// IamStore, PolicyAuthorizer and Sts against a real database, and temporary credentials'
// expiry through the dispatcher with a ManualClock.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/crypto.h"
#include "core/ids.h"
#include "http/dispatcher.h"
#include "iam/policy_authorizer.h"
#include "iam/root_account.h"
#include "iam/sigv4/signer.h"
#include "iam/store/iam_store.h"
#include "iam/sts.h"
#include "iam/sts_service.h"
#include "storage/db.h"

namespace freshet::iam {
namespace {

using store::Entity;
using store::Kind;
namespace fs = std::filesystem;

constexpr const char* kTrustLambda =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
    R"({"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class IamStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("freshet-iam-" + ids::uuid4());
        storage::Db::Options o;
        o.path = dir_.string();
        o.sync = false;
        db_ = std::move(storage::Db::open(o)).value();
        key_ = crypto::random_bytes(32);
        store_ = std::make_unique<store::IamStore>(*db_, key_, "123456789012");
        authorizer_ = std::make_unique<PolicyAuthorizer>(*store_);
        sts_ = std::make_unique<Sts>(*store_, *authorizer_);
    }
    void TearDown() override {
        db_->close();
        fs::remove_all(dir_);
    }

    Entity put_entity(Kind kind, const std::string& name) {
        Entity e;
        e.kind = kind;
        e.name = name;
        e.id = ids::iam_unique_id(kind == Kind::Role ? "AROA" : "AIDA");
        e.arn = std::string("arn:aws:iam::123456789012:") +
                (kind == Kind::Role    ? "role/"
                 : kind == Kind::Group ? "group/"
                                       : "user/") +
                name;
        e.trust_policy = kTrustLambda;
        EXPECT_TRUE(store_
                        ->write([&](store::Tx& tx) -> Result<void> {
                            tx.put(e);
                            return Ok{};
                        })
                        .ok());
        return e;
    }

    fs::path dir_;
    std::string key_;
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<store::IamStore> store_;
    std::unique_ptr<PolicyAuthorizer> authorizer_;
    std::unique_ptr<Sts> sts_;
};

TEST_F(IamStoreTest, AccessKeyIsRefusedAtOnceWhenDisabledOrDeleted) {
    Entity user = put_entity(Kind::User, "alice");
    store::AccessKey k;
    k.id = "AKIATESTTESTTEST1234";
    k.user = "alice";
    k.secret_sealed = store_->seal("s3cr3t-s3cr3t-s3cr3t");
    ASSERT_TRUE(store_
                    ->write([&](store::Tx& tx) -> Result<void> {
                        tx.put(k);
                        return Ok{};
                    })
                    .ok());
    auto found = store_->find(k.id);
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->active);
    EXPECT_EQ(found->secret_access_key, "s3cr3t-s3cr3t-s3cr3t");
    EXPECT_EQ(found->principal.arn, user.arn);
    EXPECT_EQ(found->principal.type, PrincipalType::User);
    // The secret is sealed at rest.
    auto raw = db_->get(storage::Cf::Iam, store::record_key(Kind::AccessKey, k.id));
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->find("s3cr3t"), std::string::npos);

    k.active = false;
    ASSERT_TRUE(store_
                    ->write([&](store::Tx& tx) -> Result<void> {
                        tx.put(k);
                        return Ok{};
                    })
                    .ok());
    ASSERT_TRUE(store_->find(k.id));
    EXPECT_FALSE(store_->find(k.id)->active);

    ASSERT_TRUE(store_
                    ->write([&](store::Tx& tx) -> Result<void> {
                        tx.erase_key(k.id);
                        return Ok{};
                    })
                    .ok());
    EXPECT_FALSE(store_->find(k.id));
}

TEST_F(IamStoreTest, UserGetsInlineAttachedAndGroupPolicies) {
    Entity user = put_entity(Kind::User, "bob");
    Entity group = put_entity(Kind::Group, "devs");
    ASSERT_TRUE(
        store_
            ->write([&](store::Tx& tx) -> Result<void> {
                auto u = tx.entity(Kind::User, "BOB");  // names ignore case
                if (!u) return ApiError{"x", "no user", 500};
                u->inline_policies["put"] =
                    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kinesis:Put*","Resource":"*"}})";
                u->attached.push_back("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess");
                u->groups.push_back("devs");
                tx.put(*u);
                auto g = tx.entity(Kind::Group, "devs");
                g->inline_policies["deny"] =
                    R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"dynamodb:Scan","Resource":"*"}})";
                tx.put(*g);
                return Ok{};
            })
            .ok());
    RequestContext ctx;
    ctx.principal = store_->user_principal(*store_->entity(Kind::User, "bob"), "AKIAX");
    EXPECT_EQ(store_->identity_policies(ctx.principal).size(), 3u);
    const std::string stream = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    EXPECT_TRUE(authorizer_->authorize(ctx, "kinesis:PutRecord", stream).ok());
    auto denied = authorizer_->authorize(ctx, "kinesis:GetRecords", stream);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().message,
              "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
              "kinesis:GetRecords on resource: " +
                  stream +
                  " because no identity-based policy allows the kinesis:GetRecords action");
    EXPECT_TRUE(authorizer_->authorize(ctx, "dynamodb:GetItem", "*").ok());
    auto scan = authorizer_->authorize(ctx, "dynamodb:Scan", "*");
    ASSERT_FALSE(scan.ok());
    EXPECT_EQ(scan.error().message,
              "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
              "dynamodb:Scan on resource: * with an explicit deny in an identity-based policy");
    auto d = authorizer_->decide(ctx, "dynamodb:Scan", "*");
    EXPECT_EQ(d.policy, "group inline policy deny");
}

TEST_F(IamStoreTest, ServiceAssumesRoleOnlyWhenTrusted) {
    Entity role = put_entity(Kind::Role, "fn-role");
    ManualClock clock(from_epoch_millis(1'700'000'000'000));
    auto creds = sts_->assume_role_for_service(role.arn, "fn", std::chrono::seconds(900),
                                               "lambda.amazonaws.com", clock);
    ASSERT_TRUE(creds.ok()) << creds.error().message;
    EXPECT_EQ(creds->access_key_id.substr(0, 4), "ASIA");
    EXPECT_EQ(creds->principal.arn, "arn:aws:sts::123456789012:assumed-role/fn-role/fn");
    EXPECT_EQ(creds->principal.user_id, role.id + ":fn");
    EXPECT_EQ(creds->expiration, clock.now() + std::chrono::seconds(900));
    auto found = store_->find(creds->access_key_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->session_token, creds->session_token);
    EXPECT_EQ(found->secret_access_key, creds->secret_access_key);
    EXPECT_EQ(found->principal.expires, creds->expiration);

    auto refused = sts_->assume_role_for_service(role.arn, "fn", std::chrono::seconds(900),
                                                 "ec2.amazonaws.com", clock);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "AccessDenied");
    auto too_long = sts_->assume_role_for_service(role.arn, "fn", std::chrono::seconds(7200),
                                                  "lambda.amazonaws.com", clock);
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().message,
              "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
}

// Temporary credentials work until their expiry, then the dispatcher answers ExpiredToken.
TEST_F(IamStoreTest, ExpiredTemporaryCredentialsAreRefused) {
    Entity role = put_entity(Kind::Role, "fn-role");
    ManualClock clock(std::chrono::time_point_cast<std::chrono::seconds>(system_clock().now()));
    auto root = std::move(RootAccount::open(*db_, key_, std::nullopt)).value();
    CredentialChain chain(*root, *store_);
    http::DispatcherOptions options;
    options.clock = &clock;
    http::Dispatcher dispatcher(options, chain, *authorizer_);
    dispatcher.add(std::make_shared<StsService>(*sts_));
    auto creds = std::move(sts_->assume_role_for_service(role.arn, "fn", std::chrono::seconds(900),
                                                         "lambda.amazonaws.com", clock))
                     .value();
    auto call = [&]() {
        http::Request req;
        req.method = "POST";
        req.path = "/";
        req.body = "Action=GetCallerIdentity&Version=2011-06-15";
        req.headers = {{"Host", "localhost"},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
        sigv4::sign("POST", "/", "", req.headers, req.body,
                    {creds.access_key_id, creds.secret_access_key, creds.session_token},
                    "us-east-1", "sts", clock.now());
        http::Response out;
        dispatcher.handle(std::move(req), [&](http::Response r) { out = std::move(r); });
        return out;
    };
    auto ok = call();
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_NE(ok.body.find("assumed-role/fn-role/fn"), std::string::npos);
    clock.advance(std::chrono::seconds(899));
    EXPECT_EQ(call().status, 200);
    clock.advance(std::chrono::seconds(1));
    auto expired = call();
    EXPECT_EQ(expired.status, 403);  // IAM API Reference, "Common Errors": ExpiredToken 403
    EXPECT_NE(expired.body.find("<Code>ExpiredToken</Code>"), std::string::npos) << expired.body;
    EXPECT_NE(expired.body.find("The security token included in the request is expired"),
              std::string::npos);
}

}  // namespace
}  // namespace freshet::iam
