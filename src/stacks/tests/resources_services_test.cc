// The data services' providers against a real in-process Freshet (resources_harness.h): each
// provider creates its resource, the test checks it through the service's own API, updates it
// in place, checks which changes need a replacement, deletes it and checks it is gone.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <future>
#include <regex>
#include <thread>

#include "core/encoding.h"
#include "stacks/resources/service_zip.h"
#include "stacks/tests/resources_harness.h"

namespace freshet::stacks::test {
namespace {

namespace json = boost::json;

class ServicesTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // The function runtimes' bootstraps live in the source tree's runtimes/.
        setenv("FRESHET_HOME", FRESHET_SOURCE_DIR, 0);
        harness_ = new Harness();
    }
    static void TearDownTestSuite() {
        delete harness_;
        harness_ = nullptr;
    }

    Harness& h() { return *harness_; }
    Provider& provider(std::string_view type) {
        Provider* p = find_provider(type);
        EXPECT_NE(p, nullptr) << type;
        return *p;
    }
    static json::object props(std::string_view text) { return json::parse(text).as_object(); }

    // A role Lambda can assume that may read streams (for mappings) and write logs.
    std::string role(const std::string& name) {
        json::value trust =
            json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
                        R"({"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
        auto out =
            h().call("iam", "CreateRole",
                     {{"RoleName", name}, {"AssumeRolePolicyDocument", json::serialize(trust)}});
        h().call("iam", "PutRolePolicy",
                 {{"RoleName", name},
                  {"PolicyName", "streams"},
                  {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                                     R"("Action":["kinesis:*","logs:*"],"Resource":"*"}]})"}});
        return std::string(out.at("Role").at("Arn").as_string());
    }

    // A Python function made through the provider from inline code.
    ResourceState function(const std::string& logical, const std::string& role_arn,
                           const std::string& body) {
        json::object p{{"Runtime", "python3.11"},
                       {"Handler", "index.handler"},
                       {"Role", role_arn},
                       {"Code", {{"ZipFile", body}}}};
        auto st =
            provider("AWS::Lambda::Function").create(ctx(logical, "AWS::Lambda::Function"), p);
        EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
        return st.ok() ? std::move(st).value() : ResourceState{};
    }

    std::string invoke(const std::string& name) {
        auto out = h().call("lambda", "Invoke",
                            {{"FunctionName", name}, {"Payload", base64_encode("{}")}});
        EXPECT_FALSE(out.as_object().contains("FunctionError")) << json::serialize(out);
        return base64_decode(out.at("Payload").as_string()).value_or("");
    }

    ResourceContext ctx(const std::string& logical, const std::string& type) {
        return h().context(logical, type);
    }

    static Harness* harness_;
};

Harness* ServicesTest::harness_ = nullptr;

// A one-request HTTP server standing in for CloudFormation's ResponseURL: it keeps the body
// of the first request and answers 200.
class ResponseListener {
  public:
    ResponseListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(fd_, 1) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            throw std::runtime_error("listener");
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~ResponseListener() {
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/response"; }
    // The body received, or "" when none came within 20 seconds.
    std::string body() {
        auto f = body_.get_future();
        return f.wait_for(std::chrono::seconds(20)) == std::future_status::ready ? f.get() : "";
    }

  private:
    void serve() {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 20000) <= 0) return;
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string in;
        char buf[4096];
        size_t header_end = std::string::npos, length = 0;
        while (true) {
            ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            in.append(buf, static_cast<size_t>(n));
            if (header_end == std::string::npos &&
                (header_end = in.find("\r\n\r\n")) != std::string::npos) {
                std::smatch m;
                std::string head = in.substr(0, header_end);
                if (std::regex_search(head, m,
                                      std::regex("content-length: *([0-9]+)", std::regex::icase)))
                    length = std::stoul(m[1]);
            }
            if (header_end != std::string::npos && in.size() >= header_end + 4 + length) break;
        }
        std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(c, ok.data(), ok.size(), MSG_NOSIGNAL);
        ::close(c);
        body_.set_value(header_end == std::string::npos ? "" : in.substr(header_end + 4));
    }

    int fd_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
    std::promise<std::string> body_;
};

int64_t num(const json::value& v) {
    return v.to_number<int64_t>();
}

