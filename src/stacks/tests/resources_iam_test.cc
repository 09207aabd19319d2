// The IAM providers and custom resources against a real in-process Freshet: each resource is
// created, checked through IAM's own API, updated in place, asked about replacement, removed,
// and checked gone. Custom resources run a real Python function that PUTs its answer to a
// ResponseURL served by this test, as the cfn-response module does. (Over 600 lines: the
// custom-resource half carries its own HTTP listener and handler source.)
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "core/encoding.h"
#include "stacks/resources/provider.h"
#include "stacks/tests/resources_harness.h"

namespace freshet::stacks::test {
namespace {

namespace json = boost::json;

class IamResourcesTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // Functions run from the source tree's runtimes/.
        ::setenv("FRESHET_HOME", FRESHET_SOURCE_DIR, 1);
        harness_ = new Harness();
    }
    static void TearDownTestSuite() {
        delete harness_;
        harness_ = nullptr;
    }
    Harness& h() { return *harness_; }
    ResourceContext ctx(const std::string& logical, const std::string& type) {
        return h().context(logical, type);
    }
    static Provider& provider(std::string_view type) {
        Provider* p = find_provider(type);
        EXPECT_NE(p, nullptr) << type;
        return *p;
    }
    // The names in IAM's list `key` of `out`, by `member`.
    static std::vector<std::string> names(const json::value& out, std::string_view key,
                                          std::string_view member = "") {
        std::vector<std::string> v;
        const json::value* list = out.as_object().if_contains(key);
        if (!list) return v;
        for (const json::value& e : list->as_array())
            v.emplace_back(member.empty() ? e.as_string() : e.as_object().at(member).as_string());
        return v;
    }
    static inline Harness* harness_ = nullptr;
};

constexpr std::string_view kTrust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
    "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr std::string_view kBasic =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
constexpr std::string_view kKinesisExec =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole";

std::string allow(std::string_view action) {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":")" +
           std::string(action) + R"(","Resource":"*"}]})";
}

TEST_F(IamResourcesTest, RoleLifecycle) {
    Provider& p = provider("AWS::IAM::Role");
    auto c = ctx("ExecRole", "AWS::IAM::Role");
    json::object props{
        {"AssumeRolePolicyDocument", json::parse(kTrust)},
        {"Path", "/svc/"},
        {"Description", "first"},
        {"ManagedPolicyArns", json::array{kBasic}},
        {"Policies", json::array{json::object{{"PolicyName", "logs"},
                                              {"PolicyDocument", json::parse(allow("logs:*"))}}}},
        {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "a"}}}}};
    auto created = p.create(c, props);
    ASSERT_TRUE(created.ok()) << created.error().message;
    const std::string name = created->physical_id;
    EXPECT_TRUE(std::regex_match(name, std::regex("teststack-ExecRole-[A-Za-z0-9]{12}"))) << name;
    auto role = h().call("iam", "GetRole", {{"RoleName", name}}).at("Role");
    EXPECT_EQ(role.at("Arn"), created->attributes.at("Arn"));
    EXPECT_EQ(json::value_to<std::string>(role.at("Arn")),
              "arn:aws:iam::" + c.account_id + ":role/svc/" + name);
    EXPECT_EQ(role.at("RoleId"), created->attributes.at("RoleId"));
    EXPECT_EQ(role.at("Description"), "first");
    EXPECT_EQ(names(h().call("iam", "ListAttachedRolePolicies", {{"RoleName", name}}),
                    "AttachedPolicies", "PolicyArn"),
              std::vector<std::string>{std::string(kBasic)});
    EXPECT_EQ(names(h().call("iam", "ListRolePolicies", {{"RoleName", name}}), "PolicyNames"),
              std::vector<std::string>{"logs"});

    json::object after = props;
    after["Description"] = "second";
    after["MaxSessionDuration"] = "7200";  // a Number parameter's Ref arrives as a string
    after["ManagedPolicyArns"] = json::array{kKinesisExec};
    after["Policies"] = json::array{json::object{
        {"PolicyName", "tables"}, {"PolicyDocument", json::parse(allow("dynamodb:*"))}}};
    after["Tags"] = json::array{json::object{{"Key", "owner"}, {"Value", "b"}}};
    EXPECT_FALSE(p.needs_replacement(props, after));
    json::object renamed = props;
    renamed["RoleName"] = "other";
    EXPECT_TRUE(p.needs_replacement(props, renamed));
    json::object moved = props;
    moved["Path"] = "/elsewhere/";
    EXPECT_TRUE(p.needs_replacement(props, moved));
    auto updated = p.update(c, created.value(), props, after);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->physical_id, name);
    role = h().call("iam", "GetRole", {{"RoleName", name}}).at("Role");
    EXPECT_EQ(role.at("Description"), "second");
    EXPECT_EQ(role.at("MaxSessionDuration"), 7200);
    EXPECT_EQ(names(h().call("iam", "ListAttachedRolePolicies", {{"RoleName", name}}),
                    "AttachedPolicies", "PolicyArn"),
              std::vector<std::string>{std::string(kKinesisExec)});
    EXPECT_EQ(names(h().call("iam", "ListRolePolicies", {{"RoleName", name}}), "PolicyNames"),
              std::vector<std::string>{"tables"});
    EXPECT_EQ(names(h().call("iam", "ListRoleTags", {{"RoleName", name}}), "Tags", "Key"),
              std::vector<std::string>{"owner"});

    ASSERT_TRUE(p.remove(c, updated.value(), after).ok());
    EXPECT_EQ(h().error_of("iam", "GetRole", {{"RoleName", name}}), "NoSuchEntity");
    EXPECT_TRUE(p.remove(c, updated.value(), after).ok()) << "already gone is success";
}

