// Iterator: an ordered cursor over one column family, within bounds [lower, upper).
//
// An iterator made by Db::iterate reads from a consistent snapshot taken when it was made: later
// commits are not seen. One made by Txn::iterate reads the committed data merged with the
// group's own uncommitted writes. Keys and values returned are views valid until the next move.
//
// Errors: a read that fails underneath (I/O error, corruption) throws ReadError, which the
// dispatcher answers as InternalFailure/500; there is nothing a caller could do with it.
// Thread safety: an Iterator is used by one thread at a time. It pins the files and memory it
// reads, so do not keep one open for long (seconds are fine, hours are not).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace freshet::storage {

// The storage engine failed to read (I/O error, corruption). Not an expected failure.
class ReadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Iterator {
  public:
    struct Impl;  // defined in iterator.cc, where RocksDB is visible

    explicit Iterator(std::unique_ptr<Impl> impl);
    Iterator(Iterator&&) noexcept;
    Iterator& operator=(Iterator&&) noexcept;
    ~Iterator();

    // Positions at the first key >= max(key, lower).
    void seek(std::string_view key);
    // Positions at the last key <= key that is below upper.
    void seek_for_prev(std::string_view key);
    void seek_to_first();
    void seek_to_last();

    // Whether the cursor is on a key inside the bounds. Throws ReadError if the read failed.
    bool valid() const;
    // Preconditions: valid().
    void next();
    void prev();
    std::string_view key() const;
    std::string_view value() const;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace freshet::storage