// The generated names: "<stack>-<LogicalId>-<suffix>".
void expect_generated(const std::string& name, const std::string& prefix, const char* suffix) {
    EXPECT_TRUE(std::regex_match(name, std::regex(prefix + suffix))) << name;
}

TEST_F(ServicesTest, KinesisStreamLifecycle) {
    Provider& p = provider("AWS::Kinesis::Stream");
    auto c = ctx("EventStream", "AWS::Kinesis::Stream");
    json::object v1 = props(R"({"ShardCount":"2","RetentionPeriodHours":48,
                               "Tags":[{"Key":"team","Value":"a"},{"Key":"gone","Value":"x"}]})");
    auto st = p.create(c, v1);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string name = st->physical_id;
    expect_generated(name, "teststack-EventStream-", "[A-Za-z0-9]{12}");
    EXPECT_TRUE(st->ref.is_null());  // Ref is the name
    auto s = h().call("kinesis", "DescribeStreamSummary", {{"StreamName", name}})
                 .at("StreamDescriptionSummary");
    EXPECT_EQ(s.at("StreamStatus").as_string(), "ACTIVE");
    EXPECT_EQ(num(s.at("OpenShardCount")), 2);
    EXPECT_EQ(num(s.at("RetentionPeriodHours")), 48);
    EXPECT_EQ(st->attributes.at("Arn"), s.at("StreamARN"));
    EXPECT_EQ(st->attributes.at("Arn").as_string(),
              "arn:aws:kinesis:us-east-1:" + c.account_id + ":stream/" + name);

    json::object v2 = props(R"({"ShardCount":3,"Tags":[{"Key":"team","Value":"b"}]})");
    EXPECT_FALSE(p.needs_replacement(v1, v2));
    EXPECT_TRUE(p.needs_replacement(v1, props(R"({"Name":"other","ShardCount":2})")));
    auto up = p.update(c, *st, v1, v2);
    ASSERT_TRUE(up.ok()) << up.error().message;
    s = h().call("kinesis", "DescribeStreamSummary", {{"StreamName", name}})
            .at("StreamDescriptionSummary");
    EXPECT_EQ(num(s.at("OpenShardCount")), 3);
    EXPECT_EQ(num(s.at("RetentionPeriodHours")), 24);  // removed: back to the default
    auto tags = h().call("kinesis", "ListTagsForStream", {{"StreamName", name}}).at("Tags");
    EXPECT_EQ(json::serialize(tags), R"([{"Key":"team","Value":"b"}])");

    // Freshet's streams cannot change mode: refused, not ignored.
    auto mode = p.update(c, *up, v2, props(R"({"StreamModeDetails":{"StreamMode":"ON_DEMAND"}})"));
    ASSERT_FALSE(mode.ok());
    EXPECT_EQ(mode.error().code, "ValidationError");

    ASSERT_TRUE(p.remove(c, *up, v2).ok());
    EXPECT_EQ(h().error_of("kinesis", "DescribeStreamSummary", {{"StreamName", name}}),
              "ResourceNotFoundException");
    EXPECT_TRUE(p.remove(c, *up, v2).ok());  // already gone
}

TEST_F(ServicesTest, KinesisStreamOnDemandAndNamed) {
    Provider& p = provider("AWS::Kinesis::Stream");
    auto c = ctx("Named", "AWS::Kinesis::Stream");
    json::object v =
        props(R"({"Name":"named-stream","StreamModeDetails":{"StreamMode":"ON_DEMAND"}})");
    auto st = p.create(c, v);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(st->physical_id, "named-stream");
    auto s = h().call("kinesis", "DescribeStreamSummary", {{"StreamName", "named-stream"}})
                 .at("StreamDescriptionSummary");
    EXPECT_EQ(s.at("StreamModeDetails").at("StreamMode").as_string(), "ON_DEMAND");
    // The service's own error passes through unchanged (the name is taken).
    auto again = p.create(c, v);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "ResourceInUseException");
    ASSERT_TRUE(p.remove(c, *st, v).ok());
}

