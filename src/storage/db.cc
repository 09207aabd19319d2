#include "storage/db.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "storage/engine.h"
#include "storage/info_log.h"

namespace freshet::storage {
namespace {

// Tuned for a small server on 2 cores that mostly idles: little memory when quiet, bounded
// memory under load, and background work that never takes both cores.
constexpr size_t kWriteBufferBytes = size_t{8} << 20;       // per family; a flush every 8 MiB
constexpr size_t kAllWriteBuffersBytes = size_t{64} << 20;  // across families
// With 12 families, one rarely written family would otherwise keep every WAL file alive.
constexpr uint64_t kMaxTotalWalBytes = uint64_t{64} << 20;

rocksdb::Slice slice(std::string_view s) {
    return {s.data(), s.size()};
}

rocksdb::DBOptions make_db_options(const Db::Options& options) {
    rocksdb::DBOptions o;
    if (options.env) o.env = options.env.get();
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    o.max_background_jobs = 2;
    // Deleting obsolete files and the like happens on background threads, never while a
    // reader or the commit thread waits.
    o.avoid_unnecessary_blocking_io = true;
    o.db_write_buffer_size = kAllWriteBuffersBytes;
    o.max_total_wal_size = kMaxTotalWalBytes;
    o.bytes_per_sync = 1 << 20;  // smooth out SST writes instead of one big sync at the end
    // RocksDB's info LOG (not the WAL): 4 files of 4 MiB, written by our logger, which survives a
    // full disk (info_log.h).
    o.info_log = detail::make_info_log(options.path, 4 << 20, 4);
    // A full disk is recovered from by RocksDB itself. The write or flush that fails for lack of
    // space stops writes (a "hard" background error) and, in the same step under RocksDB's
    // mutex, starts an automatic recovery: this SstFileManager (RocksDB would make one if none
    // were given) polls the free space every 5 s and, once it reaches the largest memtable
    // (8 MiB), resumes the database (flushes every memtable, starts a new WAL); it retries until
    // that succeeds. Freshet used to switch this off and call DB::Resume() from the commit
    // thread, which hung in about one run in three: in RocksDB 7.8 a flush job that starts while
    // writes are stopped and no recovery is under way returns without taking its request off
    // the flush queue, and a Resume() after that waits forever for a flush that is never
    // scheduled (StorageDiskFull.RecoversWhenAFlushWasPendingAsTheDiskFilled). With the
    // automatic recovery under way for as long as writes are stopped, no flush job takes that
    // path. Errors RocksDB cannot recover from (fatal) still need a restart (committer.cc).
    o.sst_file_manager.reset(rocksdb::NewSstFileManager(o.env, o.info_log));
    return o;
}

rocksdb::CompressionType pick_compression() {
    // Debian builds RocksDB with LZ4 and Snappy; fall back gracefully on other builds.
    auto supported = rocksdb::GetSupportedCompressions();
    for (auto c : {rocksdb::kLZ4Compression, rocksdb::kSnappyCompression}) {
        for (auto s : supported) {
            if (s == c) return c;
        }
    }
    return rocksdb::kNoCompression;
}

rocksdb::ColumnFamilyOptions make_cf_options(const std::shared_ptr<rocksdb::Cache>& cache) {
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;  // one cache for all families, so the total is bounded
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    // Index and filter blocks live in (and are bounded by) the block cache; level-0 ones are
    // pinned because every read consults them.
    table.cache_index_and_filter_blocks = true;
    table.pin_l0_filter_and_index_blocks_in_cache = true;
    table.optimize_filters_for_memory = true;
    table.block_size = 16 << 10;
    table.format_version = 5;

    rocksdb::ColumnFamilyOptions o;
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    o.write_buffer_size = kWriteBufferBytes;
    o.max_write_buffer_number = 3;  // writes continue while one memtable is being flushed
    o.level_compaction_dynamic_level_bytes = true;
    o.target_file_size_base = 16 << 20;
    o.max_bytes_for_level_base = 64 << 20;
    o.compression = pick_compression();
    return o;
}

ApiError open_error(const std::string& path, const rocksdb::Status& status) {
    auto text = status.ToString();
    std::string message = "Cannot open the storage at '" + path + "': " + text;
    if (status.IsIOError() && text.find("lock") != std::string::npos) {
        message += " (is another process using this data directory?)";
    }
    return ApiError::internal(std::move(message));
}

// Our families in enum order, then any unknown ones already on disk.
std::vector<rocksdb::ColumnFamilyDescriptor> descriptors(const rocksdb::DBOptions& db_options,
                                                         const std::string& path,
                                                         const rocksdb::ColumnFamilyOptions& cf) {
    std::vector<rocksdb::ColumnFamilyDescriptor> out;
    for (size_t i = 0; i < kCfCount; ++i) {
        out.emplace_back(std::string(cf_name(static_cast<Cf>(i))), cf);
    }
    std::vector<std::string> existing;
    // Fails when there is no database yet, which is fine: then there is nothing unknown.
    if (rocksdb::DB::ListColumnFamilies(db_options, path, &existing).ok()) {
        for (auto& name : existing) {
            if (!cf_from_name(name)) out.emplace_back(name, cf);
        }
    }
    return out;
}

}  // namespace

Db::Db(Options options) : options_(std::move(options)), engine_(new detail::Engine) {}

Db::~Db() {
    close();
}

Result<std::unique_ptr<Db>> Db::open(const Options& options) {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec) {
        return ApiError::internal("Cannot create the storage directory '" + options.path +
                                  "': " + ec.message());
    }
    auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
    auto db_options = make_db_options(options);
    auto cf_options = make_cf_options(cache);
    auto cfs = descriptors(db_options, options.path, cf_options);
    // Families not on disk yet (all of them on a first start) are created after the open in
    // one call: letting DB::Open create them writes and syncs the MANIFEST and a new OPTIONS
    // file once per family, most of a first start's time.
    std::vector<std::string> on_disk;
    if (!rocksdb::DB::ListColumnFamilies(db_options, options.path, &on_disk).ok())
        on_disk = {rocksdb::kDefaultColumnFamilyName};
    std::vector<rocksdb::ColumnFamilyDescriptor> present;
    std::vector<std::string> missing;
    std::vector<size_t> present_at, missing_at;
    for (size_t i = 0; i < cfs.size(); ++i) {
        bool there = std::find(on_disk.begin(), on_disk.end(), cfs[i].name) != on_disk.end();
        (there ? present_at : missing_at).push_back(i);
        if (there)
            present.push_back(cfs[i]);
        else
            missing.push_back(cfs[i].name);
    }
    std::vector<rocksdb::ColumnFamilyHandle*> opened, created;
    rocksdb::DB* raw = nullptr;
    auto status = rocksdb::DB::Open(db_options, options.path, present, &opened, &raw);
    if (!status.ok()) return open_error(options.path, status);
    if (!missing.empty()) {
        status = raw->CreateColumnFamilies(cf_options, missing, &created);
        if (!status.ok()) {
            for (auto* h : opened) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
            delete raw;
            return open_error(options.path, status);
        }
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles(cfs.size());
    for (size_t i = 0; i < present_at.size(); ++i) handles[present_at[i]] = opened[i];
    for (size_t i = 0; i < missing_at.size(); ++i) handles[missing_at[i]] = created[i];

    std::unique_ptr<Db> db(new Db(options));
    db->engine_->db = raw;
    for (size_t i = 0; i < handles.size(); ++i) {
        if (i < kCfCount) {
            db->engine_->cfs[i] = handles[i];
        } else {
            db->engine_->unknown_cfs.push_back(handles[i]);
        }
    }
    db->committer_.reset(new Committer(*db->engine_, options.sync, options.max_commit_queue));
    return db;
}

void Db::close() {
    std::lock_guard lock(close_mu_);
    auto* db = engine_->db;
    if (db == nullptr) return;
    committer_->stop();
    // Best effort, errors ignored: the WAL already holds every acknowledged write. Flushing
    // spares the next start a WAL replay, and syncing first makes a clean shutdown in relaxed
    // mode lose nothing. Not while writes are failing (disk full): the current WAL file then
    // has a failed append, and RocksDB asserts that such a file is never synced again.
    std::vector<rocksdb::ColumnFamilyHandle*> all(engine_->cfs.begin(), engine_->cfs.end());
    if (!committer_->writes_failing()) {
        db->SyncWAL().PermitUncheckedError();
        rocksdb::FlushOptions flush;
        flush.allow_write_stall = true;
        db->Flush(flush, all).PermitUncheckedError();
    }
    rocksdb::CancelAllBackgroundWork(db, true);
    all.insert(all.end(), engine_->unknown_cfs.begin(), engine_->unknown_cfs.end());
    for (auto* handle : all) db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    db->Close().PermitUncheckedError();
    delete db;
    *engine_ = detail::Engine{};
}

const detail::Engine& Db::engine() const {
    if (engine_->db == nullptr) throw std::logic_error("storage::Db used after close()");
    return *engine_;
}

std::optional<std::string> Db::get(Cf cf, std::string_view key) const {
    auto& e = engine();
    std::string value;
    auto status = e.db->Get(rocksdb::ReadOptions(), e.cf(cf), slice(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) detail::throw_read_error("get", status.ToString());
    return value;
}

Iterator Db::iterate(Cf cf, std::string lower, std::string upper) const {
    return detail::make_iterator(engine(), cf, std::move(lower), std::move(upper), nullptr);
}

uint64_t Db::approximate_size(Cf cf) const {
    auto& e = engine();
    uint64_t files = 0;
    uint64_t memory = 0;
    e.db->GetIntProperty(e.cf(cf), rocksdb::DB::Properties::kLiveSstFilesSize, &files);
    e.db->GetIntProperty(e.cf(cf), rocksdb::DB::Properties::kCurSizeAllMemTables, &memory);
    return files + memory;
}

uint64_t Db::approximate_keys(Cf cf) const {
    auto& e = engine();
    uint64_t keys = 0;
    e.db->GetIntProperty(e.cf(cf), rocksdb::DB::Properties::kEstimateNumKeys, &keys);
    return keys;
}

}  // namespace freshet::storage