TEST_F(IamResourcesTest, RoleErrors) {
    Provider& p = provider("AWS::IAM::Role");
    auto missing = p.create(ctx("R", "AWS::IAM::Role"), {});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "Properties validation failed for resource R with message: #: required key "
              "[AssumeRolePolicyDocument] not found");
    auto boundary =
        p.create(ctx("R", "AWS::IAM::Role"),
                 {{"AssumeRolePolicyDocument", json::parse(kTrust)},
                  {"PermissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess"}});
    ASSERT_FALSE(boundary.ok());
    EXPECT_EQ(boundary.error().code, "ValidationError");
    // A bad managed policy ARN fails the create and leaves no role behind.
    json::object bad{{"RoleName", "half-made"},
                     {"AssumeRolePolicyDocument", json::parse(kTrust)},
                     {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/NoSuchPolicy"}}};
    auto failed = p.create(ctx("R", "AWS::IAM::Role"), bad);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, "NoSuchEntity");
    EXPECT_EQ(h().error_of("iam", "GetRole", {{"RoleName", "half-made"}}), "NoSuchEntity");
}

// The reference template's client: a user with no properties, an inline policy allowing
// kinesis:Put* on the stream for that user, and an access key for it.
TEST_F(IamResourcesTest, ReferenceTemplateClientChain) {
    auto uc = ctx("streamprocessingclient", "AWS::IAM::User");
    auto user = provider("AWS::IAM::User").create(uc, {});
    ASSERT_TRUE(user.ok()) << user.error().message;
    const std::string user_name = user->physical_id;
    EXPECT_TRUE(
        std::regex_match(user_name, std::regex("teststack-streamprocessingclient-[A-Z0-9]{13}")))
        << user_name;
    EXPECT_EQ(json::value_to<std::string>(user->attributes.at("Arn")),
              "arn:aws:iam::" + uc.account_id + ":user/" + user_name);

    auto pc = ctx("ClientPolicy", "AWS::IAM::Policy");
    std::string stream = "arn:aws:kinesis:us-east-1:" + uc.account_id + ":stream/teststack-s";
    json::object policy_props{
        {"PolicyName", "client"},
        {"PolicyDocument",
         {{"Version", "2012-10-17"},
          {"Statement",
           json::array{{{"Effect", "Allow"}, {"Action", "kinesis:Put*"}, {"Resource", stream}}}}}},
        {"Users", json::array{json::string(user_name)}}};
    auto policy = provider("AWS::IAM::Policy").create(pc, policy_props);
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    EXPECT_TRUE(std::regex_match(policy->physical_id, std::regex("teststack-Clie-[A-Z0-9]{13}")))
        << policy->physical_id;
    EXPECT_EQ(json::value_to<std::string>(policy->attributes.at("Id")), policy->physical_id);
    auto doc =
        h().call("iam", "GetUserPolicy", {{"UserName", user_name}, {"PolicyName", "client"}});
    EXPECT_NE(json::value_to<std::string>(doc.at("PolicyDocument")).find("kinesis%3APut%2A"),
              std::string::npos)
        << doc;

    auto kc = ctx("ClientKeys", "AWS::IAM::AccessKey");
    json::object key_props{{"UserName", user_name}};
    Provider& keys = provider("AWS::IAM::AccessKey");
    auto key = keys.create(kc, key_props);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_TRUE(std::regex_match(key->physical_id, std::regex("AKIA[A-Z0-9]{16}")));
    EXPECT_EQ(json::value_to<std::string>(key->attributes.at("SecretAccessKey")).size(), 40u);
    auto listed = h().call("iam", "ListAccessKeys", {{"UserName", user_name}});
    ASSERT_EQ(names(listed, "AccessKeyMetadata", "AccessKeyId"),
              std::vector<std::string>{key->physical_id});
    EXPECT_EQ(listed.at("AccessKeyMetadata").at(0).at("Status"), "Active");

    json::object inactive = key_props;
    inactive["Status"] = "Inactive";
    EXPECT_FALSE(keys.needs_replacement(key_props, inactive));
    json::object rotated = key_props;
    rotated["Serial"] = 2;
    EXPECT_TRUE(keys.needs_replacement(key_props, rotated));
    auto updated = keys.update(kc, key.value(), key_props, inactive);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->attributes.at("SecretAccessKey"), key->attributes.at("SecretAccessKey"));
    listed = h().call("iam", "ListAccessKeys", {{"UserName", user_name}});
    EXPECT_EQ(listed.at("AccessKeyMetadata").at(0).at("Status"), "Inactive");

    // Deleted in reverse dependency order, as the engine does.
    ASSERT_TRUE(keys.remove(kc, updated.value(), inactive).ok());
    EXPECT_TRUE(names(h().call("iam", "ListAccessKeys", {{"UserName", user_name}}),
                      "AccessKeyMetadata", "AccessKeyId")
                    .empty());
    ASSERT_TRUE(provider("AWS::IAM::Policy").remove(pc, policy.value(), policy_props).ok());
    EXPECT_EQ(
        h().error_of("iam", "GetUserPolicy", {{"UserName", user_name}, {"PolicyName", "client"}}),
        "NoSuchEntity");
    ASSERT_TRUE(provider("AWS::IAM::User").remove(uc, user.value(), {}).ok());
    EXPECT_EQ(h().error_of("iam", "GetUser", {{"UserName", user_name}}), "NoSuchEntity");
}