TEST_F(ServicesTest, DynamoDbTableLifecycle) {
    Provider& p = provider("AWS::DynamoDB::Table");
    auto c = ctx("EventData", "AWS::DynamoDB::Table");
    json::object v1 = props(R"({
        "AttributeDefinitions":[{"AttributeName":"Username","AttributeType":"S"},
                                {"AttributeName":"Id","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"Username","KeyType":"HASH"},
                     {"AttributeName":"Id","KeyType":"RANGE"}],
        "ProvisionedThroughput":{"ReadCapacityUnits":"1","WriteCapacityUnits":1},
        "PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true},
        "TimeToLiveSpecification":{"AttributeName":"expires","Enabled":"false"},
        "Tags":[{"Key":"env","Value":"test"}]})");
    auto st = p.create(c, v1);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string name = st->physical_id;
    expect_generated(name, "teststack-EventData-", "[A-Z0-9]{13}");
    auto t = h().call("dynamodb", "DescribeTable", {{"TableName", name}}).at("Table");
    EXPECT_EQ(t.at("TableStatus").as_string(), "ACTIVE");
    EXPECT_EQ(num(t.at("ProvisionedThroughput").at("ReadCapacityUnits")), 1);
    EXPECT_EQ(st->attributes.at("Arn"), t.at("TableArn"));
    EXPECT_FALSE(st->attributes.contains("StreamArn"));  // no stream
    auto tags = h().call("dynamodb", "ListTagsOfResource", {{"ResourceArn", t.at("TableArn")}});
    EXPECT_EQ(json::serialize(tags.at("Tags")), R"([{"Key":"env","Value":"test"}])");

    json::object v2 = v1;
    v2["ProvisionedThroughput"] = json::object{{"ReadCapacityUnits", 2}, {"WriteCapacityUnits", 3}};
    v2["Tags"] = json::parse(R"([{"Key":"env","Value":"prod"},{"Key":"new","Value":"1"}])");
    EXPECT_FALSE(p.needs_replacement(v1, v2));
    json::object rekeyed = v1;
    rekeyed["KeySchema"] = json::parse(R"([{"AttributeName":"Username","KeyType":"HASH"}])");
    EXPECT_TRUE(p.needs_replacement(v1, rekeyed));
    auto up = p.update(c, *st, v1, v2);
    ASSERT_TRUE(up.ok()) << up.error().message;
    t = h().call("dynamodb", "DescribeTable", {{"TableName", name}}).at("Table");
    EXPECT_EQ(num(t.at("ProvisionedThroughput").at("WriteCapacityUnits")), 3);
    tags = h().call("dynamodb", "ListTagsOfResource", {{"ResourceArn", t.at("TableArn")}});
    EXPECT_EQ(tags.at("Tags").as_array().size(), 2u);

    json::object v3 = v2;
    v3.erase("ProvisionedThroughput");
    v3["BillingMode"] = "PAY_PER_REQUEST";
    ASSERT_TRUE(p.update(c, *up, v2, v3).ok());
    t = h().call("dynamodb", "DescribeTable", {{"TableName", name}}).at("Table");
    EXPECT_EQ(t.at("BillingModeSummary").at("BillingMode").as_string(), "PAY_PER_REQUEST");

    ASSERT_TRUE(p.remove(c, *up, v3).ok());
    EXPECT_NE(h().error_of("dynamodb", "DescribeTable", {{"TableName", name}}), "");
    EXPECT_TRUE(p.remove(c, *up, v3).ok());
}

TEST_F(ServicesTest, DynamoDbTableRefusalsAreClear) {
    Provider& p = provider("AWS::DynamoDB::Table");
    auto c = ctx("Protected", "AWS::DynamoDB::Table");
    json::object v = props(R"({"TableName":"protected",
        "AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"k","KeyType":"HASH"}],
        "BillingMode":"PAY_PER_REQUEST","DeletionProtectionEnabled":"true"})");
    auto st = p.create(c, v);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "ValidationError");
    EXPECT_NE(st.error().message.find("DeletionProtectionEnabled"), std::string::npos);
    // Refused before anything was made.
    EXPECT_NE(h().error_of("dynamodb", "DescribeTable", {{"TableName", "protected"}}), "");
}

