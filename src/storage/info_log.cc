#include "storage/info_log.h"

#include <rocksdb/env.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace freshet::storage::detail {
namespace {

class InfoLog : public rocksdb::Logger {
  public:
    InfoLog(std::string dir, size_t max_bytes, size_t keep)
        : path_(dir + "/LOG"), max_bytes_(max_bytes), keep_(keep) {
        std::lock_guard lock(mu_);
        roll();
    }
    ~InfoLog() override {
        if (file_ != nullptr) std::fclose(file_);
    }

    using rocksdb::Logger::Logv;
    void Logv(const char* format, va_list ap) override {
        char line[1024];
        struct timeval now;
        ::gettimeofday(&now, nullptr);
        struct tm t;
        ::localtime_r(&now.tv_sec, &t);
        int head =
            std::snprintf(line, sizeof line, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld %lx ",
                          t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                          static_cast<long>(now.tv_usec), static_cast<unsigned long>(::gettid()));
        va_list copy;
        va_copy(copy, ap);
        int body = std::vsnprintf(line + head, sizeof line - head, format, copy);
        va_end(copy);
        size_t n = std::min(sizeof line - 2, static_cast<size_t>(head + std::max(body, 0)));
        if (n == 0 || line[n - 1] != '\n') line[n++] = '\n';
        std::lock_guard lock(mu_);
        if (file_ == nullptr || size_ >= max_bytes_) roll();
        if (file_ == nullptr) return;
        // A line that does not fit (disk full) is dropped; clearerr lets the next one try.
        if (std::fwrite(line, 1, n, file_) == n && std::fflush(file_) == 0) {
            size_ += n;
        } else {
            std::clearerr(file_);
        }
    }

    void Flush() override {
        std::lock_guard lock(mu_);
        if (file_ != nullptr) std::fflush(file_);
    }

  private:
    // Called with mu_ held: LOG.old.<keep-2> -> LOG.old.<keep-1>, ..., LOG -> LOG.old.1.
    void roll() {
        if (file_ != nullptr) {
            std::fclose(file_);
            file_ = nullptr;
            std::error_code ec;
            for (size_t i = keep_ - 1; i > 1; --i) {
                std::filesystem::rename(old(i - 1), old(i), ec);
            }
            if (keep_ > 1) std::filesystem::rename(path_, old(1), ec);
        }
        file_ = std::fopen(path_.c_str(), "a");
        if (file_ == nullptr) return;
        std::fseek(file_, 0, SEEK_END);
        long at = std::ftell(file_);
        size_ = at > 0 ? static_cast<size_t>(at) : 0;
    }
    std::string old(size_t i) const { return path_ + ".old." + std::to_string(i); }

    const std::string path_;
    const size_t max_bytes_;
    const size_t keep_;
    std::mutex mu_;
    std::FILE* file_ = nullptr;
    size_t size_ = 0;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> make_info_log(const std::string& dir, size_t max_bytes,
                                               size_t keep) {
    return std::make_shared<InfoLog>(dir, max_bytes, keep);
}

}  // namespace freshet::storage::detail
