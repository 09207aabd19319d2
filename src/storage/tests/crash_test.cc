// Acceptance: "kill -9 of the server during a write load, then restart: every acknowledged
// write is there". A child process writes under load and prints what was acknowledged; we
// SIGKILL it mid-stream, reopen the database and look for every acknowledged key.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>

#include "storage/db.h"
#include "storage/key_codec.h"
#include "storage/tests/crash_common.h"
#include "storage/tests/test_util.h"

extern char** environ;

namespace freshet::storage {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr size_t kEnoughAcks = 2000;
constexpr auto kLoadTime = 1s;
constexpr auto kStartDeadline = 60s;  // a slow CI machine may take long to start the child

struct Run {
    std::vector<std::string> acked;
    int wait_status = 0;
};

// Splits complete lines off `buffer` into `acked`; a partial last line stays in the buffer.
void take_lines(std::string& buffer, std::vector<std::string>& acked) {
    size_t start = 0;
    for (size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
        acked.push_back(buffer.substr(start, nl - start));
    }
    buffer.erase(0, start);
}

// Starts the writer, lets it run for about a second once it acknowledges (or until enough
// acknowledgements), kills it with SIGKILL, and returns everything it acknowledged: lines
// still in the pipe after the kill count too, they were acknowledged before it died.
Run run_and_kill(const std::string& path, int round, bool sync) {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::string round_arg = std::to_string(round);
    std::string sync_arg = sync ? "1" : "0";
    std::vector<char*> argv = {const_cast<char*>(STORAGE_CRASH_WRITER),
                               const_cast<char*>(path.c_str()), round_arg.data(), sync_arg.data(),
                               nullptr};
    pid_t pid = 0;
    int spawned = posix_spawn(&pid, STORAGE_CRASH_WRITER, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    Run run;
    if (spawned != 0) {
        ADD_FAILURE() << "cannot start " << STORAGE_CRASH_WRITER << ": " << spawned;
        ::close(fds[0]);
        return run;
    }
    std::string buffer;
    char chunk[4096];
    auto stop_at = Clock::now() + kStartDeadline;
    bool started = false;
    while (Clock::now() < stop_at && run.acked.size() < kEnoughAcks) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        auto n = ::read(fds[0], chunk, sizeof chunk);
        if (n <= 0) break;  // the writer died on its own: the wait status will say so
        buffer.append(chunk, static_cast<size_t>(n));
        take_lines(buffer, run.acked);
        if (!started && !run.acked.empty()) {
            started = true;
            stop_at = Clock::now() + kLoadTime;
        }
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &run.wait_status, 0);
    for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) {
        buffer.append(chunk, static_cast<size_t>(n));
    }
    take_lines(buffer, run.acked);
    ::close(fds[0]);
    return run;
}

// Every acknowledged key holds its value; every record present (acknowledged or not) is
// whole; and each thread's "last" marker, written in the same entry as its record, points at
// a record that exists. Returns how many records of `round` are present.
size_t verify(Db& db, int round, const std::vector<std::string>& acked, bool expect_all_acked) {
    size_t missing = 0;
    for (auto& key : acked) {
        auto value = db.get(Cf::StreamRecords, key);
        if (!value) {
            ++missing;
            continue;
        }
        EXPECT_EQ(*value, crash::record_value(key)) << key;
    }
    if (expect_all_acked) {
        EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged";
    }
    auto prefix = "k" + std::to_string(round) + ".";
    size_t present = 0;
    auto it = db.iterate(Cf::StreamRecords, prefix, prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next(), ++present) {
        EXPECT_EQ(it.value(), crash::record_value(std::string(it.key())));
    }
    for (int t = 0; t < 8; ++t) {
        auto last = db.get(Cf::StreamMeta, crash::meta_key(round, t));
        if (!last) continue;
        EXPECT_TRUE(db.get(Cf::StreamRecords, crash::record_key(round, t, std::stol(*last))))
            << "marker without its record: thread " << t << ", n " << *last;
    }
    return present;
}

TEST(StorageCrash, AcknowledgedWritesSurviveSigkill) {
    testing::TempDir dir;
    std::map<int, std::vector<std::string>> acked_by_round;
    for (int round = 0; round < 3; ++round) {
        auto run = run_and_kill(dir.path(), round, true);
        ASSERT_TRUE(WIFSIGNALED(run.wait_status) && WTERMSIG(run.wait_status) == SIGKILL)
            << "the writer ended on its own, status " << run.wait_status;
        ASSERT_FALSE(run.acked.empty()) << "round " << round << ": nothing acknowledged";
        acked_by_round[round] = run.acked;
        auto db = testing::open_db(dir.path());
        ASSERT_TRUE(db);
        // Earlier rounds too: recovery after a later crash must not lose older writes.
        for (auto& [r, acked] : acked_by_round) verify(*db, r, acked, true);
        std::cout << "[ figures  ] round " << round << ": " << run.acked.size()
                  << " acknowledged writes checked after SIGKILL\n";
    }
}

TEST(StorageCrash, RelaxedDurabilityRecoversReadableData) {
    testing::TempDir dir;
    auto run = run_and_kill(dir.path(), 0, false);
    ASSERT_TRUE(WIFSIGNALED(run.wait_status) && WTERMSIG(run.wait_status) == SIGKILL);
    ASSERT_FALSE(run.acked.empty());
    auto db = testing::open_db(dir.path());
    ASSERT_TRUE(db);
    // No durability promise in relaxed mode; what survived must be whole and consistent.
    auto present = verify(*db, 0, run.acked, false);
    std::cout << "[ figures  ] relaxed: " << run.acked.size() << " acknowledged, " << present
              << " records present after SIGKILL\n";
}

}  // namespace
}  // namespace freshet::storage