TEST_F(ServicesTest, LambdaFunctionFromInlineCode) {
    Provider& p = provider("AWS::Lambda::Function");
    const std::string role_arn = role("fn-role");
    auto c = ctx("DDBEventProcessor", "AWS::Lambda::Function");
    json::object v1{
        {"Runtime", "python3.11"},
        {"Handler", "index.handler"},
        {"Role", role_arn},
        {"MemorySize", "256"},
        {"Environment", {{"Variables", {{"GREETING", "hi"}}}}},
        {"ReservedConcurrentExecutions", 5},
        {"Tags", json::parse(R"([{"Key":"lambda:createdBy","Value":"SAM"}])")},
        {"Code",
         {{"ZipFile",
           "import os, cfnresponse\n"
           "def handler(event, context):\n"
           "    return {'greeting': os.environ['GREETING'], 'ok': cfnresponse.SUCCESS}\n"}}}};
    auto st = p.create(c, v1);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string name = st->physical_id;
    expect_generated(name, "teststack-DDBEventProcessor-", "[A-Za-z0-9]{12}");
    EXPECT_LE(name.size(), 64u);
    auto conf = h().call("lambda", "GetFunctionConfiguration", {{"FunctionName", name}});
    EXPECT_EQ(conf.at("State").as_string(), "Active");
    EXPECT_EQ(num(conf.at("MemorySize")), 256);
    EXPECT_EQ(st->attributes.at("Arn"), conf.at("FunctionArn"));
    // CloudFormation's index.py, with the cfn-response module beside it.
    EXPECT_EQ(json::parse(invoke(name)), json::parse(R"({"greeting":"hi","ok":"SUCCESS"})"));
    auto reserved = h().call("lambda", "GetFunctionConcurrency", {{"FunctionName", name}});
    EXPECT_EQ(num(reserved.at("ReservedConcurrentExecutions")), 5);
    auto tags = h().call("lambda", "ListTags", {{"Resource", conf.at("FunctionArn")}});
    EXPECT_EQ(tags.at("Tags").at("lambda:createdBy").as_string(), "SAM");

    json::object v2 = v1;
    v2.erase("MemorySize");
    v2.erase("ReservedConcurrentExecutions");
    v2["Timeout"] = 10;
    v2["Environment"] = json::parse(R"({"Variables":{"GREETING":"hello"}})");
    v2["Code"] = json::object{
        {"ZipFile",
         "import os\ndef handler(event, context):\n    return os.environ['GREETING'] + '!'\n"}};
    v2["Tags"] = json::array{};
    EXPECT_FALSE(p.needs_replacement(v1, v2));
    json::object renamed = v1;
    renamed["FunctionName"] = "explicit";
    EXPECT_TRUE(p.needs_replacement(v1, renamed));
    auto up = p.update(c, *st, v1, v2);
    ASSERT_TRUE(up.ok()) << up.error().message;
    conf = h().call("lambda", "GetFunctionConfiguration", {{"FunctionName", name}});
    EXPECT_EQ(num(conf.at("MemorySize")), 128);  // removed: Lambda's default
    EXPECT_EQ(num(conf.at("Timeout")), 10);
    EXPECT_EQ(invoke(name), "\"hello!\"");
    auto none = h().call("lambda", "GetFunctionConcurrency", {{"FunctionName", name}});
    EXPECT_FALSE(none.as_object().contains("ReservedConcurrentExecutions"))
        << json::serialize(none);
    tags = h().call("lambda", "ListTags", {{"Resource", conf.at("FunctionArn")}});
    EXPECT_TRUE(tags.at("Tags").as_object().empty()) << json::serialize(tags);

    ASSERT_TRUE(p.remove(c, *up, v2).ok());
    EXPECT_EQ(h().error_of("lambda", "GetFunctionConfiguration", {{"FunctionName", name}}),
              "ResourceNotFoundException");
    EXPECT_TRUE(p.remove(c, *up, v2).ok());
}

