// What keeps a function's processes apart from the server and from other functions when the
// server runs as root: each function runs as an OS user of its own (uid and gid
// kFirstUid + the function's number, see FunctionStore::os_user), in a read-only copy of its
// code that only its group can read, with a private TMPDIR. None of it is in the data
// directory, which stays 0700: the copies live in a folder of the temporary folder named after
// the data directory, emptied at start-up and rebuilt on demand, removed when the server stops
// (and, after a kill, by a later start once that data directory is gone).
//
//   /tmp/freshet-functions-<hash>/                 0711 root
//   /tmp/freshet-functions-<hash>/<uid>/           0750 root:<gid>
//   /tmp/freshet-functions-<hash>/<uid>/<code>/    dirs 0750, files 0640 (0750 if executable)
//   /tmp/freshet-functions-<hash>/<uid>/tmp/       0700 <uid>:<gid>, the function's TMPDIR
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace freshet::functions {

inline constexpr uid_t kFirstUid = 200000;

class Confinement {
  public:
    // Confinement for a server running as root whose runtimes are in `needed` (they must be
    // readable by other users), or why it cannot be applied.
    static Result<Confinement> prepare(const std::string& data_dir,
                                       const std::vector<std::string>& needed);

    std::pair<uid_t, gid_t> user(int64_t number) const;
    struct TaskDirs {
        std::string code_dir;
        std::string tmp_dir;
    };
    const std::string& run_root() const { return run_root_; }
    // The function's copy of the unpacked code in `code_dir` (named `code_name`), made once.
    Result<TaskDirs> task_dirs(int64_t number, const std::string& code_dir,
                               const std::string& code_name) const;
    // Removes the function's folder (the function was deleted).
    void forget(int64_t number) const;

  private:
    explicit Confinement(std::string run_root) : run_root_(std::move(run_root)) {}
    std::string run_root_;
};

}  // namespace freshet::functions
