#include "http/h2_session.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "http/convert.h"

namespace freshet::http::detail {

struct H2Session::Stream {
    Request request;
    size_t header_bytes = 0;
    bool too_large = false;
    bool dispatched = false;
    std::string out;  // response body being written
    size_t out_offset = 0;
};

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// HTTP/1.1 connection-specific headers have no meaning in HTTP/2 and are forbidden there.
bool connection_specific(std::string_view name) {
    return name == "connection" || name == "keep-alive" || name == "transfer-encoding" ||
           name == "upgrade" || name == "proxy-connection";
}

nghttp2_nv make_nv(const std::string& name, const std::string& value) {
    return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                      value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

// nghttp2's C callbacks, forwarding to the session.
struct H2Session::Callbacks {
    static H2Session& self(void* user) { return *static_cast<H2Session*>(user); }

    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
            return 0;
        auto s = std::make_unique<Stream>();
        s->request.remote_address = self(user).remote_address_;
        self(user).streams_[frame->hd.stream_id] = std::move(s);
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                         size_t namelen, const uint8_t* value, size_t valuelen, uint8_t,
                         void* user) {
        Stream* s = self(user).stream(frame->hd.stream_id);
        if (!s) return 0;
        std::string n(reinterpret_cast<const char*>(name), namelen);
        std::string v(reinterpret_cast<const char*>(value), valuelen);
        s->header_bytes += namelen + valuelen;
        if (s->header_bytes > self(user).max_header_bytes_) s->too_large = true;
        Request& r = s->request;
        if (n == ":method") {
            r.method = std::move(v);
        } else if (n == ":path") {
            r.target = v;
            size_t q = v.find('?');
            r.path = v.substr(0, q);
            r.query = q == std::string::npos ? "" : v.substr(q + 1);
        } else if (n == ":authority") {
            // HTTP/2 clients send the host as :authority. The JavaScript SDK v3 signs it under
            // that name; other code (and signers of "host") look for a Host header: keep both.
            if (!r.header("host")) r.headers.push_back({"host", v});
            r.headers.push_back({":authority", std::move(v)});
        } else if (!n.empty() && n[0] != ':') {
            r.headers.push_back({std::move(n), std::move(v)});
        }
        return 0;
    }

    static int on_data(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                       size_t len, void* user) {
        Stream* s = self(user).stream(stream_id);
        if (!s) return 0;
        if (s->request.body.size() + len > self(user).max_body_bytes_) {
            s->too_large = true;
            return 0;
        }
        s->request.body.append(reinterpret_cast<const char*>(data), len);
        return 0;
    }

    static int on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
        if (!(frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) return 0;
        H2Session& h = self(user);
        Stream* s = h.stream(frame->hd.stream_id);
        if (!s || s->dispatched) return 0;
        s->dispatched = true;
        if (s->too_large) {
            Response r;
            r.status = s->header_bytes > h.max_header_bytes_ ? 431 : 413;
            r.body = r.status == 413 ? "Request must be smaller than " +
                                           std::to_string(h.max_body_bytes_) + " bytes."
                                     : "Request header fields too large.";
            h.respond(frame->hd.stream_id, std::move(r));
            return 0;
        }
        h.on_request_(frame->hd.stream_id, std::move(s->request));
        return 0;
    }

    static int on_close(nghttp2_session*, int32_t stream_id, uint32_t, void* user) {
        self(user).streams_.erase(stream_id);
        return 0;
    }

    static ssize_t read_body(nghttp2_session*, int32_t stream_id, uint8_t* buf, size_t length,
                             uint32_t* flags, nghttp2_data_source*, void* user) {
        Stream* s = self(user).stream(stream_id);
        if (!s) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        size_t n = std::min(length, s->out.size() - s->out_offset);
        std::memcpy(buf, s->out.data() + s->out_offset, n);
        s->out_offset += n;
        if (s->out_offset == s->out.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
        return static_cast<ssize_t>(n);
    }
};

size_t H2Session::receiving_streams() const {
    return static_cast<size_t>(std::count_if(streams_.begin(), streams_.end(),
                                             [](const auto& s) { return !s.second->dispatched; }));
}

H2Session::H2Session(OnRequest on_request, std::string remote_address, size_t max_body_bytes,
                     size_t max_header_bytes)
    : on_request_(std::move(on_request)),
      remote_address_(std::move(remote_address)),
      max_body_bytes_(max_body_bytes),
      max_header_bytes_(max_header_bytes) {
    nghttp2_session_callbacks* cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &Callbacks::on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs, &Callbacks::on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &Callbacks::on_data);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &Callbacks::on_frame);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &Callbacks::on_close);
    nghttp2_session_server_new(&session_, cbs, this);
    nghttp2_session_callbacks_del(cbs);
    nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128},
                                         {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 2);
    // A connection-level window as large as the streams', so uploads are not throttled.
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, 16 << 20);
}

H2Session::~H2Session() {
    nghttp2_session_del(session_);
}

H2Session::Stream* H2Session::stream(int32_t id) {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
}

bool H2Session::receive(const char* data, size_t size) {
    ssize_t n = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(data), size);
    return n >= 0 && static_cast<size_t>(n) == size;
}

void H2Session::respond(int32_t stream_id, Response response) {
    Stream* s = stream(stream_id);
    if (!s) return;  // the client reset the stream meanwhile
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back(":status", std::to_string(response.status));
    for (auto& h : response.headers) {
        std::string name = lower(h.name);
        if (connection_specific(name) || name == "content-length") continue;
        headers.emplace_back(std::move(name), std::move(h.value));
    }
    headers.emplace_back("content-length", std::to_string(response.body.size()));
    if (!response.header("date"))
        headers.emplace_back("date", detail::http_date(std::chrono::system_clock::now()));
    if (!response.header("server")) headers.emplace_back("server", "Freshet");
    std::vector<nghttp2_nv> nva;
    nva.reserve(headers.size());
    for (const auto& [n, v] : headers) nva.push_back(make_nv(n, v));
    s->out = std::move(response.body);
    s->out_offset = 0;
    nghttp2_data_provider provider{};
    provider.read_callback = &Callbacks::read_body;
    nghttp2_submit_response(session_, stream_id, nva.data(), nva.size(),
                            s->out.empty() ? nullptr : &provider);
}

std::string H2Session::take_output() {
    std::string out;
    while (true) {
        const uint8_t* data = nullptr;
        ssize_t n = nghttp2_session_mem_send(session_, &data);
        if (n <= 0) break;
        out.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
    }
    return out;
}

void H2Session::go_away() {
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                          nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                          nullptr, 0);
}

bool H2Session::alive() const {
    return nghttp2_session_want_read(session_) || nghttp2_session_want_write(session_);
}

}  // namespace freshet::http::detail