TEST_F(ServicesTest, LambdaFunctionFromS3AndRefusals) {
    Provider& p = provider("AWS::Lambda::Function");
    const std::string role_arn = role("s3-fn-role");
    h().call("s3", "CreateBucket", {{"Bucket", "code-bucket"}});
    auto zip = svc::make_zip({{"app.py", "def handler(event, context):\n    return 'from s3'\n"}});
    ASSERT_TRUE(zip.ok());
    h().call("s3", "PutObject",
             {{"Bucket", "code-bucket"}, {"Key", "app.zip"}, {"Body", base64_encode(*zip)}});
    auto c = ctx("FromS3", "AWS::Lambda::Function");
    json::object v{{"FunctionName", "from-s3"},
                   {"Runtime", "python3.11"},
                   {"Handler", "app.handler"},
                   {"Role", role_arn},
                   {"Code", {{"S3Bucket", "code-bucket"}, {"S3Key", "app.zip"}}}};
    auto st = p.create(c, v);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(st->physical_id, "from-s3");
    EXPECT_EQ(invoke("from-s3"), "\"from s3\"");
    ASSERT_TRUE(p.remove(c, *st, v).ok());

    json::object layered = v;
    layered["FunctionName"] = "layered";
    layered["Layers"] = json::array{"arn:aws:lambda:us-east-1:123456789012:layer:x:1"};
    auto refused = p.create(c, layered);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("Layers"), std::string::npos);
    json::object inline_provided = v;
    inline_provided["Runtime"] = "provided.al2023";
    inline_provided["Code"] = json::object{{"ZipFile", "echo"}};
    EXPECT_FALSE(p.create(c, inline_provided).ok());
    // The service's error passes through: a role Lambda cannot assume.
    json::object bad_role = v;
    bad_role["FunctionName"] = "bad-role";
    bad_role["Role"] = "arn:aws:iam::" + c.account_id + ":role/missing";
    auto bad = p.create(c, bad_role);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "InvalidParameterValueException");
}

TEST_F(ServicesTest, EventSourceMappingLifecycle) {
    const std::string role_arn = role("esm-role");
    auto fn = function("Consumer", role_arn, "def handler(event, context):\n    return {}\n");
    auto fn2 = function("Consumer2", role_arn, "def handler(event, context):\n    return {}\n");
    auto sc = ctx("Source", "AWS::Kinesis::Stream");
    auto stream = provider("AWS::Kinesis::Stream").create(sc, props(R"({"ShardCount":1})"));
    ASSERT_TRUE(stream.ok()) << stream.error().message;

    Provider& p = provider("AWS::Lambda::EventSourceMapping");
    auto c = ctx("ConsumerStream", "AWS::Lambda::EventSourceMapping");
    json::object v1{{"FunctionName", fn.physical_id},
                    {"EventSourceArn", stream->attributes.at("Arn")},
                    {"StartingPosition", "TRIM_HORIZON"},
                    {"BatchSize", "10"},
                    {"BisectBatchOnFunctionError", "true"}};
    auto st = p.create(c, v1);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(st->attributes.at("Id").as_string(), st->physical_id);
    auto m = h().call("lambda", "GetEventSourceMapping", {{"UUID", st->physical_id}});
    EXPECT_EQ(m.at("State").as_string(), "Enabled");
    EXPECT_EQ(num(m.at("BatchSize")), 10);
    EXPECT_TRUE(m.at("BisectBatchOnFunctionError").as_bool());

    json::object v2 = v1;
    v2["BatchSize"] = 20;
    v2["Enabled"] = false;
    v2["FunctionName"] = fn2.physical_id;
    v2.erase("BisectBatchOnFunctionError");
    EXPECT_FALSE(p.needs_replacement(v1, v2));  // FunctionName: no interruption
    json::object moved = v1;
    moved["StartingPosition"] = "LATEST";
    EXPECT_TRUE(p.needs_replacement(v1, moved));
    auto up = p.update(c, *st, v1, v2);
    ASSERT_TRUE(up.ok()) << up.error().message;
    m = h().call("lambda", "GetEventSourceMapping", {{"UUID", st->physical_id}});
    EXPECT_EQ(m.at("State").as_string(), "Disabled");
    EXPECT_EQ(num(m.at("BatchSize")), 20);
    EXPECT_FALSE(m.at("BisectBatchOnFunctionError").as_bool());
    EXPECT_EQ(m.at("FunctionArn"), fn2.attributes.at("Arn"));

    ASSERT_TRUE(p.remove(c, *up, v2).ok());
    EXPECT_EQ(h().error_of("lambda", "GetEventSourceMapping", {{"UUID", st->physical_id}}),
              "ResourceNotFoundException");
    EXPECT_TRUE(p.remove(c, *up, v2).ok());
    EXPECT_TRUE(provider("AWS::Kinesis::Stream").remove(sc, *stream, {}).ok());
}

