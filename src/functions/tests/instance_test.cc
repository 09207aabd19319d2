// Function instances with real processes: Node.js handlers through runtimes/nodejs, and the
// C++ example through the `provided` runtime. Results, function errors, warm reuse, log
// framing, timeouts, crashes and init errors, as Lambda reports them.
#include "functions/runtime/instance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <regex>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "functions/runtime/cgroup.h"
#include "functions/runtime/pool.h"
#include "functions/runtime/runtimes.h"

namespace freshet::functions::runtime {
namespace {

namespace fs = std::filesystem;

class InstanceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / fs::path("freshet-fn-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(counter_++));
        fs::create_directories(dir_);
        layout_.runtimes_dir = std::string(FRESHET_SOURCE_DIR) + "/runtimes";
        layout_.sdk_node_path = std::string(FRESHET_SOURCE_DIR) + "/node_modules";
    }
    void TearDown() override { fs::remove_all(dir_); }

    FunctionConfig node_function(const std::string& code, int timeout_s = 3) {
        std::ofstream(dir_ / "index.js") << code;
        FunctionConfig c;
        c.name = "stack-Fn-ABCDEF123456";
        c.arn = "arn:aws:lambda:us-east-1:123456789012:function:" + c.name;
        c.runtime = "nodejs6.10";  // old names run on the installed Node.js
        c.handler = "index.handler";
        c.code_dir = dir_.string();
        c.timeout_s = timeout_s;
        return c;
    }

    std::shared_ptr<Instance> start(const FunctionConfig& c) {
        auto r = Instance::start(c, layout_, watchdog_);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r.value() : nullptr;
    }

    static InvocationResult invoke(Instance& i, const std::string& payload) {
        std::promise<InvocationResult> p;
        auto f = p.get_future();
        i.invoke(payload, "", [&p](InvocationResult r) { p.set_value(std::move(r)); });
        EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        return f.get();
    }

    static inline int counter_ = 0;
    fs::path dir_;
    RuntimeLayout layout_;
    Watchdog watchdog_;
};

TEST_F(InstanceTest, NodeResultsWarmReuseAndLogFraming) {
    auto inst = start(node_function(
        "exports.handler = (e, c, cb) => { console.log('got', e.n); "
        "cb(null, {n: e.n, name: c.functionName, left: c.getRemainingTimeInMillis() > 0}); };\n"));
    ASSERT_TRUE(inst);
    InvocationResult a = invoke(*inst, R"({"n": 1})");
    EXPECT_EQ(a.function_error, "");
    EXPECT_EQ(a.payload, R"({"n":1,"name":"stack-Fn-ABCDEF123456","left":true})");
    EXPECT_EQ(a.log.rfind("START RequestId: " + a.request_id + " Version: $LATEST\n", 0), 0u)
        << a.log;
    EXPECT_NE(a.log.find("\t" + a.request_id + "\tINFO\tgot 1\n"), std::string::npos) << a.log;
    EXPECT_NE(a.log.find("END RequestId: " + a.request_id + "\nREPORT RequestId: " + a.request_id +
                         "\tDuration: "),
              std::string::npos);
    EXPECT_NE(a.log.find("Memory Size: 128 MB\tMax Memory Used: "), std::string::npos);
    EXPECT_NE(a.log.find("\tInit Duration: "), std::string::npos);
    InvocationResult b = invoke(*inst, R"({"n": 2})");
    EXPECT_EQ(b.payload, R"({"n":2,"name":"stack-Fn-ABCDEF123456","left":true})");
    EXPECT_EQ(b.log.find("Init Duration"), std::string::npos);  // warm: no init the second time
    EXPECT_NE(a.request_id, b.request_id);
    EXPECT_TRUE(inst->idle());
}

// Records what the instance sends to CloudWatch Logs.
class RecordingSink final : public LogSink {
  public:
    void write(LogDestination d, std::vector<LogEvent> events) override {
        std::lock_guard lock(mu);
        destinations.push_back(d);
        for (auto& e : events) messages.push_back(std::move(e.message));
    }
    std::mutex mu;
    std::vector<LogDestination> destinations;
    std::vector<std::string> messages;
};

TEST_F(InstanceTest, EachInvocationIsWrittenToTheLogSinkOnce) {
    auto sink = std::make_shared<RecordingSink>();
    layout_.log_sink = sink;
    auto inst = start(node_function(
        "console.log('loading');\n"
        "exports.handler = (e, c, cb) => { console.log('got', e.n); cb(null, 1); };\n"));
    ASSERT_TRUE(inst);
    InvocationResult a = invoke(*inst, R"({"n": 1})");
    InvocationResult b = invoke(*inst, R"({"n": 2})");
    std::lock_guard lock(sink->mu);
    // One write per invocation, both to the environment's one stream.
    ASSERT_EQ(sink->destinations.size(), 2u);
    const LogDestination& d = sink->destinations[0];
    EXPECT_EQ(d.account, "123456789012");
    EXPECT_EQ(d.region, "us-east-1");
    EXPECT_EQ(d.group, "/aws/lambda/stack-Fn-ABCDEF123456");
    EXPECT_TRUE(
        std::regex_match(d.stream, std::regex(R"(\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32})")))
        << d.stream;
    EXPECT_EQ(sink->destinations[1].stream, d.stream);
    const auto& m = sink->messages;
    auto at = [&](const std::string& text) {
        return std::find_if(
                   m.begin(), m.end(),
                   [&](const std::string& x) { return x.find(text) != std::string::npos; }) -
               m.begin();
    };
    auto start_a = at("START RequestId: " + a.request_id + " Version: $LATEST");
    ASSERT_LT(static_cast<size_t>(start_a), m.size());
    auto end_a = at("END RequestId: " + a.request_id);
    // Output while the environment starts belongs to the first invocation (it arrives after
    // START: the environment is started for that invocation).
    EXPECT_LT(at("INFO\tloading"), end_a);
    EXPECT_LT(at("\tINFO\tgot 1"), end_a);
    EXPECT_LT(start_a, at("\tINFO\tgot 1"));
    ASSERT_LT(static_cast<size_t>(end_a + 2), m.size());
    EXPECT_EQ(m[end_a + 1].rfind("REPORT RequestId: " + a.request_id + "\tDuration: ", 0), 0u);
    EXPECT_EQ(m[end_a + 2], "START RequestId: " + b.request_id + " Version: $LATEST");
    EXPECT_EQ(m.back().rfind("REPORT RequestId: " + b.request_id, 0), 0u);
}

TEST_F(InstanceTest, FunctionErrorsKeepTheInstance) {
    auto inst =
        start(node_function("exports.handler = (e, c) => c.fail(new Error('no ' + e.x));\n"));
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, R"({"x": "way"})");
    EXPECT_EQ(r.function_error, "Unhandled");
    EXPECT_NE(r.payload.find(R"("errorType":"Error","errorMessage":"no way")"), std::string::npos);
    EXPECT_FALSE(r.instance_lost);
    EXPECT_TRUE(inst->idle());
}

