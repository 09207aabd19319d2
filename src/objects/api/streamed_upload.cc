#include "objects/api/streamed_upload.h"

#include <openssl/evp.h>

#include <deque>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/encoding.h"

namespace freshet::objects {
namespace {

// MD5 over data given in pieces (OpenSSL): the ETag of a body never held whole.
class Md5 {
  public:
    Md5() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr) != 1)
            throw std::runtime_error("objects: MD5 init failed");
    }
    ~Md5() { EVP_MD_CTX_free(ctx_); }
    Md5(const Md5&) = delete;
    Md5& operator=(const Md5&) = delete;
    void update(std::string_view data) {
        if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1)
            throw std::runtime_error("objects: MD5 update failed");
    }
    // The 16-byte digest; call once.
    std::string digest() {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        if (EVP_DigestFinal_ex(ctx_, out, &n) != 1)
            throw std::runtime_error("objects: MD5 final failed");
        return std::string(reinterpret_cast<const char*>(out), n);
    }

  private:
    EVP_MD_CTX* ctx_;
};

class Upload : public std::enable_shared_from_this<Upload> {
  public:
    Upload(ObjectsService& svc, StreamedUpload u) : svc_(svc), u_(std::move(u)) {}
    void start();

  private:
    using Chunks = std::vector<std::string>;
    void step();
    void on_read(Result<std::string> piece);
    void take(std::string_view bytes);
    void write_batch(Chunks chunks, uint32_t first);
    void on_batch(Result<void> r, uint32_t written);
    void commit(Chunks chunks, uint32_t first);
    void on_commit(Result<void> r);
    void discard(ApiError error);
    void finish(Result<std::string> result);
    uint64_t data_id(storage::Txn& txn);

    ObjectsService& svc_;
    StreamedUpload u_;

    std::mutex mu_;
    std::string tail_;              // the chunk being filled
    std::deque<std::string> full_;  // full chunks not yet handed to a batch
    int64_t total_ = 0;             // payload bytes received
    Md5 md5_;
    std::string etag_;        // once the body has ended
    bool reading_ = false;    // a read is outstanding
    bool ended_ = false;      // the body has ended, authenticated
    bool writing_ = false;    // a batch is with the committer
    bool finishing_ = false;  // the commit or the discard has been started
    std::optional<ApiError> failed_;
    uint64_t data_id_ = 0;    // allocated by the first batch that writes chunks
    uint32_t committed_ = 0;  // chunks durably written, as the marker says
};

void Upload::start() {
    svc_.upload_counters().in_progress += 1;
    step();
}

// Decides what to do next from the state, then does it outside the lock: read the next piece,
// write a batch, commit, or discard.
void Upload::step() {
    std::optional<Chunks> batch;
    uint32_t first = 0;
    bool read = false;
    bool do_commit = false;
    std::optional<ApiError> do_discard;
    {
        std::lock_guard lock(mu_);
        if (finishing_ || writing_) {
            // A batch in flight decides what comes next once it is acknowledged; reading goes
            // on meanwhile below.
        } else if (failed_) {
            finishing_ = true;
            do_discard = failed_;
        } else if (ended_) {
            finishing_ = true;
            do_commit = true;
        } else if (full_.size() >= kBatchChunks) {
            writing_ = true;
            batch.emplace();
            for (size_t i = 0; i < kBatchChunks; ++i) {
                batch->push_back(std::move(full_.front()));
                full_.pop_front();
            }
            first = committed_;
        }
        if (!finishing_ && !failed_ && !ended_ && !reading_ && full_.size() < kBatchChunks) {
            reading_ = true;
            read = true;
        }
        if (do_commit) {
            batch.emplace(std::make_move_iterator(full_.begin()),
                          std::make_move_iterator(full_.end()));
            full_.clear();
            if (!tail_.empty()) batch->push_back(std::move(tail_));
            first = committed_;
        }
    }
    if (do_discard) return discard(std::move(*do_discard));
    if (do_commit) return commit(std::move(*batch), first);
    if (batch) write_batch(std::move(*batch), first);
    if (read) {
        u_.body.read([self = shared_from_this()](Result<std::string> piece) {
            self->on_read(std::move(piece));
        });
    }
}