TEST_F(ServicesTest, PermissionLifecycle) {
    const std::string role_arn = role("permission-role");
    auto fn = function("Permitted", role_arn, "def handler(event, context):\n    return 'v1'\n");

    Provider& perm = provider("AWS::Lambda::Permission");
    auto pc = ctx("InvokePermission", "AWS::Lambda::Permission");
    json::object pv{{"FunctionName", fn.attributes.at("Arn")},
                    {"Action", "lambda:InvokeFunction"},
                    {"Principal", "s3.amazonaws.com"},
                    {"SourceAccount", pc.account_id}};
    auto ps = perm.create(pc, pv);
    ASSERT_TRUE(ps.ok()) << ps.error().message;
    expect_generated(ps->physical_id, "teststack-InvokePermission-", "[A-Za-z0-9]{12}");
    auto policy = json::parse(h().call("lambda", "GetPolicy", {{"FunctionName", fn.physical_id}})
                                  .at("Policy")
                                  .as_string());
    EXPECT_EQ(policy.at("Statement").at(0).at("Sid").as_string(), ps->physical_id);
    json::object pv2 = pv;
    pv2["Principal"] = "sns.amazonaws.com";
    EXPECT_TRUE(perm.needs_replacement(pv, pv2));
    ASSERT_TRUE(perm.remove(pc, *ps, pv).ok());
    EXPECT_TRUE(perm.remove(pc, *ps, pv).ok());  // already gone
}

TEST_F(ServicesTest, VersionAndAlias) {
    const std::string role_arn = role("versions-role");
    auto fn = function("Versioned", role_arn, "def handler(event, context):\n    return 'v1'\n");

    Provider& ver = provider("AWS::Lambda::Version");
    auto vc = ctx("Version", "AWS::Lambda::Version");
    json::object vv{{"FunctionName", fn.physical_id}, {"Description", "first"}};
    auto v1 = ver.create(vc, vv);
    ASSERT_TRUE(v1.ok()) << v1.error().message;
    EXPECT_EQ(v1->physical_id, std::string(fn.attributes.at("Arn").as_string()) + ":1");
    EXPECT_EQ(v1->attributes.at("Version").as_string(), "1");
    json::object vv2 = vv;
    vv2["Description"] = "second";
    EXPECT_TRUE(ver.needs_replacement(vv, vv2));
    // A CodeSha256 that is not $LATEST's: Lambda's own error passes through.
    json::object wrong = vv;
    wrong["CodeSha256"] = "not-the-hash";
    EXPECT_FALSE(ver.create(vc, wrong).ok());

    Provider& alias = provider("AWS::Lambda::Alias");
    auto ac = ctx("Live", "AWS::Lambda::Alias");
    json::object av{{"FunctionName", fn.physical_id}, {"Name", "live"}, {"FunctionVersion", "1"}};
    auto as = alias.create(ac, av);
    ASSERT_TRUE(as.ok()) << as.error().message;
    EXPECT_EQ(as->physical_id, std::string(fn.attributes.at("Arn").as_string()) + ":live");
    // A second version, and the alias moved to it with a share of traffic left on 1.
    ASSERT_TRUE(provider("AWS::Lambda::Function")
                    .update(ctx("Versioned", "AWS::Lambda::Function"), fn,
                            {{"Runtime", "python3.11"},
                             {"Handler", "index.handler"},
                             {"Role", role_arn},
                             {"Code", {{"ZipFile", "x = 1"}}}},
                            {{"Runtime", "python3.11"},
                             {"Handler", "index.handler"},
                             {"Role", role_arn},
                             {"Code", {{"ZipFile", "def handler(e, c):\n    return 'v2'\n"}}}})
                    .ok());
    auto v2 = ver.create(vc, vv2);
    ASSERT_TRUE(v2.ok()) << v2.error().message;
    EXPECT_EQ(v2->attributes.at("Version").as_string(), "2");
    json::object av2 = av;
    av2["FunctionVersion"] = "2";
    av2["RoutingConfig"] = json::parse(
        R"({"AdditionalVersionWeights":[{"FunctionVersion":"1","FunctionWeight":"0.25"}]})");
    EXPECT_FALSE(alias.needs_replacement(av, av2));
    auto moved = alias.update(ac, *as, av, av2);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
    auto got = h().call("lambda", "GetAlias", {{"FunctionName", fn.physical_id}, {"Name", "live"}});
    EXPECT_EQ(got.at("FunctionVersion").as_string(), "2");
    EXPECT_DOUBLE_EQ(
        got.at("RoutingConfig").at("AdditionalVersionWeights").at("1").to_number<double>(), 0.25);

    ASSERT_TRUE(alias.remove(ac, *moved, av2).ok());
    EXPECT_EQ(
        h().error_of("lambda", "GetAlias", {{"FunctionName", fn.physical_id}, {"Name", "live"}}),
        "ResourceNotFoundException");
    ASSERT_TRUE(ver.remove(vc, *v1, vv).ok());
    EXPECT_EQ(h().error_of("lambda", "GetFunctionConfiguration",
                           {{"FunctionName", fn.physical_id}, {"Qualifier", "1"}}),
              "ResourceNotFoundException");
    EXPECT_EQ(h().error_of("lambda", "GetFunctionConfiguration",
                           {{"FunctionName", fn.physical_id}, {"Qualifier", "2"}}),
              "");
    EXPECT_TRUE(ver.remove(vc, *v1, vv).ok());
}

