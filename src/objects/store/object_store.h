// RocksDB layout of the objects module (Cf::Objects). Persisted: append only, never reorder or
// remove a tag byte or change an encoding.
//
//   'b' bucket                       -> JSON BucketRecord
//   'o' bucket key(raw)              -> JSON ObjectRecord (the object's metadata)
//   'c' data_id(u64) index(u32)      -> up to kChunkBytes of object or part data
//   'u' upload_id                    -> JSON UploadRecord (a multipart upload in progress)
//   'p' upload_id part_number(u32)   -> JSON PartRecord
//   'n'                              -> u64: the next data id
//   'w' data_id(u64)                 -> JSON PartialData: the chunks a streamed upload has
//                                       written so far, until it commits or is discarded
//
// Object and part data live in chunks of 1 MiB under a data id that is never reused, so a
// reader can fetch a byte range chunk by chunk. An object's record lists the data it is made
// of (one segment, or one per part once a multipart upload completes: the parts' chunks are
// adopted, not copied). An object is visible with all its data or not at all: nothing refers
// to chunks before the batch that writes the record (or part record) referring to them.
// A body that arrives whole is written with its record in one batch. A streamed body
// (api/streamed_upload.h) is written in batches as it arrives, each also recording under 'w'
// how many chunks its data id has so far; the batch that writes the record deletes that
// marker. An upload that fails deletes its chunks and marker; one cut short by a crash leaves
// them, and sweep_partial_uploads() deletes them at the next start.
// Overwriting or deleting an object deletes its old chunks in the same batch.
//
// Keys sort as S3 lists them: object keys are raw bytes after the bucket (UTF-8 binary order).
// Reads take a storage::Db (committed data) or a storage::Txn (inside a write function).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

namespace freshet::objects::store {

inline constexpr size_t kChunkBytes = size_t{1} << 20;

struct BucketRecord {
    std::string name;
    std::string account;  // the owner
    std::string region;   // LocationConstraint given at creation ("" for us-east-1)
    int64_t created_ms = 0;
};

struct Segment {
    uint64_t data_id = 0;
    int64_t size = 0;
};

// What S3 keeps with an object besides its bytes.
struct ObjectHeaders {
    std::string content_type;
    std::string content_encoding, content_disposition, content_language, cache_control;
    std::map<std::string, std::string> metadata;  // x-amz-meta-*, names in lower case
};

struct ObjectRecord {
    std::string bucket, key;
    std::string etag;  // quoted
    int64_t size = 0;
    int64_t modified_ms = 0;
    int64_t parts = 0;  // number of parts of a multipart object; 0 otherwise
    ObjectHeaders headers;
    std::vector<Segment> segments;
};

struct UploadRecord {
    std::string upload_id, bucket, key;
    std::string initiator_arn;
    int64_t initiated_ms = 0;
    ObjectHeaders headers;
};

struct PartRecord {
    int64_t number = 0;
    std::string etag;  // quoted
    int64_t size = 0;
    int64_t modified_ms = 0;
    uint64_t data_id = 0;
};

template <class R>
std::optional<BucketRecord> load_bucket(const R& r, std::string_view name);
std::vector<BucketRecord> list_buckets(const storage::Db& db);
void save_bucket(storage::Txn& txn, const BucketRecord& b);
void delete_bucket(storage::Txn& txn, std::string_view name);
// Whether the bucket holds any object.
bool has_objects(const storage::Txn& txn, std::string_view bucket);

template <class R>
std::optional<ObjectRecord> load_object(const R& r, std::string_view bucket, std::string_view key);
// Writes the record; the data of `replaced` (the object it overwrites, if any) is deleted.
void save_object(storage::Txn& txn, const ObjectRecord& o,
                 const std::optional<ObjectRecord>& replaced);
// Deletes the record and its data.
void delete_object(storage::Txn& txn, const ObjectRecord& o);

// Stores `bytes` under a new data id, in chunks.
Segment write_data(storage::Txn& txn, std::string_view bytes);
void delete_data(storage::Txn& txn, const Segment& s);

// A data id never handed out before.
uint64_t next_data_id(storage::Txn& txn);
// Writes chunk `index` of `data_id`: kChunkBytes bytes, or fewer for the data's last chunk.
void put_chunk(storage::Txn& txn, uint64_t data_id, uint32_t index, std::string_view bytes);

// A streamed upload's data as written so far: chunks 0 .. chunks-1 of data_id.
struct PartialData {
    uint64_t data_id = 0;
    uint32_t chunks = 0;
    std::string bucket, key;  // where it was going (for logs)
    int64_t started_ms = 0;
};
void save_partial(storage::Txn& txn, const PartialData& p);
// The data became an object's or part's: only the marker goes.
void delete_partial(storage::Txn& txn, uint64_t data_id);
// The upload failed: its chunks and marker go.
void discard_partial(storage::Txn& txn, const PartialData& p);
std::vector<PartialData> list_partials(const storage::Db& db);

// Discards every partial upload (call at start-up, before any upload can begin: a crash cut
// them short). Returns what it discarded. Errors: the commit's (storage failure).
Result<std::vector<PartialData>> sweep_partial_uploads(storage::Db& db);

// The number of data chunks stored, by a full scan: for tests and checks, not for serving.
size_t count_chunks(const storage::Db& db);

// An object as one snapshot of the store: its record and then its bytes read consistently,
// even while a writer replaces it.
class ObjectReader {
  public:
    explicit ObjectReader(const storage::Db& db);
    ~ObjectReader();
    std::optional<ObjectRecord> load(std::string_view bucket, std::string_view key);
    // Bytes [first, first + length) of the object `o` loaded through this reader.
    std::string read(const ObjectRecord& o, int64_t first, int64_t length);
    // Chunk `index` of `data_id` in this reader's snapshot; valid until the next call. Throws
    // storage::ReadError when it is missing (`key` names the object in the message).
    std::string_view chunk(uint64_t data_id, uint32_t index, std::string_view key);