TEST_F(IamResourcesTest, PolicyNeedsAnEntityAndFollowsUpdates) {
    Provider& p = provider("AWS::IAM::Policy");
    auto c = ctx("Inline", "AWS::IAM::Policy");
    auto none = p.create(c, {{"PolicyName", "x"}, {"PolicyDocument", json::parse(allow("s3:*"))}});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().message,
              "Properties validation failed for resource Inline with message: At least one of "
              "[Groups,Roles,Users] must be non-empty.");
    h().call("iam", "CreateRole", {{"RoleName", "pol-role"}, {"AssumeRolePolicyDocument", kTrust}});
    h().call("iam", "CreateGroup", {{"GroupName", "pol-group"}});
    json::object before{{"PolicyName", "one"},
                        {"PolicyDocument", json::parse(allow("s3:*"))},
                        {"Roles", json::array{"pol-role"}}};
    auto created = p.create(c, before);
    ASSERT_TRUE(created.ok()) << created.error().message;
    json::object after{{"PolicyName", "two"},
                       {"PolicyDocument", json::parse(allow("sqs:*"))},
                       {"Groups", json::array{"pol-group"}}};
    EXPECT_FALSE(p.needs_replacement(before, after));
    ASSERT_TRUE(p.update(c, created.value(), before, after).ok());
    EXPECT_TRUE(
        names(h().call("iam", "ListRolePolicies", {{"RoleName", "pol-role"}}), "PolicyNames")
            .empty());
    EXPECT_EQ(
        names(h().call("iam", "ListGroupPolicies", {{"GroupName", "pol-group"}}), "PolicyNames"),
        std::vector<std::string>{"two"});
    ASSERT_TRUE(p.remove(c, created.value(), after).ok());
    EXPECT_TRUE(
        names(h().call("iam", "ListGroupPolicies", {{"GroupName", "pol-group"}}), "PolicyNames")
            .empty());
    h().call("iam", "DeleteRole", {{"RoleName", "pol-role"}});
    h().call("iam", "DeleteGroup", {{"GroupName", "pol-group"}});
}