TEST_F(ServicesTest, LogGroupLifecycle) {
    Provider& p = provider("AWS::Logs::LogGroup");
    auto c = ctx("AppLogs", "AWS::Logs::LogGroup");
    json::object v1 = props(R"({"RetentionInDays":"7","Tags":[{"Key":"a","Value":"b"}]})");
    auto st = p.create(c, v1);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string name = st->physical_id;
    expect_generated(name, "teststack-AppLogs-", "[A-Za-z0-9]{12}");
    EXPECT_EQ(st->attributes.at("Arn").as_string(),
              "arn:aws:logs:us-east-1:" + c.account_id + ":log-group:" + name + ":*");
    auto group = [&] {
        auto out = h().call("logs", "DescribeLogGroups", {{"logGroupNamePrefix", name}});
        return out.at("logGroups").at(0).as_object();
    };
    EXPECT_EQ(num(group().at("retentionInDays")), 7);
    json::object v2 = props(R"({"RetentionInDays":14})");
    EXPECT_FALSE(p.needs_replacement(v1, v2));
    EXPECT_TRUE(p.needs_replacement(v1, props(R"({"LogGroupName":"/explicit"})")));
    ASSERT_TRUE(p.update(c, *st, v1, v2).ok());
    EXPECT_EQ(num(group().at("retentionInDays")), 14);
    ASSERT_TRUE(p.update(c, *st, v2, {}).ok());
    EXPECT_FALSE(group().contains("retentionInDays"));
    ASSERT_TRUE(p.remove(c, *st, {}).ok());
    auto out = h().call("logs", "DescribeLogGroups", {{"logGroupNamePrefix", name}});
    EXPECT_TRUE(out.at("logGroups").as_array().empty());
    EXPECT_TRUE(p.remove(c, *st, {}).ok());
}

TEST_F(ServicesTest, BucketLifecycle) {
    Provider& p = provider("AWS::S3::Bucket");
    auto c = ctx("ArtifactBucket", "AWS::S3::Bucket");
    json::object v = props(R"({"Tags":[{"Key":"a","Value":"b"}]})");
    auto st = p.create(c, v);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string name = st->physical_id;
    expect_generated(name, "teststack-artifactbucket-", "[a-z0-9]{12}");
    EXPECT_LE(name.size(), 63u);
    EXPECT_EQ(st->attributes.at("Arn").as_string(), "arn:aws:s3:::" + name);
    EXPECT_EQ(st->attributes.at("DomainName").as_string(), name + ".s3.amazonaws.com");
    EXPECT_EQ(st->attributes.at("RegionalDomainName").as_string(),
              name + ".s3.us-east-1.amazonaws.com");
    EXPECT_EQ(h().error_of("s3", "HeadBucket", {{"Bucket", name}}), "");
    EXPECT_TRUE(p.needs_replacement(v, props(R"({"BucketName":"other"})")));
    EXPECT_FALSE(p.needs_replacement(v, props(R"({"Tags":[]})")));

    // A bucket with objects is not deleted, as on AWS.
    h().call("s3", "PutObject", {{"Bucket", name}, {"Key", "k"}, {"Body", base64_encode("x")}});
    auto full = p.remove(c, *st, v);
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, "BucketNotEmpty");
    h().call("s3", "DeleteObject", {{"Bucket", name}, {"Key", "k"}});
    ASSERT_TRUE(p.remove(c, *st, v).ok());
    EXPECT_NE(h().error_of("s3", "HeadBucket", {{"Bucket", name}}), "");
    EXPECT_TRUE(p.remove(c, *st, v).ok());

    auto versioned = p.create(c, props(R"({"VersioningConfiguration":{"Status":"Enabled"}})"));
    ASSERT_FALSE(versioned.ok());
    EXPECT_EQ(versioned.error().code, "ValidationError");
}

