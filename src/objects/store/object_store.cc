#include "objects/store/object_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "storage/key_codec.h"

namespace freshet::objects::store {
namespace {

namespace json = boost::json;
using storage::Cf;
using storage::KeyBuilder;

std::string bucket_key(std::string_view name) {
    return KeyBuilder().u8('b').string(name).str();
}
std::string objects_prefix(std::string_view bucket) {
    return KeyBuilder().u8('o').string(bucket).str();
}
std::string object_key(std::string_view bucket, std::string_view key) {
    return KeyBuilder().u8('o').string(bucket).raw(key).str();
}
std::string chunk_key(uint64_t data_id, uint32_t index) {
    return KeyBuilder().u8('c').u64(data_id).u32(index).str();
}
std::string upload_key(std::string_view id) {
    return KeyBuilder().u8('u').string(id).str();
}
std::string parts_prefix(std::string_view upload_id) {
    return KeyBuilder().u8('p').string(upload_id).str();
}
std::string part_key(std::string_view upload_id, int64_t number) {
    return KeyBuilder().u8('p').string(upload_id).u32(static_cast<uint32_t>(number)).str();
}
const std::string kCounterKey = KeyBuilder().u8('n').str();
std::string partial_key(uint64_t data_id) {
    return KeyBuilder().u8('w').u64(data_id).str();
}

std::string str(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int64_t num(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_int64() ? v->get_int64() : v && v->is_uint64() ? v->get_uint64() : 0;
}

json::object headers_json(const ObjectHeaders& h) {
    json::object meta;
    for (const auto& [k, v] : h.metadata) meta[k] = v;
    return {{"ct", h.content_type},     {"ce", h.content_encoding}, {"cd", h.content_disposition},
            {"cl", h.content_language}, {"cc", h.cache_control},    {"meta", std::move(meta)}};
}
ObjectHeaders headers_from(const json::object& o) {
    ObjectHeaders h{str(o, "ct"), str(o, "ce"), str(o, "cd"), str(o, "cl"), str(o, "cc"), {}};
    if (const json::value* m = o.if_contains("meta"); m && m->is_object()) {
        for (const auto& [k, v] : m->get_object())
            if (v.is_string()) h.metadata[std::string(k)] = std::string(v.get_string());
    }
    return h;
}

std::string encode(const ObjectRecord& r) {
    json::array segs;
    for (const auto& s : r.segments) segs.push_back(json::array{s.data_id, s.size});
    json::object o{{"bucket", r.bucket},
                   {"key", r.key},
                   {"etag", r.etag},
                   {"size", r.size},
                   {"mod", r.modified_ms},
                   {"parts", r.parts},
                   {"h", headers_json(r.headers)},
                   {"segs", std::move(segs)}};
    return json::serialize(o);
}
ObjectRecord decode_object(std::string_view text) {
    json::object o = json::parse(text).as_object();
    ObjectRecord r;
    r.bucket = str(o, "bucket");
    r.key = str(o, "key");
    r.etag = str(o, "etag");
    r.size = num(o, "size");
    r.modified_ms = num(o, "mod");
    r.parts = num(o, "parts");
    if (const json::value* h = o.if_contains("h"); h && h->is_object())
        r.headers = headers_from(h->get_object());
    for (const auto& s : o.at("segs").as_array()) {
        const auto& pair = s.as_array();
        r.segments.push_back({pair.at(0).to_number<uint64_t>(), pair.at(1).to_number<int64_t>()});
    }
    return r;
}

uint32_t chunk_count(int64_t size) {
    return static_cast<uint32_t>((static_cast<size_t>(size) + kChunkBytes - 1) / kChunkBytes);
}

}  // namespace

// --- buckets ---

template <class R>
std::optional<BucketRecord> load_bucket(const R& r, std::string_view name) {
    auto v = r.get(Cf::Objects, bucket_key(name));
    if (!v) return std::nullopt;
    json::object o = json::parse(*v).as_object();
    return BucketRecord{str(o, "name"), str(o, "account"), str(o, "region"), num(o, "created")};
}
template std::optional<BucketRecord> load_bucket(const storage::Db&, std::string_view);
template std::optional<BucketRecord> load_bucket(const storage::Txn&, std::string_view);

std::vector<BucketRecord> list_buckets(const storage::Db& db) {
    std::vector<BucketRecord> out;
    std::string lower = KeyBuilder().u8('b').str();
    auto it = db.iterate(Cf::Objects, lower, storage::prefix_successor(lower));
    for (it.seek_to_first(); it.valid(); it.next()) {
        json::object o = json::parse(it.value()).as_object();
        out.push_back({str(o, "name"), str(o, "account"), str(o, "region"), num(o, "created")});
    }
    return out;
}

void save_bucket(storage::Txn& txn, const BucketRecord& b) {
    json::object o{
        {"name", b.name}, {"account", b.account}, {"region", b.region}, {"created", b.created_ms}};
    txn.put(Cf::Objects, bucket_key(b.name), json::serialize(o));
}

void delete_bucket(storage::Txn& txn, std::string_view name) {
    txn.del(Cf::Objects, bucket_key(name));
}

bool has_objects(const storage::Txn& txn, std::string_view bucket) {
    std::string prefix = objects_prefix(bucket);
    auto it = txn.iterate(Cf::Objects, prefix, storage::prefix_successor(prefix));
    it.seek_to_first();
    return it.valid();
}

// --- objects and data ---

template <class R>
std::optional<ObjectRecord> load_object(const R& r, std::string_view bucket, std::string_view key) {
    auto v = r.get(Cf::Objects, object_key(bucket, key));
    if (!v) return std::nullopt;
    return decode_object(*v);
}
template std::optional<ObjectRecord> load_object(const storage::Db&, std::string_view,
                                                 std::string_view);
template std::optional<ObjectRecord> load_object(const storage::Txn&, std::string_view,
                                                 std::string_view);

void save_object(storage::Txn& txn, const ObjectRecord& o,
                 const std::optional<ObjectRecord>& replaced) {
    if (replaced) {
        // Segments the new record adopts (none today) must survive.
        std::set<uint64_t> kept;
        for (const auto& s : o.segments) kept.insert(s.data_id);
        for (const auto& s : replaced->segments)
            if (!kept.count(s.data_id)) delete_data(txn, s);
    }
    txn.put(Cf::Objects, object_key(o.bucket, o.key), encode(o));
}

void delete_object(storage::Txn& txn, const ObjectRecord& o) {
    for (const auto& s : o.segments) delete_data(txn, s);
    txn.del(Cf::Objects, object_key(o.bucket, o.key));
}

uint64_t next_data_id(storage::Txn& txn) {
    auto v = txn.get(Cf::Objects, kCounterKey);
    uint64_t id = 1;
    if (v && v->size() == 8) {
        storage::KeyReader r(*v);
        (void)r.u64(id);
    }
    txn.put(Cf::Objects, kCounterKey, KeyBuilder().u64(id + 1).str());
    return id;
}

void put_chunk(storage::Txn& txn, uint64_t data_id, uint32_t index, std::string_view bytes) {
    txn.put(Cf::Objects, chunk_key(data_id, index), bytes);
}

Segment write_data(storage::Txn& txn, std::string_view bytes) {
    uint64_t id = next_data_id(txn);
    for (uint32_t i = 0; i < chunk_count(static_cast<int64_t>(bytes.size())); ++i)
        put_chunk(txn, id, i, bytes.substr(i * kChunkBytes, kChunkBytes));
    return {id, static_cast<int64_t>(bytes.size())};
}

void delete_data(storage::Txn& txn, const Segment& s) {
    for (uint32_t i = 0; i < chunk_count(s.size); ++i)
        txn.del(Cf::Objects, chunk_key(s.data_id, i));
}

// --- partial uploads ---

void save_partial(storage::Txn& txn, const PartialData& p) {
    json::object o{
        {"chunks", p.chunks}, {"bucket", p.bucket}, {"key", p.key}, {"started", p.started_ms}};
    txn.put(Cf::Objects, partial_key(p.data_id), json::serialize(o));
}

void delete_partial(storage::Txn& txn, uint64_t data_id) {
    txn.del(Cf::Objects, partial_key(data_id));
}

void discard_partial(storage::Txn& txn, const PartialData& p) {
    for (uint32_t i = 0; i < p.chunks; ++i) txn.del(Cf::Objects, chunk_key(p.data_id, i));
    delete_partial(txn, p.data_id);
}

std::vector<PartialData> list_partials(const storage::Db& db) {
    std::vector<PartialData> out;
    std::string lower = KeyBuilder().u8('w').str();
    auto it = db.iterate(Cf::Objects, lower, storage::prefix_successor(lower));
    for (it.seek_to_first(); it.valid(); it.next()) {
        storage::KeyReader r(it.key().substr(1));
        PartialData p;
        if (!r.u64(p.data_id)) continue;
        json::object o = json::parse(it.value()).as_object();
        p.chunks = static_cast<uint32_t>(num(o, "chunks"));
        p.bucket = str(o, "bucket");
        p.key = str(o, "key");
        p.started_ms = num(o, "started");
        out.push_back(std::move(p));
    }
    return out;
}

Result<std::vector<PartialData>> sweep_partial_uploads(storage::Db& db) {
    std::vector<PartialData> found = list_partials(db);
    for (const auto& p : found) {
        // One batch per upload: at most 5,120 deletions for a 5 GiB one.
        FRESHET_CHECK(db.committer().commit_sync([&p](storage::Txn& txn) -> Result<void> {
            discard_partial(txn, p);
            return Ok{};
        }));
    }
    return found;
}

size_t count_chunks(const storage::Db& db) {
    std::string lower = KeyBuilder().u8('c').str();
    auto it = db.iterate(Cf::Objects, lower, storage::prefix_successor(lower));
    size_t n = 0;
    for (it.seek_to_first(); it.valid(); it.next()) ++n;
    return n;
}

// --- reading ---

ObjectReader::ObjectReader(const storage::Db& db) : it_(db.iterate(Cf::Objects, "", "")) {}
ObjectReader::~ObjectReader() = default;

std::optional<ObjectRecord> ObjectReader::load(std::string_view bucket, std::string_view key) {
    std::string k = object_key(bucket, key);
    it_.seek(k);
    if (!it_.valid() || it_.key() != k) return std::nullopt;
    return decode_object(it_.value());
}

std::string_view ObjectReader::chunk(uint64_t data_id, uint32_t index, std::string_view key) {
    std::string k = chunk_key(data_id, index);
    it_.seek(k);
    if (!it_.valid() || it_.key() != k)
        throw storage::ReadError("objects: chunk missing for " + std::string(key));
    return it_.value();
}

std::string ObjectReader::read(const ObjectRecord& o, int64_t first, int64_t length) {
    std::string out;
    out.reserve(static_cast<size_t>(length));
    ObjectStream stream(std::shared_ptr<ObjectReader>(this, [](ObjectReader*) {}), o, first,
                        length);
    while (auto piece = stream.next()) out += *piece;
    return out;
}

ObjectStream::ObjectStream(std::shared_ptr<ObjectReader> reader, ObjectRecord o, int64_t first,
                           int64_t length)
    : reader_(std::move(reader)),
      o_(std::move(o)),
      first_(first),
      end_(first + length),
      at_(first) {}

std::optional<std::string> ObjectStream::next() {
    constexpr auto kChunk = static_cast<int64_t>(kChunkBytes);
    while (at_ < end_ && segment_ < o_.segments.size()) {
        const Segment& s = o_.segments[segment_];
        if (at_ >= base_ + s.size) {  // past this segment (or it is empty)
            base_ += s.size;
            ++segment_;
            continue;
        }
        const int64_t within = at_ - base_;
        const auto index = static_cast<uint32_t>(within / kChunk);
        const int64_t chunk_start = static_cast<int64_t>(index) * kChunk;
        std::string_view data = reader_->chunk(s.data_id, index, o_.key);
        const int64_t to = std::min({end_ - base_, s.size, chunk_start + kChunk});
        const int64_t a = within - chunk_start;
        const int64_t b = std::min(to - chunk_start, static_cast<int64_t>(data.size()));
        if (b <= a) throw storage::ReadError("objects: chunk too short for " + o_.key);
        at_ += b - a;
        return std::string(data.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
    }
    return std::nullopt;
}

KeyCursor::KeyCursor(const storage::Db& db, std::string_view bucket)
    : prefix_(objects_prefix(bucket)),
      it_(db.iterate(Cf::Objects, prefix_, storage::prefix_successor(prefix_))) {}

void KeyCursor::seek(std::string_view from) {
    it_.seek(prefix_ + std::string(from));
}
bool KeyCursor::valid() const {
    return it_.valid();
}
std::string_view KeyCursor::key() const {
    return it_.key().substr(prefix_.size());
}
ObjectRecord KeyCursor::record() const {
    return decode_object(it_.value());
}
void KeyCursor::next() {
    it_.next();
}

// --- multipart uploads ---

namespace {

UploadRecord upload_from(const json::object& o) {
    UploadRecord u{str(o, "id"),        str(o, "bucket"),    str(o, "key"),
                   str(o, "initiator"), num(o, "initiated"), {}};
    if (const json::value* h = o.if_contains("h"); h && h->is_object())
        u.headers = headers_from(h->get_object());
    return u;
}

}  // namespace

template <class R>
std::optional<UploadRecord> load_upload(const R& r, std::string_view upload_id) {
    auto v = r.get(Cf::Objects, upload_key(upload_id));
    if (!v) return std::nullopt;
    return upload_from(json::parse(*v).as_object());
}
template std::optional<UploadRecord> load_upload(const storage::Db&, std::string_view);
template std::optional<UploadRecord> load_upload(const storage::Txn&, std::string_view);

void save_upload(storage::Txn& txn, const UploadRecord& u) {
    json::object o{{"id", u.upload_id},
                   {"bucket", u.bucket},
                   {"key", u.key},
                   {"initiator", u.initiator_arn},
                   {"initiated", u.initiated_ms},
                   {"h", headers_json(u.headers)}};
    txn.put(Cf::Objects, upload_key(u.upload_id), json::serialize(o));
}

void delete_upload(storage::Txn& txn, const UploadRecord& u, const std::vector<uint64_t>& keep) {
    std::set<uint64_t> kept(keep.begin(), keep.end());
    for (const auto& p : list_parts(txn, u.upload_id, 0, 0)) {
        if (!kept.count(p.data_id)) delete_data(txn, {p.data_id, p.size});
        txn.del(Cf::Objects, part_key(u.upload_id, p.number));
    }
    txn.del(Cf::Objects, upload_key(u.upload_id));
}

template <class R>
std::vector<UploadRecord> bucket_uploads(const R& r, std::string_view bucket) {
    std::vector<UploadRecord> out;
    std::string lower = KeyBuilder().u8('u').str();
    auto it = r.iterate(Cf::Objects, lower, storage::prefix_successor(lower));
    for (it.seek_to_first(); it.valid(); it.next()) {
        json::object o = json::parse(it.value()).as_object();
        if (str(o, "bucket") == bucket) out.push_back(upload_from(o));
    }
    return out;
}
template std::vector<UploadRecord> bucket_uploads(const storage::Db&, std::string_view);
template std::vector<UploadRecord> bucket_uploads(const storage::Txn&, std::string_view);

template <class R>
std::optional<PartRecord> load_part(const R& r, std::string_view upload_id, int64_t number) {
    auto v = r.get(Cf::Objects, part_key(upload_id, number));
    if (!v) return std::nullopt;
    json::object o = json::parse(*v).as_object();
    return PartRecord{num(o, "n"), str(o, "etag"), num(o, "size"), num(o, "mod"),
                      static_cast<uint64_t>(num(o, "data"))};
}
template std::optional<PartRecord> load_part(const storage::Db&, std::string_view, int64_t);
template std::optional<PartRecord> load_part(const storage::Txn&, std::string_view, int64_t);

void save_part(storage::Txn& txn, std::string_view upload_id, const PartRecord& p) {
    json::object o{{"n", p.number},
                   {"etag", p.etag},
                   {"size", p.size},
                   {"mod", p.modified_ms},
                   {"data", p.data_id}};
    txn.put(Cf::Objects, part_key(upload_id, p.number), json::serialize(o));
}

template <class R>
std::vector<PartRecord> list_parts(const R& r, std::string_view upload_id, int64_t after,
                                   size_t limit) {
    std::string prefix = parts_prefix(upload_id);
    auto it = r.iterate(Cf::Objects, prefix, storage::prefix_successor(prefix));
    std::vector<PartRecord> out;
    for (it.seek(part_key(upload_id, after + 1)); it.valid(); it.next()) {
        json::object o = json::parse(it.value()).as_object();
        out.push_back(PartRecord{num(o, "n"), str(o, "etag"), num(o, "size"), num(o, "mod"),
                                 static_cast<uint64_t>(num(o, "data"))});
        if (limit && out.size() >= limit) break;
    }
    return out;
}
template std::vector<PartRecord> list_parts(const storage::Db&, std::string_view, int64_t, size_t);
template std::vector<PartRecord> list_parts(const storage::Txn&, std::string_view, int64_t, size_t);

}  // namespace freshet::objects::store