TEST_F(IamResourcesTest, ManagedPolicyVersionsAndAttachments) {
    Provider& p = provider("AWS::IAM::ManagedPolicy");
    auto c = ctx("Shared", "AWS::IAM::ManagedPolicy");
    h().call("iam", "CreateRole", {{"RoleName", "mp-role"}, {"AssumeRolePolicyDocument", kTrust}});
    h().call("iam", "CreateUser", {{"UserName", "mp-user"}});
    json::object props{{"PolicyDocument", json::parse(allow("s3:*"))},
                       {"Roles", json::array{"mp-role"}}};
    auto created = p.create(c, props);
    ASSERT_TRUE(created.ok()) << created.error().message;
    const std::string arn = created->physical_id;
    EXPECT_TRUE(std::regex_match(
        arn, std::regex("arn:aws:iam::[0-9]{12}:policy/teststack-Shared-[A-Z0-9]{13}")))
        << arn;
    EXPECT_EQ(json::value_to<std::string>(created->attributes.at("PolicyArn")), arn);
    EXPECT_EQ(created->attributes.at("DefaultVersionId"), "v1");
    EXPECT_EQ(created->attributes.at("AttachmentCount"), 1);
    EXPECT_TRUE(created->attributes.contains("PolicyId"));

    json::object described = props;
    described["Description"] = "new";
    EXPECT_TRUE(p.needs_replacement(props, described));
    ResourceState state = created.value();
    json::object before = props;
    for (int i = 2; i <= 7; ++i) {  // past IAM's five versions
        json::object after = before;
        after["PolicyDocument"] = json::parse(allow("s3:Get" + std::to_string(i)));
        after["Users"] = json::array{"mp-user"};
        EXPECT_FALSE(p.needs_replacement(before, after));
        auto updated = p.update(c, state, before, after);
        ASSERT_TRUE(updated.ok()) << i << ": " << updated.error().message;
        state = updated.value();
        before = after;
    }
    EXPECT_EQ(state.attributes.at("DefaultVersionId"), "v7");
    EXPECT_EQ(state.attributes.at("AttachmentCount"), 2);
    auto versions = h().call("iam", "ListPolicyVersions", {{"PolicyArn", arn}});
    EXPECT_EQ(versions.at("Versions").as_array().size(), 5u);

    ASSERT_TRUE(p.remove(c, state, before).ok());
    EXPECT_EQ(h().error_of("iam", "GetPolicy", {{"PolicyArn", arn}}), "NoSuchEntity");
    EXPECT_TRUE(names(h().call("iam", "ListAttachedRolePolicies", {{"RoleName", "mp-role"}}),
                      "AttachedPolicies", "PolicyArn")
                    .empty());
    h().call("iam", "DeleteRole", {{"RoleName", "mp-role"}});
    h().call("iam", "DeleteUser", {{"UserName", "mp-user"}});
}

