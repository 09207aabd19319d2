// The HTTP/2 session on arbitrary frames after the preface: requests are answered as they
// arrive, some at once and some after more input, and the session must never crash.
#include <vector>

#include "http/h2_session.h"

using namespace freshet::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<int32_t> pending;
    detail::H2Session session(
        [&](int32_t stream, Request&& r) {
            if (r.body.size() % 2) {
                session.respond(stream, Response{200, {{"X-Echo", r.path}}, r.body});
            } else {
                pending.push_back(stream);
            }
        },
        "127.0.0.1", 4096, 1024);
    std::string input(detail::kH2Preface);
    input.append(reinterpret_cast<const char*>(data), size);
    // Feed in two halves, answering the deferred requests in between.
    size_t half = input.size() / 2;
    session.receive(input.data(), half);
    (void)session.take_output();
    for (int32_t s : pending) session.respond(s, Response{204, {}, ""});
    pending.clear();
    session.receive(input.data() + half, input.size() - half);
    for (int32_t s : pending) session.respond(s, Response{500, {{"Connection", "close"}}, "x"});
    session.go_away();
    (void)session.take_output();
    (void)session.alive();
    return 0;
}