  private:
    storage::Iterator it_;
};

// Bytes [first, first + length) of an object, at most a chunk at a time, from the snapshot of
// the reader that loaded its record: a concurrent overwrite or delete does not change them.
// It holds that snapshot (and the storage files it reads) open while it lives, so keep it only
// while the bytes are being sent. Used by one thread at a time.
class ObjectStream {
  public:
    ObjectStream(std::shared_ptr<ObjectReader> reader, ObjectRecord o, int64_t first,
                 int64_t length);
    // The next piece (non-empty, at most kChunkBytes), or nullopt after the last. Throws
    // storage::ReadError when a chunk is missing.
    std::optional<std::string> next();
    int64_t length() const { return end_ - first_; }

  private:
    std::shared_ptr<ObjectReader> reader_;
    ObjectRecord o_;
    const int64_t first_;
    const int64_t end_;
    int64_t at_;          // next byte of the object to send
    size_t segment_ = 0;  // the segment holding at_
    int64_t base_ = 0;    // offset of that segment in the object
};

// One page of a bucket's keys in order: those starting with `prefix` and greater than `after`,
// at most `limit` records (the listing code folds delimiters itself).
class KeyCursor {
  public:
    KeyCursor(const storage::Db& db, std::string_view bucket);
    // Positions at the first key >= `from`.
    void seek(std::string_view from);
    bool valid() const;
    std::string_view key() const;  // the object key
    ObjectRecord record() const;
    void next();

  private:
    std::string prefix_;
    storage::Iterator it_;
};

template <class R>
std::optional<UploadRecord> load_upload(const R& r, std::string_view upload_id);
void save_upload(storage::Txn& txn, const UploadRecord& u);
// Deletes the upload and its parts' records; the parts' data too unless `keep` lists it.
void delete_upload(storage::Txn& txn, const UploadRecord& u, const std::vector<uint64_t>& keep);
// Uploads in progress in a bucket, in no particular order. Uploads are keyed by id alone, so
// this scans every upload in progress in every bucket.
template <class R>
std::vector<UploadRecord> bucket_uploads(const R& r, std::string_view bucket);

template <class R>
std::optional<PartRecord> load_part(const R& r, std::string_view upload_id, int64_t number);
void save_part(storage::Txn& txn, std::string_view upload_id, const PartRecord& p);
// Parts of an upload with number > `after`, ascending, at most `limit` (0: all).
template <class R>
std::vector<PartRecord> list_parts(const R& r, std::string_view upload_id, int64_t after,
                                   size_t limit);

}  // namespace freshet::objects::store
