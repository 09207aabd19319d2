#include "storage/iterator.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include "storage/engine.h"

namespace freshet::storage {

// Owns the bounds because RocksDB's ReadOptions only points at them: they must stay put for
// the life of the RocksDB iterator, so an Impl lives on the heap and never moves.
struct Iterator::Impl {
    std::string lower;
    std::string upper;  // empty: no upper bound
    rocksdb::Slice lower_slice;
    rocksdb::Slice upper_slice;
    rocksdb::ReadOptions read_options;
    std::unique_ptr<rocksdb::Iterator> it;

    // Checked here as well as by RocksDB, so that the contract does not rest on how the
    // batch-merging iterator (Txn::iterate) treats bounds; a comparison is cheap next to a read.
    bool in_bounds() const {
        auto k = it->key();
        if (k.compare(lower_slice) < 0) return false;
        return upper.empty() || k.compare(upper_slice) < 0;
    }
};

Iterator::Iterator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Iterator::Iterator(Iterator&&) noexcept = default;
Iterator& Iterator::operator=(Iterator&&) noexcept = default;
Iterator::~Iterator() = default;

void Iterator::seek(std::string_view key) {
    if (key < impl_->lower) key = impl_->lower;
    impl_->it->Seek(rocksdb::Slice(key.data(), key.size()));
}

void Iterator::seek_for_prev(std::string_view key) {
    if (!impl_->upper.empty() && key >= impl_->upper) return seek_to_last();
    impl_->it->SeekForPrev(rocksdb::Slice(key.data(), key.size()));
}

void Iterator::seek_to_first() {
    impl_->it->Seek(impl_->lower_slice);
}

void Iterator::seek_to_last() {
    auto& it = *impl_->it;
    if (impl_->upper.empty()) return it.SeekToLast();
    // The last key strictly below upper.
    it.SeekForPrev(impl_->upper_slice);
    if (it.Valid() && it.key() == impl_->upper_slice) it.Prev();
}

bool Iterator::valid() const {
    auto& it = *impl_->it;
    if (!it.Valid()) {
        auto status = it.status();
        if (!status.ok()) detail::throw_read_error("iterate", status.ToString());
        return false;
    }
    return impl_->in_bounds();
}

void Iterator::next() {
    impl_->it->Next();
}
void Iterator::prev() {
    impl_->it->Prev();
}

std::string_view Iterator::key() const {
    auto k = impl_->it->key();
    return {k.data(), k.size()};
}

std::string_view Iterator::value() const {
    auto v = impl_->it->value();
    return {v.data(), v.size()};
}

namespace detail {

Iterator make_iterator(const Engine& engine, Cf cf, std::string lower, std::string upper,
                       rocksdb::WriteBatchWithIndex* batch) {
    auto impl = std::make_unique<Iterator::Impl>();
    impl->lower = std::move(lower);
    impl->upper = std::move(upper);
    impl->lower_slice = rocksdb::Slice(impl->lower);
    impl->upper_slice = rocksdb::Slice(impl->upper);
    if (!impl->lower.empty()) impl->read_options.iterate_lower_bound = &impl->lower_slice;
    if (!impl->upper.empty()) impl->read_options.iterate_upper_bound = &impl->upper_slice;
    auto* handle = engine.cf(cf);
    // A RocksDB iterator pins the sequence number it starts at: that is the snapshot.
    auto* base = engine.db->NewIterator(impl->read_options, handle);
    if (batch == nullptr) {
        impl->it.reset(base);
    } else {
        impl->it.reset(batch->NewIteratorWithBase(handle, base, &impl->read_options));
    }
    return Iterator(std::move(impl));
}

void throw_read_error(std::string_view what, const std::string& status) {
    throw ReadError("storage " + std::string(what) + " failed: " + status);
}

}  // namespace detail
}  // namespace freshet::storage
