// Writes a streamed request body (PutObject, UploadPart) to storage as it arrives, in 1 MiB
// chunks, a few at a time, so that a body of gigabytes is never held whole:
//
//   - the body is read a piece at a time, and only while fewer than kBatchChunks full chunks
//     wait to be written: a client sends no faster than storage takes its data;
//   - a batch of full chunks is committed at a time (through the group committer, with the
//     store's durability); each batch also records, under the data id's partial-upload marker,
//     how many chunks the upload has written (store::PartialData), and nothing else refers to
//     them, so they are invisible;
//   - the MD5 (the ETag, and Content-MD5's check) is computed as the bytes pass;
//   - at the end of the body, once the payload is authenticated (the RequestBody's final empty
//     read) and Content-MD5 holds, one batch writes the last chunks, deletes the marker and runs
//     `commit`, which writes the record that makes the data visible;
//   - on any failure (a read error, a bad digest, a payload over 5 GiB, `commit`'s error, a
//     storage error) the chunks written so far and the marker are deleted before the error is
//     answered. A crash leaves them to store::sweep_partial_uploads at the next start.
//
// A body that ends within the first batch is written with its record in one batch, as a body
// that arrives whole.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "objects/api/common.h"

namespace freshet::objects {

// Full chunks written per batch: 4 MiB, so that at most about 9 MiB of one upload is in memory
// (a batch being committed, the next one filling up) and a sync is shared by 4 MiB of data.
inline constexpr size_t kBatchChunks = 4;

struct UploadedData {
    store::Segment segment;
    std::string etag;  // quoted MD5 of the data
};

// Runs inside the batch that commits the upload: checks what must still hold (the bucket, the
// multipart upload) and writes the record referring to `data`. An error discards the data and
// is the answer.
using CommitFn = std::function<Result<void>(storage::Txn& txn, const UploadedData& data)>;

struct StreamedUpload {
    RequestBody body;
    std::string bucket, key;  // for the partial-upload marker
    // The Content-MD5 header's digest (16 bytes), when given (check with parse_content_md5).
    std::optional<std::string> content_md5;
    int64_t now_ms = 0;
    CommitFn commit;
    // Called once with the ETag, or the error; from the IO or the commit thread.
    std::function<void(Result<std::string>)> done;
};

// Starts the upload; it keeps itself alive until `done` has been called.
void stream_upload(ObjectsService& svc, StreamedUpload upload);

}  // namespace freshet::objects
