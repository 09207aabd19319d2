// storage_crash_writer PATH ROUND SYNC(1|0) [THREADS]
//
// Writes under load until killed and prints each key on stdout, one line, only once its write
// is acknowledged (durable when SYNC is 1). The crash test kills it with SIGKILL and checks
// that every printed key survived.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "storage/db.h"
#include "storage/tests/crash_common.h"

namespace {

using namespace freshet;
using namespace freshet::storage;

// Writes in flight per thread: enough to form groups, few enough never to fill the queue.
constexpr int kWindow = 64;

void write_line(const std::string& key) {
    auto line = key + "\n";
    // One write() of less than PIPE_BUF bytes: a line reaches the pipe whole or not at all.
    if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        std::_Exit(3);
    }
}

void writer(Committer& committer, int round, int thread) {
    std::counting_semaphore<kWindow> window(kWindow);
    for (long n = 0;; ++n) {
        window.acquire();
        auto key = crash::record_key(round, thread, n);
        committer.submit(
            [=](Txn& txn) -> Result<void> {
                txn.put(Cf::StreamRecords, key, crash::record_value(key));
                txn.put(Cf::StreamMeta, crash::meta_key(round, thread), std::to_string(n));
                return Ok{};
            },
            [key, &window](Result<void> r) {
                if (!r.ok()) {
                    std::fprintf(stderr, "write failed: %s\n", r.error().message.c_str());
                    std::_Exit(4);
                }
                write_line(key);
                window.release();
            });
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s PATH ROUND SYNC(1|0) [THREADS]\n", argv[0]);
        return 2;
    }
    int round = std::atoi(argv[2]);
    bool sync = std::string(argv[3]) == "1";
    int threads = argc > 4 ? std::atoi(argv[4]) : 8;
    auto db = Db::open(Db::Options{.path = argv[1], .sync = sync});
    if (!db.ok()) {
        std::fprintf(stderr, "%s\n", db.error().message.c_str());
        return 2;
    }
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back(writer, std::ref(db.value()->committer()), round, t);
    }
    for (auto& w : workers) w.join();  // never: the writers run until the process is killed
}