// CloudFormation's inline code comes with the cfn-response module: a custom resource's handler
// written against it reaches the ResponseURL (plain http here) with CloudFormation's document.
TEST_F(ServicesTest, InlineCodeCfnResponseReachesTheResponseUrl) {
    const std::string role_arn = role("cfn-response-role");
    const std::vector<std::pair<std::string, std::string>> handlers = {
        {"nodejs20.x",
         "var response = require('cfn-response');\n"
         "exports.handler = function (event, context) {\n"
         "  response.send(event, context, response.SUCCESS, {Answer: '42'}, 'phys-id');\n"
         "};\n"},
        {"python3.11",
         "import cfnresponse\n"
         "def handler(event, context):\n"
         "    cfnresponse.send(event, context, cfnresponse.SUCCESS, {'Answer': '42'}, "
         "'phys-id')\n"}};
    for (const auto& [runtime, code] : handlers) {
        SCOPED_TRACE(runtime);
        const std::string name = "cfn-" + runtime.substr(0, 6);
        json::object v{{"FunctionName", name},
                       {"Runtime", runtime},
                       {"Handler", "index.handler"},
                       {"Role", role_arn},
                       {"Code", {{"ZipFile", code}}}};
        auto c = ctx("Handler", "AWS::Lambda::Function");
        auto st = provider("AWS::Lambda::Function").create(c, v);
        ASSERT_TRUE(st.ok()) << st.error().message;
        ResponseListener listener;
        json::object event{{"RequestType", "Create"},       {"ResponseURL", listener.url()},
                           {"StackId", c.stack_id},         {"RequestId", "req-1"},
                           {"LogicalResourceId", "Custom"}, {"ResourceType", "Custom::Thing"}};
        auto out = h().call("lambda", "Invoke",
                            {{"FunctionName", name},
                             {"LogType", "Tail"},
                             {"Payload", base64_encode(json::serialize(event))}});
        std::string body = listener.body();
        ASSERT_FALSE(body.empty()) << base64_decode(out.at("LogResult").as_string()).value_or("");
        json::value doc = json::parse(body);
        EXPECT_EQ(doc.at("Status").as_string(), "SUCCESS");
        EXPECT_EQ(doc.at("PhysicalResourceId").as_string(), "phys-id");
        EXPECT_EQ(doc.at("RequestId").as_string(), "req-1");
        EXPECT_EQ(doc.at("StackId").as_string(), c.stack_id);
        EXPECT_EQ(doc.at("LogicalResourceId").as_string(), "Custom");
        EXPECT_EQ(doc.at("Data").at("Answer").as_string(), "42");
        EXPECT_TRUE(provider("AWS::Lambda::Function").remove(c, *st, v).ok());
    }
}

TEST(ServiceZipTest, InlineCodeFilesByRuntime) {
    EXPECT_EQ(svc::inline_code_files("nodejs20.x", "x")[0].first, "index.js");
    EXPECT_EQ(svc::inline_code_files("nodejs20.x", "x")[1].first,
              "node_modules/cfn-response/index.js");
    EXPECT_EQ(svc::inline_code_files("python3.12", "x")[0].first, "index.py");
    EXPECT_EQ(svc::inline_code_files("python3.12", "x")[1].first, "cfnresponse.py");
    EXPECT_TRUE(svc::inline_code_files("provided.al2023", "x").empty());
    EXPECT_TRUE(svc::inline_code_files("java21", "x").empty());
}

}  // namespace
}  // namespace freshet::stacks::test
