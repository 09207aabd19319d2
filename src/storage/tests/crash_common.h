// Shared by the crash writer and the crash test: the keys it writes and the values they hold.
#pragma once

#include <string>

namespace freshet::storage::crash {

// One record per write in Cf::StreamRecords, plus the writer thread's latest n in
// Cf::StreamMeta, in the same group entry: after a crash both or neither must be there.
inline std::string record_key(int round, int thread, long n) {
    return "k" + std::to_string(round) + "." + std::to_string(thread) + "-" + std::to_string(n);
}

inline std::string meta_key(int round, int thread) {
    return "last-" + std::to_string(round) + "." + std::to_string(thread);
}

// About 200 bytes, derived from the key, so that a torn or misplaced value is detected.
inline std::string record_value(const std::string& key) {
    std::string value;
    while (value.size() < 200) value += key + "|";
    return value;
}

}  // namespace freshet::storage::crash