TEST_F(InstanceTest, TimeoutsKillTheProcess) {
    auto inst = start(node_function(
        "exports.handler = () => new Promise(() => setInterval(() => {}, 1000));\n", 1));
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, "{}");
    EXPECT_EQ(r.function_error, "Unhandled");
    EXPECT_EQ(r.payload, R"({"errorType":"Sandbox.Timedout","errorMessage":"RequestId: )" +
                             r.request_id + R"( Error: Task timed out after 1.00 seconds"})");
    EXPECT_NE(r.log.find(r.request_id + " Task timed out after 1.00 seconds\n"), std::string::npos);
    EXPECT_TRUE(r.instance_lost);
    EXPECT_GE(r.duration_ms, 1000);
}

TEST_F(InstanceTest, CrashesAreExitErrors) {
    auto inst = start(node_function("exports.handler = () => process.exit(3);\n"));
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, "{}");
    EXPECT_EQ(r.function_error, "Unhandled");
    EXPECT_EQ(r.payload, R"({"errorType":"Runtime.ExitError","errorMessage":"RequestId: )" +
                             r.request_id +
                             R"( Error: Runtime exited with error: exit status 3"})");
    EXPECT_TRUE(r.instance_lost);
    EXPECT_FALSE(inst->alive());
}

TEST_F(InstanceTest, InitErrorsAreReturnedAsTheFunctionError) {
    auto c = node_function("exports.other = 1;\n");
    auto inst = start(c);
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, "{}");
    EXPECT_EQ(r.function_error, "Unhandled");
    EXPECT_NE(r.payload.find(R"("errorType":"Runtime.HandlerNotFound")"), std::string::npos)
        << r.payload;
    EXPECT_NE(r.payload.find("index.handler is undefined or not exported"), std::string::npos);
    EXPECT_TRUE(r.instance_lost);
}