TEST_F(IamResourcesTest, UserAndGroup) {
    Provider& groups = provider("AWS::IAM::Group");
    Provider& users = provider("AWS::IAM::User");
    auto gc = ctx("Readers", "AWS::IAM::Group");
    json::object group_props{
        {"ManagedPolicyArns", json::array{kBasic}},
        {"Policies", json::array{json::object{{"PolicyName", "read"},
                                              {"PolicyDocument", json::parse(allow("s3:Get*"))}}}}};
    auto group = groups.create(gc, group_props);
    ASSERT_TRUE(group.ok()) << group.error().message;
    const std::string gname = group->physical_id;
    EXPECT_TRUE(std::regex_match(gname, std::regex("teststack-Readers-[A-Z0-9]{13}"))) << gname;
    EXPECT_EQ(json::value_to<std::string>(group->attributes.at("Arn")),
              "arn:aws:iam::" + gc.account_id + ":group/" + gname);

    auto uc = ctx("Reader", "AWS::IAM::User");
    auto refused = users.create(uc, {{"LoginProfile", {{"Password", "x"}}}});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("LoginProfile"), std::string::npos);
    json::object user_props{{"UserName", "reader-1"},
                            {"Path", "/people/"},
                            {"Groups", json::array{json::string(gname)}},
                            {"ManagedPolicyArns", json::array{kBasic}},
                            {"Tags", json::array{{{"Key", "k"}, {"Value", "v"}}}}};
    auto user = users.create(uc, user_props);
    ASSERT_TRUE(user.ok()) << user.error().message;
    EXPECT_EQ(user->physical_id, "reader-1");
    EXPECT_EQ(names(h().call("iam", "ListGroupsForUser", {{"UserName", "reader-1"}}), "Groups",
                    "GroupName"),
              std::vector<std::string>{gname});
    json::object after = user_props;
    after["Path"] = "/staff/";
    after.erase("Groups");
    after["Policies"] =
        json::array{{{"PolicyName", "own"}, {"PolicyDocument", json::parse(allow("sqs:*"))}}};
    EXPECT_FALSE(users.needs_replacement(user_props, after));
    json::object renamed = user_props;
    renamed["UserName"] = "reader-2";
    EXPECT_TRUE(users.needs_replacement(user_props, renamed));
    auto updated = users.update(uc, user.value(), user_props, after);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(json::value_to<std::string>(updated->attributes.at("Arn")),
              "arn:aws:iam::" + uc.account_id + ":user/staff/reader-1");
    EXPECT_TRUE(names(h().call("iam", "ListGroupsForUser", {{"UserName", "reader-1"}}), "Groups",
                      "GroupName")
                    .empty());
    EXPECT_EQ(names(h().call("iam", "ListUserPolicies", {{"UserName", "reader-1"}}), "PolicyNames"),
              std::vector<std::string>{"own"});

    // A member added outside the stack does not keep the group from being deleted.
    h().call("iam", "AddUserToGroup", {{"GroupName", gname}, {"UserName", "reader-1"}});
    json::object moved = group_props;
    moved["Path"] = "/teams/";
    EXPECT_TRUE(groups.needs_replacement(group_props, moved));
    ASSERT_TRUE(groups.remove(gc, group.value(), group_props).ok());
    EXPECT_EQ(h().error_of("iam", "GetGroup", {{"GroupName", gname}}), "NoSuchEntity");
    ASSERT_TRUE(users.remove(uc, updated.value(), after).ok());
    EXPECT_EQ(h().error_of("iam", "GetUser", {{"UserName", "reader-1"}}), "NoSuchEntity");
}

// The engine's ResponseWaiter stand-in: a plain HTTP listener on 127.0.0.1 that takes the
// PUT of a response document to /<request id> and hands its body to wait().
class TestResponses : public ResponseWaiter {
  public:
    TestResponses() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw std::runtime_error("listener");
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~TestResponses() override {
        ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
        thread_.join();
        ::close(fd_);
    }
    std::string open(const std::string& request_id) override {
        std::lock_guard lock(mu_);
        opened_.push_back(request_id);
        return "http://127.0.0.1:" + std::to_string(port_) + "/" + request_id;
    }
    Result<json::object> wait(const std::string& request_id,
                              std::chrono::seconds timeout) override {
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, timeout, [&] { return bodies_.count(request_id) > 0; }))
            return ApiError{"Timeout", "no response for " + request_id};
        std::string body = std::move(bodies_[request_id]);
        bodies_.erase(request_id);
        return json::parse(body).as_object();
    }
    size_t opened() {
        std::lock_guard lock(mu_);
        return opened_.size();
    }

  private:
    void serve() {
        for (;;) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            handle(c);
            ::close(c);
        }
    }
    void handle(int c) {
        std::string in;
        char buf[4096];
        size_t header_end = std::string::npos;
        size_t need = 0;
        for (;;) {
            ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) return;
            in.append(buf, static_cast<size_t>(n));
            if (header_end == std::string::npos &&
                (header_end = in.find("\r\n\r\n")) != std::string::npos) {
                std::smatch m;
                std::string head = in.substr(0, header_end);
                if (std::regex_search(head, m,
                                      std::regex("content-length: *([0-9]+)", std::regex::icase)))
                    need = std::stoul(m[1]);
            }
            if (header_end != std::string::npos && in.size() >= header_end + 4 + need) break;
        }
        std::string path = in.substr(in.find(' ') + 2);
        path = path.substr(0, path.find(' '));
        std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
        std::lock_guard lock(mu_);
        bodies_[path] = in.substr(header_end + 4, need);
        cv_.notify_all();
    }

    int fd_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::string> opened_;
    std::map<std::string, std::string> bodies_;
};

