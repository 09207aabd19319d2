// The console's routes against fake credentials, authorizer and client: sign-in, the cookie,
// CSRF, calls as the principal, sign-out, the one-time link and the metrics check.
#include "console/console_endpoint.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

namespace freshet::console {
namespace {

namespace json = boost::json;

class FakeCredentials : public iam::CredentialStore {
  public:
    std::optional<iam::Credential> find(std::string_view id) const override {
        auto it = keys.find(std::string(id));
        if (it == keys.end()) return std::nullopt;
        return it->second;
    }
    std::map<std::string, iam::Credential> keys;
};

class FakeAuthorizer : public iam::Authorizer {
  public:
    Result<void> authorize(const RequestContext& ctx, std::string_view action,
                           std::string_view) const override {
        if (ctx.principal.name == "alice") return Ok{};
        return ApiError{
            "AccessDenied",
            "User: " + ctx.principal.arn + " is not authorized to perform: " + std::string(action),
            403};
    }
};

class FakeClient : public ServiceClient {
  public:
    void call(std::string_view service, std::string_view operation, json::value input,
              const Principal& as, Callback done) override {
        calls.push_back(std::string(service) + ":" + std::string(operation) + " as " + as.arn);
        if (operation == "Fail") return done(ApiError{"AccessDeniedException", "denied", 400});
        done(json::value(json::object{{"echo", input}}));
    }
    std::vector<std::string> calls;
};

iam::Credential credential(const std::string& name, const std::string& secret) {
    iam::Credential c;
    c.secret_access_key = secret;
    c.principal.type = PrincipalType::User;
    c.principal.name = name;
    c.principal.account_id = "000000000000";
    c.principal.arn = "arn:aws:iam::000000000000:user/" + name;
    return c;
}

class ConsoleTest : public ::testing::Test {
  protected:
    ConsoleTest() {
        creds.keys["AKIAALICE"] = credential("alice", "alice-secret");
        creds.keys["AKIABOB"] = credential("bob", "bob-secret");
        ConsoleDeps d;
        d.credentials = &creds;
        d.authorizer = &authz;
        d.client = &client;
        d.region = "us-east-1";
        console = std::make_unique<ConsoleEndpoint>(d);
    }

    http::Response send(std::string method, std::string target, std::string body = "",
                        std::vector<Header> headers = {}) {
        http::Request r;
        r.method = std::move(method);
        r.target = target;
        size_t q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        r.body = std::move(body);
        r.headers = std::move(headers);
        if (!r.body.empty()) r.headers.push_back({"Content-Type", "application/json"});
        if (!cookie.empty()) r.headers.push_back({"Cookie", "other=1; " + cookie});
        http::Response out;
        console->handle(std::move(r), [&](http::Response resp) { out = std::move(resp); });
        return out;
    }

    // Signs in and keeps the cookie; returns the session's CSRF token.
    std::string sign_in(const std::string& id, const std::string& secret) {
        auto r =
            send("POST", "/_console/api/session",
                 json::serialize(json::object{{"accessKeyId", id}, {"secretAccessKey", secret}}));
        EXPECT_EQ(r.status, 200) << r.body;
        const std::string* set = r.header("Set-Cookie");
        EXPECT_TRUE(set);
        if (!set) return "";
        cookie = set->substr(0, set->find(';'));
        return std::string(json::parse(r.body).at("csrfToken").as_string());
    }

    static std::string code(const http::Response& r) {
        return std::string(json::parse(r.body).at("__type").as_string());
    }

