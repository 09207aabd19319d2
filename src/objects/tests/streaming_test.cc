// Streamed payloads against a real store: uploads written as they arrive and committed last
// (the ETag and Content-MD5 computed on the way), failed and cut-short uploads leaving no
// chunk behind (also across a crash, by the start-up sweep), and objects read back a chunk at
// a time from one snapshot.
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"
#include "objects/api/handlers.h"
#include "objects/api/streamed_upload.h"
#include "objects/model/rules.h"
#include "storage/tests/test_util.h"

namespace freshet::objects {
namespace {

using storage::testing::open_db;
using storage::testing::TempDir;
constexpr size_t kMiB = size_t{1} << 20;
const std::string kAccount = "111122223333";

// Answers reads on a thread of its own, as the transport answers them on its IO threads.
class Worker {
  public:
    Worker() : thread_([this] { run(); }) {}
    ~Worker() {
        {
            std::lock_guard lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    void post(std::function<void()> fn) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(std::move(fn));
        }
        cv_.notify_all();
    }

  private:
    void run() {
        std::unique_lock lock(mu_);
        for (;;) {
            cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;
            auto fn = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    bool stop_ = false;
    std::thread thread_;
};

// A body of `data` read `piece` bytes at a time. After `fail_at` bytes a read fails with
// `failure`; after `stall_at` bytes reads are never answered (a client gone quiet); at the end,
// `end_error` instead of the end (a payload hash that does not match).
struct FakeBody {
    std::string data;
    size_t piece = 100 * 1024;
    std::optional<size_t> fail_at = std::nullopt;
    std::optional<size_t> stall_at = std::nullopt;
    ApiError failure{"IncompleteBody", "cut", 400};
    std::optional<ApiError> end_error = std::nullopt;
    bool declare_size = true;

    RequestBody make(Worker& worker) const {
        auto at = std::make_shared<size_t>(0);
        auto self = std::make_shared<FakeBody>(*this);
        RequestBody body;
        if (declare_size) body.size = data.size();
        body.read = [self, at, &worker](std::function<void(Result<std::string>)> done) {
            if (self->stall_at && *at >= *self->stall_at) return;  // never answered
            worker.post([self, at, done = std::move(done)] {
                if (self->fail_at && *at >= *self->fail_at) return done(self->failure);
                if (*at == self->data.size()) {
                    if (self->end_error) return done(*self->end_error);
                    return done(std::string());
                }
                std::string piece = self->data.substr(*at, self->piece);
                *at += piece.size();
                done(std::move(piece));
            });
        };
        return body;
    }
};

std::string random_data(size_t n) {
    std::string out;
    while (out.size() < n) out += crypto::random_bytes(std::min<size_t>(4096, n - out.size()));
    return out;
}

class StreamingTest : public ::testing::Test {
  protected:
    void SetUp() override { open(); }
    void TearDown() override { close(); }

    void open() {
        db_ = open_db(dir_.path());
        ASSERT_TRUE(db_);
        svc_ = std::make_unique<ObjectsService>(*db_);
        PayloadStreams streams;
        streams.take_request_body = [this](const std::string&) {
            std::lock_guard lock(mu_);
            return std::exchange(next_body_, std::nullopt);
        };
        streams.give_reply_body = [this](const std::string&, uint64_t size,
                                         std::function<std::optional<std::string>()> next) {
            std::lock_guard lock(mu_);
            if (!stream_replies_) return false;
            reply_size_ = size;
            reply_next_ = std::move(next);
            return true;
        };
        svc_->set_payload_streams(streams);
        auto made = db_->committer().commit_sync([](storage::Txn& txn) -> Result<void> {
            if (!store::load_bucket(txn, "b")) store::save_bucket(txn, {"b", kAccount, "", 0});
            return Ok{};
        });
        ASSERT_TRUE(made.ok());
    }
    void close() {
        reply_next_ = nullptr;  // its snapshot must not outlive the store
        svc_.reset();
        if (db_) db_->close();
        db_.reset();
    }

    RequestContext ctx() {
        RequestContext c;
        c.principal.account_id = kAccount;
        c.request_id = "req";
        return c;
    }

    // PutObject with a streamed body; the ETag or the error.
    Result<std::string> put(const std::string& key, const FakeBody& body,
                            std::optional<std::string> content_md5 = std::nullopt) {
        {
            std::lock_guard lock(mu_);
            next_body_ = body.make(worker_);
        }
        m::PutObjectRequest in;
        in.Bucket = "b";
        in.Key = key;
        in.ContentMD5 = std::move(content_md5);
        std::promise<Result<std::string>> p;
        RequestContext c = ctx();
        put_object(*svc_, c, in, [&p](Result<m::PutObjectOutput> r) {
            if (!r.ok()) return p.set_value(r.error());
            p.set_value(*r->ETag);
        });
        return p.get_future().get();
    }

    // GetObject, streamed; the body and the largest piece.
    std::pair<std::string, size_t> get(const std::string& key,
                                       std::optional<std::string> range = std::nullopt) {
        m::GetObjectRequest in;
        in.Bucket = "b";
        in.Key = key;
        in.Range = std::move(range);
        RequestContext c = ctx();
        auto out = get_object(*svc_, c, in);
        EXPECT_TRUE(out.ok());
        if (!out.ok()) return {};
        EXPECT_FALSE(out->Body);  // not in the output: streamed
        std::string body;
        size_t largest = 0;
        while (auto piece = reply_next_()) {
            largest = std::max(largest, piece->size());
            body += *piece;
        }
        EXPECT_EQ(body.size(), reply_size_);
        EXPECT_EQ(static_cast<int64_t>(reply_size_), *out->ContentLength);
        return {body, largest};
    }

    TempDir dir_;
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<ObjectsService> svc_;
    Worker worker_;
    std::mutex mu_;
    std::optional<RequestBody> next_body_;
    bool stream_replies_ = true;
    uint64_t reply_size_ = 0;
    std::function<std::optional<std::string>()> reply_next_;
};

TEST_F(StreamingTest, UploadIsWrittenInBatchesAndCommittedWhole) {
    const std::string data = random_data(10 * kMiB + 12345);
    auto etag = put("big", FakeBody{data});
    ASSERT_TRUE(etag.ok()) << etag.error().message;
    EXPECT_EQ(*etag, rules::etag_of(data));
    // Two batches of 4 chunks before the end; the last 3 chunks with the record.
    EXPECT_EQ(svc_->upload_counters().chunks_written.load(), 8u);
    EXPECT_EQ(store::count_chunks(*db_), 11u);
    EXPECT_TRUE(store::list_partials(*db_).empty());
    EXPECT_EQ(svc_->upload_counters().in_progress.load(), 0);
    auto [body, largest] = get("big");
    EXPECT_TRUE(body == data);
    EXPECT_EQ(largest, kMiB);
}

TEST_F(StreamingTest, SmallBodyIsOneBatchAndEmptyBodyWorks) {
    ASSERT_TRUE(put("small", FakeBody{"hello", 2}).ok());
    EXPECT_EQ(svc_->upload_counters().chunks_written.load(), 0u);
    EXPECT_EQ(get("small").first, "hello");
    auto etag = put("empty", FakeBody{""});
    ASSERT_TRUE(etag.ok());
    EXPECT_EQ(*etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
    EXPECT_EQ(get("empty").first, "");
    // Without a declared size (chunked transfer encoding) too.
    FakeBody undeclared{random_data(5 * kMiB)};
    undeclared.declare_size = false;
    ASSERT_TRUE(put("undeclared", undeclared).ok());
    EXPECT_TRUE(get("undeclared").first == undeclared.data);
}

TEST_F(StreamingTest, FailedUploadsLeaveNoChunk) {
    ASSERT_TRUE(put("kept", FakeBody{random_data(2 * kMiB)}).ok());
    const size_t before = store::count_chunks(*db_);
    // Cut short after 9 MiB (two batches written).
    FakeBody cut{random_data(12 * kMiB)};
    cut.fail_at = 9 * kMiB;
    auto r = put("cut", cut);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "IncompleteBody");
    // The payload turns out not to match its hash at the very end.
    FakeBody mismatch{random_data(6 * kMiB)};
    mismatch.end_error = ApiError{"XAmzContentSHA256Mismatch", "x", 400};
    r = put("mismatch", mismatch);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "XAmzContentSHA256Mismatch");
    // Content-MD5 of other bytes.
    std::string md5 = base64_encode(crypto::as_view(crypto::md5("other")));
    r = put("digest", FakeBody{random_data(5 * kMiB)}, md5);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "BadDigest");
    EXPECT_EQ(store::count_chunks(*db_), before);
    EXPECT_TRUE(store::list_partials(*db_).empty());
    EXPECT_EQ(svc_->upload_counters().partial_removed.load(), 3u);
    EXPECT_EQ(svc_->upload_counters().partial_chunks_removed.load(), 8u + 4u + 4u);
    for (const char* key : {"cut", "mismatch", "digest"})
        EXPECT_FALSE(store::load_object(*db_, "b", key)) << key;
}

TEST_F(StreamingTest, MatchingContentMd5AndRefusalsBeforeAnyByte) {
    std::string data = random_data(3 * kMiB);
    auto ok = put("md5", FakeBody{data}, base64_encode(crypto::as_view(crypto::md5(data))));
    ASSERT_TRUE(ok.ok());
    auto r = put("bad-md5-header", FakeBody{data}, std::string("not base64!"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InvalidDigest");
    // A declared size over 5 GiB is refused before any read.
    FakeBody huge{"x"};
    RequestBody body = huge.make(worker_);
    body.size = (uint64_t{5} << 30) + 1;
    {
        std::lock_guard lock(mu_);
        next_body_ = body;
    }
    m::PutObjectRequest in;
    in.Bucket = "b";
    in.Key = "huge";
    std::promise<Result<m::PutObjectOutput>> p;
    RequestContext c = ctx();
    put_object(*svc_, c, in, [&](Result<m::PutObjectOutput> out) { p.set_value(out); });
    auto too_large = p.get_future().get();
    ASSERT_FALSE(too_large.ok());
    EXPECT_EQ(too_large.error().code, "EntityTooLarge");
    EXPECT_EQ(too_large.error().details.at(1).second, "5368709120");
    // A bucket that is not there: nothing is read or stored.
    in.Bucket = "missing";
    {
        std::lock_guard lock(mu_);
        next_body_ = FakeBody{data}.make(worker_);
    }
    std::promise<Result<m::PutObjectOutput>> q;
    put_object(*svc_, c, in, [&](Result<m::PutObjectOutput> out) { q.set_value(out); });
    auto missing = q.get_future().get();
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "NoSuchBucket");
    EXPECT_EQ(store::count_chunks(*db_), 3u);
}

TEST_F(StreamingTest, OverwriteDeletesTheOldChunks) {
    ASSERT_TRUE(put("k", FakeBody{random_data(9 * kMiB)}).ok());
    std::string v2 = random_data(6 * kMiB + 1);
    ASSERT_TRUE(put("k", FakeBody{v2}).ok());
    EXPECT_EQ(store::count_chunks(*db_), 7u);
    EXPECT_TRUE(get("k").first == v2);
}

TEST_F(StreamingTest, UploadCutShortByACrashIsSweptAtTheNextStart) {
    ASSERT_TRUE(put("kept", FakeBody{random_data(kMiB + 1)}).ok());
    // The client goes quiet after 10 MiB: two batches are durable, the rest never comes.
    FakeBody stalled{random_data(20 * kMiB)};
    stalled.stall_at = 10 * kMiB;
    {
        std::lock_guard lock(mu_);
        next_body_ = stalled.make(worker_);
    }
    m::PutObjectRequest in;
    in.Bucket = "b";
    in.Key = "crashed";
    RequestContext c = ctx();
    put_object(*svc_, c, in, [](Result<m::PutObjectOutput>) { ADD_FAILURE() << "answered"; });
    for (int i = 0; i < 500 && svc_->upload_counters().chunks_written.load() < 8; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(svc_->upload_counters().chunks_written.load(), 8u);
    auto partials = store::list_partials(*db_);
    ASSERT_EQ(partials.size(), 1u);
    EXPECT_EQ(partials[0].chunks, 8u);
    EXPECT_EQ(partials[0].key, "crashed");
    EXPECT_EQ(store::count_chunks(*db_), 2u + 8u);
    // What a crash leaves: the store as committed. Restart.
    close();
    open();
    EXPECT_EQ(svc_->upload_counters().partial_removed.load(), 1u);
    EXPECT_EQ(svc_->upload_counters().partial_chunks_removed.load(), 8u);
    EXPECT_TRUE(store::list_partials(*db_).empty());
    EXPECT_EQ(store::count_chunks(*db_), 2u);
    EXPECT_FALSE(store::load_object(*db_, "b", "crashed"));
    EXPECT_TRUE(store::load_object(*db_, "b", "kept"));
}

TEST_F(StreamingTest, StreamedUploadPart) {
    auto made = db_->committer().commit_sync([](storage::Txn& txn) -> Result<void> {
        store::UploadRecord u;
        u.upload_id = "up";
        u.bucket = "b";
        u.key = "mp";
        store::save_upload(txn, u);
        return Ok{};
    });
    ASSERT_TRUE(made.ok());
    auto upload = [&](const std::string& id, int64_t number, const FakeBody& body) {
        {
            std::lock_guard lock(mu_);
            next_body_ = body.make(worker_);
        }
        m::UploadPartRequest in;
        in.Bucket = "b";
        in.Key = "mp";
        in.UploadId = id;
        in.PartNumber = number;
        std::promise<Result<m::UploadPartOutput>> p;
        RequestContext c = ctx();
        upload_part(*svc_, c, in, [&](Result<m::UploadPartOutput> out) { p.set_value(out); });
        return p.get_future().get();
    };
    std::string data = random_data(6 * kMiB);
    auto part = upload("up", 1, FakeBody{data});
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(*part->ETag, rules::etag_of(data));
    auto again = upload("up", 1, FakeBody{data.substr(0, 5 * kMiB)});  // replaces the part
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(store::count_chunks(*db_), 5u);
    auto missing = upload("nope", 1, FakeBody{data});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "NoSuchUpload");
    EXPECT_EQ(store::count_chunks(*db_), 5u);
}

TEST_F(StreamingTest, ReadsComeFromOneSnapshotAndRangesCrossSegments) {
    std::string v1 = random_data(3 * kMiB + 10);
    ASSERT_TRUE(put("k", FakeBody{v1}).ok());
    m::GetObjectRequest in;
    in.Bucket = "b";
    in.Key = "k";
    RequestContext c = ctx();
    ASSERT_TRUE(get_object(*svc_, c, in).ok());
    auto first = reply_next_();  // the reply has begun ...
    ASSERT_TRUE(first);
    ASSERT_TRUE(put("k", FakeBody{random_data(2 * kMiB)}).ok());  // ... then k is replaced
    std::string rest;
    while (auto piece = reply_next_()) rest += *piece;
    EXPECT_TRUE(*first + rest == v1);

    // An object of two segments (a multipart object's parts), read across the boundary.
    std::string a = random_data(kMiB + 7), b = random_data(2 * kMiB + 3);
    auto made = db_->committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        store::ObjectRecord o;
        o.bucket = "b";
        o.key = "two";
        o.segments = {store::write_data(txn, a), store::write_data(txn, b)};
        o.size = static_cast<int64_t>(a.size() + b.size());
        store::save_object(txn, o, std::nullopt);
        return Ok{};
    });
    ASSERT_TRUE(made.ok());
    EXPECT_TRUE(get("two").first == a + b);
    const std::string both = a + b;
    auto [part, largest] = get("two", "bytes=1048000-3146000");
    EXPECT_TRUE(part == both.substr(1048000, 3146000 - 1048000 + 1));
    EXPECT_LE(largest, kMiB);
    // The in-process client (no streamed reply) gets the same bytes whole.
    stream_replies_ = false;
    in.Key = "two";
    in.Range = "bytes=-5";
    auto whole = get_object(*svc_, c, in);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(*whole->Body, both.substr(both.size() - 5));
}

}  // namespace
}  // namespace freshet::objects