// A custom resource handler in the style of the cfn-response module: it records each request
// to EVENTS_FILE and PUTs its answer with urllib. Fail: "yes" answers FAILED (except Delete),
// Silent: "yes" does not answer, NoId: "yes" answers without PhysicalResourceId. The physical
// id is "custom-<Name>", so a new Name is a replacement.
constexpr std::string_view kHandler = R"PY(
import json, os, urllib.request

def handler(event, context):
    with open(os.environ["EVENTS_FILE"], "a") as f:
        f.write(json.dumps(event) + "\n")
    props = event["ResourceProperties"]
    failed = props.get("Fail") == "yes" and event["RequestType"] != "Delete"
    pid = event.get("PhysicalResourceId", "")
    if event["RequestType"] != "Delete":
        pid = "custom-" + props.get("Name", "")
    if props.get("Silent") == "yes":
        return
    answer = {
        "Status": "FAILED" if failed else "SUCCESS",
        "Reason": "the handler was told to fail" if failed else "See the logs",
        "PhysicalResourceId": pid,
        "StackId": event["StackId"], "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"], "NoEcho": False,
        "Data": {"Greeting": "hello " + props.get("Name", ""), "Type": event["RequestType"]},
    }
    if props.get("NoId") == "yes":
        del answer["PhysicalResourceId"]
    body = json.dumps(answer).encode()
    req = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                 headers={"content-type": "", "content-length": str(len(body))})
    urllib.request.urlopen(req, timeout=10).read()
)PY";

class CustomResourceTest : public IamResourcesTest {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("freshet-custom-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        // The function writes its events here: as root, it runs as a user of its own.
        std::filesystem::permissions(
            dir_, std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
        events_ = (dir_ / "events.jsonl").string();
        std::filesystem::remove(events_);
        if (!function_arn_.empty()) return;
        std::ofstream(dir_ / "index.py") << kHandler;
        std::string cmd = "cd " + dir_.string() + " && rm -f code.zip && zip -q code.zip index.py";
        ASSERT_EQ(std::system(cmd.c_str()), 0);
        std::ifstream zip(dir_ / "code.zip", std::ios::binary);
        std::stringstream bytes;
        bytes << zip.rdbuf();
        auto role =
            h().call("iam", "CreateRole",
                     {{"RoleName", "custom-handler"}, {"AssumeRolePolicyDocument", kTrust}});
        auto fn = h().call("lambda", "CreateFunction",
                           {{"FunctionName", "custom-handler"},
                            {"Runtime", "python3.11"},
                            {"Handler", "index.handler"},
                            {"Role", role.at("Role").at("Arn")},
                            {"Timeout", 30},
                            {"Code", {{"ZipFile", base64_encode(bytes.str())}}},
                            {"Environment", {{"Variables", {{"EVENTS_FILE", events_}}}}}});
        function_arn_ = json::value_to<std::string>(fn.at("FunctionArn"));
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    ResourceContext custom_ctx() {
        auto c = ctx("Greeter", "Custom::Greeter");
        c.responses = &responses_;
        return c;
    }
    json::object props(std::string_view name, std::string_view fail = "no") {
        return {{"ServiceToken", function_arn_},
                {"ServiceTimeout", "60"},
                {"Name", name},
                {"Fail", fail}};
    }
    // The requests the handler has received, in order.
    std::vector<json::object> events() {
        std::vector<json::object> out;
        std::ifstream in(events_);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) out.push_back(json::parse(line).as_object());
        return out;
    }

    std::filesystem::path dir_;
    std::string events_;
    TestResponses responses_;
    static inline std::string function_arn_;
};

TEST_F(CustomResourceTest, CreateUpdateReplaceDelete) {
    Provider& p = provider("Custom::Greeter");
    auto c = custom_ctx();
    json::object v1 = props("one");
    auto created = p.create(c, v1);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->physical_id, "custom-one");
    EXPECT_EQ(created->attributes.at("Greeting"), "hello one");
    EXPECT_EQ(p.attributes(), std::vector<std::string>{"*"});
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].at("RequestType"), "Create");
    EXPECT_EQ(ev[0].at("ServiceToken"), function_arn_.c_str());
    EXPECT_EQ(ev[0].at("StackId"), c.stack_id.c_str());
    EXPECT_EQ(ev[0].at("LogicalResourceId"), "Greeter");
    EXPECT_EQ(ev[0].at("ResourceType"), "Custom::Greeter");
    EXPECT_EQ(ev[0].at("ResourceProperties"), v1) << "every property, ServiceToken too";
    EXPECT_TRUE(ev[0].contains("RequestId"));
    EXPECT_TRUE(ev[0].contains("ResponseURL"));
    EXPECT_FALSE(ev[0].contains("PhysicalResourceId"));
    EXPECT_FALSE(ev[0].contains("OldResourceProperties"));

    // Same Name: an ordinary update.
    json::object v2 = v1;
    v2["Extra"] = "x";
    EXPECT_FALSE(p.needs_replacement(v1, v2));
    auto updated = p.update(c, created.value(), v1, v2);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->physical_id, "custom-one");
    EXPECT_EQ(updated->attributes.at("Type"), "Update");
    ev = events();
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[1].at("RequestType"), "Update");
    EXPECT_EQ(ev[1].at("PhysicalResourceId"), "custom-one");
    EXPECT_EQ(ev[1].at("OldResourceProperties"), v1);
    EXPECT_EQ(ev[1].at("ResourceProperties"), v2);

    // A new Name: the handler answers a new id, and the old one gets its Delete.
    json::object v3 = props("two");
    auto replaced = p.update(c, updated.value(), v2, v3);
    ASSERT_TRUE(replaced.ok()) << replaced.error().message;
    EXPECT_EQ(replaced->physical_id, "custom-two");
    ev = events();
    ASSERT_EQ(ev.size(), 4u);
    EXPECT_EQ(ev[3].at("RequestType"), "Delete");
    EXPECT_EQ(ev[3].at("PhysicalResourceId"), "custom-one");
    EXPECT_EQ(ev[3].at("ResourceProperties"), v2);

    ASSERT_TRUE(p.remove(c, replaced.value(), v3).ok());
    ev = events();
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(ev[4].at("RequestType"), "Delete");
    EXPECT_EQ(ev[4].at("PhysicalResourceId"), "custom-two");
}

