// An example C++ consumer for Kinesis event source mappings that keeps up with a busy stream:
// instead of the whole event (what kinesis_sink.cc writes), it appends one short line per batch
// to the file named by TALLY_FILE:
//
//   <received_us> <oldest_arrival_ms> <newest_arrival_ms> <shard id> <count> <tags>
//
// received_us is when the batch arrived (system clock, microseconds), oldest_arrival_ms and
// newest_arrival_ms the smallest and largest approximateArrivalTimestamp in the batch, and tags the
// first TALLY_TAG_CHARS (16) characters of each record's base64 data, concatenated: a producer that
// starts every record with 12 bytes of its own (a multiple of 3, so they are exactly the first 16
// base64 characters) can tell which records arrived without the function decoding anything. One
// write per line on an O_APPEND descriptor, so the lines of concurrent environments (one per
// shard) never interleave. Built as `kinesis-tally-bootstrap`; `make bench` (P7) uses it.
#include <fcntl.h>
#include <freshet/lambda_runtime.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr size_t kTagChars = 16;

// Where the value of the next member named `name` (given with its quotes and colon) begins at
// or after `from`, spaces skipped; npos when there is none.
size_t value_at(std::string_view event, std::string_view name, size_t from) {
    size_t at = event.find(name, from);
    if (at == std::string_view::npos) return at;
    at += name.size();
    while (at < event.size() && (event[at] == ' ' || event[at] == '\n')) ++at;
    return at;
}

// The batch's line, from the event's text: the members are found by their names
// ("data":"...", "approximateArrivalTimestamp":1.5, "eventID":"shardId-...:...").
std::string tally_line(std::string_view event, long long received_us) {
    std::string tags;
    size_t count = 0;
    double oldest = 0, newest = 0;
    std::string_view shard = "-";
    for (size_t at = value_at(event, "\"data\":", 0); at < event.size() && event[at] == '"';
         at = value_at(event, "\"data\":", at)) {
        size_t end = event.find('"', ++at);
        if (end == std::string_view::npos) break;
        tags.append(event.substr(at, std::min(kTagChars, end - at)));
        ++count;
        size_t arrival = value_at(event, "\"approximateArrivalTimestamp\":", end);
        if (arrival < event.size()) {
            double t = std::strtod(event.data() + arrival, nullptr);
            if (count == 1 || t < oldest) oldest = t;
            if (t > newest) newest = t;
        }
        size_t id = count == 1 ? value_at(event, "\"eventID\":", end) : std::string_view::npos;
        size_t colon = id < event.size() ? event.find(':', id) : std::string_view::npos;
        if (colon != std::string_view::npos) shard = event.substr(id + 1, colon - id - 1);
        at = end;
    }
    auto ms = [](double seconds) { return std::to_string(std::llround(seconds * 1000)); };
    return std::to_string(received_us) + ' ' + ms(oldest) + ' ' + ms(newest) + ' ' +
           std::string(shard) + ' ' + std::to_string(count) + ' ' + tags + '\n';
}

}  // namespace

int main() {
    using freshet::lambda::Invocation;
    using freshet::lambda::Outcome;
    const char* path = std::getenv("TALLY_FILE");
    if (!path || !*path)
        return freshet::lambda::report_init_error("TallyFailure", "TALLY_FILE is not set");
    int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return freshet::lambda::report_init_error("TallyFailure", "cannot open TALLY_FILE");
    return freshet::lambda::run_handler([&](const Invocation& inv) {
        auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        std::string line = tally_line(inv.payload, now);
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return Outcome::failure("TallyFailure", "short write to TALLY_FILE");
        return Outcome::success("{}");
    });
}