    FakeCredentials creds;
    FakeAuthorizer authz;
    FakeClient client;
    std::unique_ptr<ConsoleEndpoint> console;
    std::string cookie;
};

TEST_F(ConsoleTest, SignInSetsAStrictHttpOnlyCookieAndAnswersThePrincipal) {
    auto r = send("POST", "/_console/api/session",
                  R"({"accessKeyId":"AKIAALICE","secretAccessKey":"alice-secret"})");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string* set = r.header("Set-Cookie");
    ASSERT_TRUE(set);
    EXPECT_TRUE(set->starts_with("freshet_console=")) << *set;
    EXPECT_NE(set->find("; HttpOnly"), std::string::npos);
    EXPECT_NE(set->find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(set->find("; Path=/"), std::string::npos);
    auto body = json::parse(r.body);
    EXPECT_EQ(body.at("principal").at("arn"), "arn:aws:iam::000000000000:user/alice");
    EXPECT_EQ(body.at("principal").at("type"), "User");
    EXPECT_EQ(body.at("csrfToken").as_string().size(), 64u);
}

TEST_F(ConsoleTest, SignInRefusesBadKeysWithStsErrors) {
    auto wrong = send("POST", "/_console/api/session",
                      R"({"accessKeyId":"AKIAALICE","secretAccessKey":"nope"})");
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(code(wrong), "SignatureDoesNotMatch");
    auto unknown = send("POST", "/_console/api/session",
                        R"({"accessKeyId":"AKIANOBODY","secretAccessKey":"x"})");
    EXPECT_EQ(code(unknown), "InvalidClientTokenId");
    creds.keys["AKIAALICE"].active = false;
    auto inactive = send("POST", "/_console/api/session",
                         R"({"accessKeyId":"AKIAALICE","secretAccessKey":"alice-secret"})");
    EXPECT_EQ(code(inactive), "InvalidClientTokenId");
    EXPECT_EQ(code(send("POST", "/_console/api/session", R"({"accessKeyId":"AKIAALICE"})")),
              "ValidationException");
    auto form = send("POST", "/_console/api/session", "",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.status, 415);
    EXPECT_EQ(console->sessions().size(), 0u);
}

TEST_F(ConsoleTest, CallsRunAsThePrincipalAndNeedTheCsrfToken) {
    EXPECT_EQ(send("POST", "/_console/api/call", R"({"service":"kinesis","action":"ListStreams"})")
                  .status,
              401);
    std::string csrf = sign_in("AKIAALICE", "alice-secret");
    const std::string call = R"({"service":"kinesis","action":"ListStreams","input":{"Limit":2}})";
    auto no_csrf = send("POST", "/_console/api/call", call);
    EXPECT_EQ(no_csrf.status, 403);
    EXPECT_EQ(code(no_csrf), "InvalidCsrfToken");
    EXPECT_EQ(send("POST", "/_console/api/call", call,
                   {{"X-Freshet-Csrf", (csrf[0] == '0' ? "1" : "0") + csrf.substr(1)}})
                  .status,
              403);
    EXPECT_TRUE(client.calls.empty());

    auto ok = send("POST", "/_console/api/call", call, {{"X-Freshet-Csrf", csrf}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(json::parse(ok.body).at("echo").at("Limit"), 2);
    ASSERT_EQ(client.calls.size(), 1u);
    EXPECT_EQ(client.calls[0], "kinesis:ListStreams as arn:aws:iam::000000000000:user/alice");

    auto refused = send("POST", "/_console/api/call", R"({"service":"kinesis","action":"Fail"})",
                        {{"X-Freshet-Csrf", csrf}});
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(code(refused), "AccessDeniedException");
    EXPECT_EQ(json::parse(refused.body).at("message"), "denied");

    auto bad = send("POST", "/_console/api/call", R"({"service":"kinesis","input":[]})",
                    {{"X-Freshet-Csrf", csrf}});
    EXPECT_EQ(code(bad), "ValidationException");
}

TEST_F(ConsoleTest, ADeactivatedKeyEndsItsSessions) {
    std::string csrf = sign_in("AKIABOB", "bob-secret");
    EXPECT_EQ(send("GET", "/_console/api/session").status, 200);
    creds.keys["AKIABOB"].active = false;
    auto r = send("POST", "/_console/api/call", R"({"service":"sts","action":"GetCallerIdentity"})",
                  {{"X-Freshet-Csrf", csrf}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code(r), "NotSignedIn");
    creds.keys["AKIABOB"].active = true;
    EXPECT_EQ(send("GET", "/_console/api/session").status, 401);  // the session is gone
    EXPECT_TRUE(client.calls.empty());
}

TEST_F(ConsoleTest, SignOutNeedsTheCsrfTokenAndClearsTheCookie) {
    std::string csrf = sign_in("AKIAALICE", "alice-secret");
    EXPECT_EQ(send("DELETE", "/_console/api/session").status, 403);
    auto out = send("DELETE", "/_console/api/session", "", {{"X-Freshet-Csrf", csrf}});
    EXPECT_EQ(out.status, 204);
    ASSERT_TRUE(out.header("Set-Cookie"));
    EXPECT_NE(out.header("Set-Cookie")->find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(send("GET", "/_console/api/session").status, 401);
}

TEST_F(ConsoleTest, TheOneTimeLinkSignsInOnce) {
    std::string link = console->issue_root_link("AKIAALICE");
    auto first = send("GET", link);
    EXPECT_EQ(first.status, 303);
    EXPECT_EQ(*first.header("Location"), "/_console/");
    ASSERT_TRUE(first.header("Set-Cookie"));
    cookie = first.header("Set-Cookie")->substr(0, first.header("Set-Cookie")->find(';'));
    EXPECT_EQ(send("GET", "/_console/api/session").status, 200);
    cookie.clear();
    auto again = send("GET", link);
    EXPECT_EQ(*again.header("Location"), "/_console/?signin=expired");
    EXPECT_FALSE(again.header("Set-Cookie"));
}

TEST_F(ConsoleTest, MetricsNeedGetMetricDataForASessionsPrincipal) {
    http::Request r;
    r.path = "/metrics";
    EXPECT_FALSE(console->metrics_access(r));
    sign_in("AKIAALICE", "alice-secret");
    r.headers.push_back({"Cookie", cookie});
    auto alice = console->metrics_access(r);
    ASSERT_TRUE(alice);
    EXPECT_TRUE(alice->ok());
    sign_in("AKIABOB", "bob-secret");
    r.headers = {{"Cookie", cookie}};
    auto bob = console->metrics_access(r);
    ASSERT_TRUE(bob);
    EXPECT_FALSE(bob->ok());
}

TEST_F(ConsoleTest, ThePageIsServedWithASecurityPolicyAndUnknownPathsAre404) {
    auto index = send("GET", "/_console/");
    EXPECT_EQ(index.status, 200);
    EXPECT_TRUE(index.header("Content-Type")->starts_with("text/html"));
    EXPECT_TRUE(index.header("Content-Security-Policy")->starts_with("default-src 'self'"));
    EXPECT_NE(index.body.find("/_console/assets/app.js"), std::string::npos);
    auto js = send("GET", "/_console/assets/app.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_GT(js.body.size(), 1000u);
    auto cached =
        send("GET", "/_console/assets/app.js", "", {{"If-None-Match", *js.header("ETag")}});
    EXPECT_EQ(cached.status, 304);
    EXPECT_TRUE(cached.body.empty());
    EXPECT_EQ(send("GET", "/_console/assets/nope.js").status, 404);
    EXPECT_EQ(send("GET", "/_console").status, 303);
    EXPECT_EQ(send("PUT", "/_console/api/call").status, 404);
}

}  // namespace
}  // namespace freshet::console