void Upload::on_read(Result<std::string> piece) {
    {
        std::lock_guard lock(mu_);
        reading_ = false;
        if (finishing_ || failed_) {
            // The upload failed meanwhile: the rest of the body is not wanted.
        } else if (!piece.ok()) {
            failed_ = piece.error();
        } else if (piece->empty()) {
            ended_ = true;
            std::string md5 = md5_.digest();
            if (u_.content_md5 && *u_.content_md5 != md5) failed_ = errors::bad_digest();
            etag_ = "\"" + hex_encode(md5) + "\"";
        } else if (total_ + static_cast<int64_t>(piece->size()) > kMaxPutBytes) {
            failed_ = errors::entity_too_large(total_ + static_cast<int64_t>(piece->size()),
                                               kMaxPutBytes);
        } else {
            total_ += static_cast<int64_t>(piece->size());
            md5_.update(*piece);
            take(*piece);
        }
    }
    step();
}

// Cuts the bytes into chunks. Called with mu_ held.
void Upload::take(std::string_view bytes) {
    while (!bytes.empty()) {
        size_t n = std::min(store::kChunkBytes - tail_.size(), bytes.size());
        tail_.append(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (tail_.size() == store::kChunkBytes) full_.push_back(std::exchange(tail_, {}));
    }
}

// The data id: the first batch that writes chunks takes a new one. Runs on the commit thread.
uint64_t Upload::data_id(storage::Txn& txn) {
    std::lock_guard lock(mu_);
    if (data_id_ == 0) data_id_ = store::next_data_id(txn);
    return data_id_;
}

void Upload::write_batch(Chunks chunks, uint32_t first) {
    auto shared = std::make_shared<Chunks>(std::move(chunks));
    const auto written = static_cast<uint32_t>(shared->size());
    svc_.db().committer().submit(
        [self = shared_from_this(), shared, first, written](storage::Txn& txn) -> Result<void> {
            uint64_t id = self->data_id(txn);
            for (uint32_t i = 0; i < written; ++i)
                store::put_chunk(txn, id, first + i, (*shared)[i]);
            store::save_partial(
                txn, {id, first + written, self->u_.bucket, self->u_.key, self->u_.now_ms});
            return Ok{};
        },
        [self = shared_from_this(), written](Result<void> r) {
            self->on_batch(std::move(r), written);
        });
}

void Upload::on_batch(Result<void> r, uint32_t written) {
    {
        std::lock_guard lock(mu_);
        writing_ = false;
        if (r.ok()) {
            committed_ += written;
        } else if (!failed_) {
            failed_ = r.error();
        }
    }
    if (r.ok()) svc_.upload_counters().chunks_written += written;
    step();
}

void Upload::commit(Chunks chunks, uint32_t first) {
    auto shared = std::make_shared<Chunks>(std::move(chunks));
    svc_.db().committer().submit(
        [self = shared_from_this(), shared, first](storage::Txn& txn) -> Result<void> {
            const bool marked = first > 0;  // earlier batches left a marker
            uint64_t id = self->data_id(txn);
            for (uint32_t i = 0; i < shared->size(); ++i)
                store::put_chunk(txn, id, first + i, (*shared)[i]);
            if (marked) store::delete_partial(txn, id);
            // Its own writes are rolled back if it fails; the earlier batches' are discarded.
            return self->u_.commit(txn, UploadedData{{id, self->total_}, self->etag_});
        },
        [self = shared_from_this()](Result<void> r) { self->on_commit(std::move(r)); });
}

void Upload::on_commit(Result<void> r) {
    if (r.ok()) return finish(etag_);
    discard(r.error());
}

// Deletes what earlier batches wrote (nothing when none did), then answers `error`.
void Upload::discard(ApiError error) {
    uint32_t chunks;
    uint64_t id;
    {
        std::lock_guard lock(mu_);
        chunks = committed_;
        id = data_id_;
    }
    if (chunks == 0) return finish(std::move(error));
    svc_.db().committer().submit(
        [id, chunks](storage::Txn& txn) -> Result<void> {
            store::discard_partial(txn, {id, chunks, "", "", 0});
            return Ok{};
        },
        [self = shared_from_this(), chunks, error](Result<void> r) {
            // If this fails too, the marker stays and the next start discards the chunks.
            if (r.ok()) {
                self->svc_.upload_counters().partial_removed += 1;
                self->svc_.upload_counters().partial_chunks_removed += chunks;
            }
            self->finish(error);
        });
}

void Upload::finish(Result<std::string> result) {
    svc_.upload_counters().in_progress -= 1;
    u_.done(std::move(result));
}

}  // namespace

void stream_upload(ObjectsService& svc, StreamedUpload upload) {
    std::make_shared<Upload>(svc, std::move(upload))->start();
}

}  // namespace freshet::objects
