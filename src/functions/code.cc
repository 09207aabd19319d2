#include "functions/code.h"

#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;

ApiError unzip_error() {
    return ApiError{"InvalidParameterValueException",
                    "Could not unzip uploaded file. Please check your file, then try to upload "
                    "again.",
                    400, true, true};
}

ApiError unzipped_too_large(uint64_t max_bytes) {
    return ApiError{"InvalidParameterValueException",
                    "Unzipped size must be smaller than " + std::to_string(max_bytes) + " bytes",
                    400, true, true};
}

// Bytes written so far, against the limit: a zip that understates its sizes is stopped too.
struct Budget {
    uint64_t max = 0;
    uint64_t used = 0;
};

// A relative path with no "..", ".", empty or absolute component.
bool safe_name(std::string_view name) {
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos)
        return false;
    for (const auto& part : fs::path(name)) {
        std::string p = part.string();
        if (p == ".." || p == "/") return false;
    }
    return true;
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

Result<void> extract_entry(zip_t* z, zip_uint64_t i, const fs::path& root, Budget& budget) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) return unzip_error();
    std::string name = st.name;
    if (!safe_name(name)) return unzip_error();
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    zip_file_get_external_attributes(z, i, 0, &opsys, &attributes);
    mode_t mode = opsys == ZIP_OPSYS_UNIX ? static_cast<mode_t>(attributes >> 16) : 0;
    if (S_ISLNK(mode)) return unzip_error();
    fs::path target = root / name;
    std::error_code ec;
    if (name.back() == '/') {
        fs::create_directories(target, ec);
        return ec ? unzip_error() : Result<void>(Ok{});
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) return unzip_error();
    std::unique_ptr<zip_file_t, FileCloser> f(zip_fopen_index(z, i, 0));
    if (!f) return unzip_error();
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    std::vector<char> buf(1 << 16);
    for (zip_int64_t n; (n = zip_fread(f.get(), buf.data(), buf.size())) > 0;) {
        budget.used += static_cast<uint64_t>(n);
        if (budget.used >= budget.max) return unzipped_too_large(budget.max);
        out.write(buf.data(), n);
    }
    if (!out) return unzip_error();
    out.close();
    // Lambda keeps the executable bit a zip records (a `provided` function's bootstrap); the
    // files are the server's user's alone, as everything in the data directory.
    fs::permissions(target, (mode & 0111) ? fs::perms(0700) : fs::perms(0600),
                    fs::perm_options::replace, ec);
    return Ok{};
}

}  // namespace

std::string code_sha256(std::string_view zip) {
    return base64_encode(crypto::as_view(crypto::sha256(zip)));
}

Result<void> unpack_zip(std::string_view zip, const std::string& dir, uint64_t max_bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
    if (!src) return unzip_error();
    std::unique_ptr<zip_t, ZipCloser> z(
        zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!z) {
        zip_source_free(src);
        return unzip_error();
    }
    std::error_code ec;
    fs::path root(dir);
    fs::create_directories(root, ec);
    if (ec) return ApiError::internal("cannot create " + dir + ": " + ec.message());
    zip_int64_t n = zip_get_num_entries(z.get(), 0);
    // The sizes the zip declares, before anything is written.
    uint64_t declared = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) == 0 &&
            (st.valid & ZIP_STAT_SIZE)) {
            declared += st.size;
        }
    }
    if (declared >= max_bytes) {
        fs::remove_all(root, ec);
        return unzipped_too_large(max_bytes);
    }
    Budget budget{max_bytes, 0};
    for (zip_int64_t i = 0; i < n; ++i) {
        auto r = extract_entry(z.get(), static_cast<zip_uint64_t>(i), root, budget);
        if (!r.ok()) {
            fs::remove_all(root, ec);
            return r;
        }
    }
    return Ok{};
}

}  // namespace freshet::functions
