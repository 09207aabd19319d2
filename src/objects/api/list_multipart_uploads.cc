// ListMultipartUploads: the uploads in progress in a bucket, by key and then by initiation time,
// with prefix, delimiter (CommonPrefixes), key-marker and upload-id-marker, max-uploads (default
// and cap 1,000) and encoding-type=url, through the listing walk ListObjects uses.
#include <algorithm>

#include "objects/api/handlers.h"
#include "objects/api/list_common.h"

namespace freshet::objects {
namespace {

// A bucket's uploads in listing order, as the listing walk's cursor: one entry per upload, so a
// key with several uploads comes up once for each.
class UploadCursor {
  public:
    explicit UploadCursor(std::vector<store::UploadRecord> uploads) : u_(std::move(uploads)) {}
    void seek(std::string_view from) {
        at_ = static_cast<size_t>(std::lower_bound(u_.begin(), u_.end(), from,
                                                   [](const store::UploadRecord& u,
                                                      std::string_view k) { return u.key < k; }) -
                                  u_.begin());
    }
    bool valid() const { return at_ < u_.size(); }
    std::string_view key() const { return u_[at_].key; }
    const store::UploadRecord& upload() const { return u_[at_]; }
    void next() { ++at_; }

  private:
    std::vector<store::UploadRecord> u_;
    size_t at_ = 0;
};

bool listed_before(const store::UploadRecord& a, const store::UploadRecord& b) {
    return std::tie(a.key, a.initiated_ms, a.upload_id) <
           std::tie(b.key, b.initiated_ms, b.upload_id);
}

// With key-marker and upload-id-marker: keeps the uploads of that key listed after that upload
// (after its place in the order when it is still in progress; with a greater id otherwise, as
// S3 documents) and those of later keys.
void resume_after(std::vector<store::UploadRecord>& uploads, const std::string& key,
                  const std::string& upload_id) {
    auto marker = std::find_if(uploads.begin(), uploads.end(), [&](const auto& u) {
        return u.key == key && u.upload_id == upload_id;
    });
    std::optional<store::UploadRecord> at;
    if (marker != uploads.end()) at = *marker;
    std::erase_if(uploads, [&](const store::UploadRecord& u) {
        if (u.key != key) return u.key < key;
        return at ? !listed_before(*at, u) : u.upload_id <= upload_id;
    });
}

}  // namespace

Result<m::ListMultipartUploadsOutput> list_multipart_uploads(
    ObjectsService& svc, RequestContext& ctx, const m::ListMultipartUploadsRequest& in) {
    auto b = owned_bucket(svc.db(), ctx, in.Bucket);
    if (!b.ok()) return std::move(b).take_error();
    auto request = list_request(in.Prefix, in.Delimiter, in.MaxUploads, "max-uploads");
    if (!request.ok()) return std::move(request).take_error();
    listing::Request req = std::move(request).value();
    const std::string key_marker = in.KeyMarker.value_or("");
    // S3 ignores upload-id-marker without key-marker.
    const bool by_upload = !key_marker.empty() && in.UploadIdMarker && !in.UploadIdMarker->empty();

    auto uploads = store::bucket_uploads(svc.db(), in.Bucket);
    std::sort(uploads.begin(), uploads.end(), listed_before);
    if (by_upload) {
        resume_after(uploads, key_marker, *in.UploadIdMarker);
    } else {
        req.after = key_marker;  // keys after it, and common prefixes after it
    }
    UploadCursor cursor(std::move(uploads));
    const auto& enc = in.EncodingType;
    m::ListMultipartUploadsOutput out;
    std::vector<m::MultipartUpload> listed;
    listing::Page page = listing::list_page(cursor, req, [&](UploadCursor& c) {
        const store::UploadRecord& u = c.upload();
        m::MultipartUpload up;
        up.Key = maybe_encode(enc, u.key);
        up.UploadId = u.upload_id;
        up.Initiated = from_epoch_millis(u.initiated_ms);
        up.StorageClass = "STANDARD";
        m::Owner owner;
        owner.ID = b->account;
        up.Owner = std::move(owner);
        m::Initiator initiator;
        initiator.ID = u.initiator_arn;
        up.Initiator = std::move(initiator);
        listed.push_back(std::move(up));
        out.NextUploadIdMarker = u.upload_id;
    });
    out.Bucket = in.Bucket;
    out.KeyMarker = maybe_encode(enc, key_marker);
    out.UploadIdMarker = by_upload ? *in.UploadIdMarker : std::string();
    out.Prefix = maybe_encode(enc, req.prefix);
    if (in.Delimiter) out.Delimiter = maybe_encode(enc, *in.Delimiter);
    out.MaxUploads = req.max_keys;
    out.EncodingType = enc;
    out.IsTruncated = page.truncated;
    // Where the next page starts: the last upload listed, or the last common prefix (a page
    // that ends with one resumes after every key under it).
    if (!page.last.empty()) {
        out.NextKeyMarker = maybe_encode(enc, page.last);
        // A common prefix never equals a key: a key equal to it would have been rolled up.
        if (!page.common_prefixes.empty() && page.last == page.common_prefixes.back())
            out.NextUploadIdMarker.reset();
    }
    if (!listed.empty()) out.Uploads = std::move(listed);
    set_common_prefixes(out, page.common_prefixes, enc);
    return out;
}

}  // namespace freshet::objects