TEST_F(CustomResourceTest, FailuresAndRefusals) {
    Provider& p = provider("AWS::CloudFormation::CustomResource");
    auto c = custom_ctx();
    auto failed = p.create(c, props("bad", "yes"));
    ASSERT_FALSE(failed.ok());
    std::string request_id = json::value_to<std::string>(events().at(0).at("RequestId"));
    EXPECT_EQ(failed.error().message,
              "Received response status [FAILED] from custom resource. Message returned: the "
              "handler was told to fail (RequestId: " +
                  request_id + ")");

    json::object no_id = props("noid");
    no_id["NoId"] = "yes";
    auto invalid = p.create(c, no_id);
    ASSERT_FALSE(invalid.ok());
    EXPECT_EQ(invalid.error().message, "Invalid PhysicalResourceId");

    json::object silent = props("quiet");
    silent["Silent"] = "yes";
    silent["ServiceTimeout"] = 1;
    auto timed_out = p.create(c, silent);
    ASSERT_FALSE(timed_out.ok());
    request_id = json::value_to<std::string>(events().at(2).at("RequestId"));
    EXPECT_EQ(timed_out.error().message,
              "CloudFormation did not receive a response from your Custom Resource. Please check "
              "your logs for requestId [" +
                  request_id +
                  "]. If you are using the Python "
                  "cfn-response module, you may need to update your Lambda function code so that "
                  "CloudFormation can attach the updated version.");

    json::object v1 = props("one");
    json::object moved = v1;
    moved["ServiceToken"] = function_arn_ + ":live";
    ResourceState state;
    state.physical_id = "custom-one";
    auto token = p.update(c, state, v1, moved);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().message, "Modifying service token is not allowed.");

    json::object sns = v1;
    sns["ServiceToken"] = "arn:aws:sns:us-east-1:" + c.account_id + ":topic";
    auto refused = p.create(c, sns);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("SNS"), std::string::npos);
    EXPECT_EQ(events().size(), 3u) << "nothing sent for refused requests";
}

}  // namespace
}  // namespace freshet::stacks::test