TEST_F(InstanceTest, UnknownRuntimesAreRefused) {
    auto c = node_function("");
    c.runtime = "cobol85";
    auto r = Instance::start(c, layout_, watchdog_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InvalidParameterValueException");
}

TEST_F(InstanceTest, ProvidedRuntimeRunsTheFunctionsOwnBootstrap) {
    std::string echo = FRESHET_ECHO_BOOTSTRAP;
    if (echo.empty()) GTEST_SKIP() << "the C++ example is not part of this build";
    fs::copy_file(echo, dir_ / "bootstrap");
    FunctionConfig c = node_function("");
    c.runtime = "provided.al2023";
    auto inst = start(c);
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, R"({"k":"v"})");
    EXPECT_EQ(r.function_error, "");
    EXPECT_EQ(r.payload.rfind(R"({"echo":{"k":"v"},"remaining_ms":)", 0), 0u) << r.payload;
    InvocationResult e = invoke(*inst, "[]");
    EXPECT_EQ(e.function_error, "Unhandled");
    EXPECT_NE(e.payload.find(R"("errorType":"InvalidInput")"), std::string::npos);
}

}  // namespace
}  // namespace freshet::functions::runtime

namespace freshet::functions::runtime {
namespace {

// With a memory cgroup (where the machine gives one), an environment that allocates past its
// MemorySize is killed by the kernel and reported as Lambda reports it.
TEST_F(InstanceTest, MemoryPastMemorySizeIsRuntimeOutOfMemory) {
    auto limits = MemoryLimits::detect();
    if (!limits) GTEST_SKIP() << limits.error().message;
    layout_.memory_limits = *limits;
    auto c = node_function(
        "exports.handler = async (e) => { const kept = [];"
        " for (let i = 0; i < e.mb; i++) kept.push(Buffer.alloc(1 << 20, 1));"
        " return kept.length; };\n",
        30);
    c.memory_mb = 128;
    auto inst = start(c);
    ASSERT_TRUE(inst);
    EXPECT_EQ(invoke(*inst, R"({"mb": 10})").payload, "10");
    InvocationResult r = invoke(*inst, R"({"mb": 500})");
    EXPECT_EQ(r.function_error, "Unhandled");
    EXPECT_TRUE(r.instance_lost);
    EXPECT_EQ(r.payload, R"({"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: )" +
                             r.request_id +
                             R"( Error: Runtime exited with error: signal: killed"})");
    EXPECT_NE(r.log.find("Max Memory Used: 128 MB"), std::string::npos) << r.log;
    // A process that exits on its own is still Runtime.ExitError.
    auto crash = start(node_function("exports.handler = async () => process.exit(3);\n"));
    ASSERT_TRUE(crash);
    EXPECT_NE(invoke(*crash, "{}").payload.find("Runtime.ExitError"), std::string::npos);
}

// As root, the environment runs as the user it is given, with no supplementary groups.
TEST_F(InstanceTest, RunsAsTheGivenUser) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to change user";
    auto c = node_function(
        "exports.handler = async () => [process.getuid(), process.getgid(), "
        "process.getgroups()];\n");
    c.user = std::make_pair(uid_t{200123}, gid_t{200123});
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir_ / "index.js", fs::perms::owner_all | fs::perms::others_read);
    auto inst = start(c);
    ASSERT_TRUE(inst);
    InvocationResult r = invoke(*inst, "{}");
    // Node lists the effective group among the groups; none of the server's remain.
    EXPECT_TRUE(r.payload == "[200123,200123,[200123]]" || r.payload == "[200123,200123,[]]")
        << r.payload << "\n"
        << r.log;
}

}  // namespace
}  // namespace freshet::functions::runtime

namespace freshet::functions::runtime {
namespace {

// A pool ends environments left idle past its idle timeout; the next invocation starts cold.
TEST_F(InstanceTest, PoolEndsIdleEnvironments) {
    auto config = node_function("exports.handler = async () => process.pid;\n");
    // Long enough that the second invocation, right after the first, finds it warm even on a
    // slow (sanitized) build; short enough to watch it end.
    Pool pool(layout_, 8, 100, std::chrono::seconds(2));
    auto run = [&] {
        std::promise<InvocationResult> p;
        auto f = p.get_future();
        pool.invoke(
            "fn", "r1", [&] { return Result<FunctionConfig>(config); }, "{}", "",
            [&p](InvocationResult r) { p.set_value(std::move(r)); },
            [&p](ApiError e) {
                {
                    InvocationResult failed;
                    failed.payload = e.message;
                    failed.function_error = "failed";
                    p.set_value(std::move(failed));
                }
            });
        EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        return f.get();
    };
    InvocationResult first = run();
    ASSERT_EQ(first.function_error, "") << first.payload;
    EXPECT_EQ(run().payload, first.payload);  // warm: the same process
    auto gone = [&] { return !fs::exists("/proc/" + first.payload); };
    for (int i = 0; i < 1000 && !gone(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(gone()) << "the idle environment's process is still running";
    InvocationResult cold = run();
    EXPECT_NE(cold.payload, first.payload);
    EXPECT_NE(cold.log.find("Init Duration"), std::string::npos);
    pool.stop();
}

}  // namespace
}  // namespace freshet::functions::runtime
