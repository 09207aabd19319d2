// Zipping local code and uploading it to freshet-deploy-<account id> (see package.h).
#include <fmt/format.h>
#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/aws_client.h"
#include "cli/package.h"
#include "cli/xml.h"
#include "core/crypto.h"

namespace freshet::cli {

namespace fs = std::filesystem;

namespace {

// 1980-01-02T00:00:00Z: the same zip bytes for the same files (a fixed time rather than the
// files' own), a day after the zip format's epoch so that no time zone moves it before.
constexpr time_t kZipTime = 315619200;

ApiError zip_failure(const std::string& what) {
    return ApiError{"InternalFailure", "could not build the zip: " + what, 500};
}

Result<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ApiError{"ValidationError", "cannot read " + path.string(), 400};
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Entry name -> file, sorted by name.
Result<std::vector<std::pair<std::string, fs::path>>> files_of(const fs::path& path) {
    std::vector<std::pair<std::string, fs::path>> files;
    if (!fs::is_directory(path)) return files = {{path.filename().string(), path}};
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (it->is_regular_file())
            files.push_back({it->path().lexically_relative(path).generic_string(), it->path()});
    }
    if (ec) return ApiError{"ValidationError", path.string() + ": " + ec.message(), 400};
    std::sort(files.begin(), files.end());
    return files;
}

// Adds the files (their contents held in `contents`, which must outlive zip_close).
Result<void> add_files(zip_t* archive, const std::vector<std::pair<std::string, fs::path>>& files,
                       std::vector<std::string>& contents) {
    contents.reserve(files.size());
    for (const auto& [name, file] : files) {
        FRESHET_TRY(content, read_file(file));
        contents.push_back(std::move(content));
        const std::string& data = contents.back();
        zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
        zip_int64_t index = src ? zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            if (src) zip_source_free(src);
            return zip_failure(zip_strerror(archive));
        }
        auto i = static_cast<zip_uint64_t>(index);
        bool exec = (fs::status(file).permissions() & fs::perms::owner_exec) != fs::perms::none;
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX,
                                         static_cast<zip_uint32_t>(S_IFREG | (exec ? 0755 : 0644))
                                             << 16);
        zip_file_set_mtime(archive, i, kZipTime, 0);
    }
    return Ok{};
}

Result<std::string> make_zip(const std::vector<std::pair<std::string, fs::path>>& files) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) return zip_failure("buffer");
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        return zip_failure("open");
    }
    zip_source_keep(buffer);  // read back after zip_close
    std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(buffer, zip_source_free);
    std::vector<std::string> contents;
    if (auto added = add_files(archive, files, contents); !added.ok()) {
        zip_discard(archive);
        return std::move(added).take_error();
    }
    if (zip_close(archive) != 0) {
        std::string why = zip_strerror(archive);
        zip_discard(archive);
        return zip_failure(why);
    }
    zip_stat_t st;
    if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0)
        return zip_failure("stat");
    std::string out(static_cast<size_t>(st.size), '\0');
    zip_int64_t n = zip_source_read(buffer, out.data(), st.size);
    zip_source_close(buffer);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return zip_failure("read");
    return out;
}

}  // namespace

Result<std::string> zip_local_path(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return ApiError{"ValidationError", path.string() + ": no such file or directory", 400};
    std::string ext = path.extension().string();
    if (fs::is_regular_file(path) && (ext == ".zip" || ext == ".jar")) return read_file(path);
    FRESHET_TRY(files, files_of(path));
    if (files.empty())
        return ApiError{"ValidationError", path.string() + ": no files to package", 400};
    return make_zip(files);
}

Result<std::string> CodeUploader::bucket() {
    if (bucket_) return *bucket_;
    FRESHET_TRY(reply, call_query(options_, "sts", "Action=GetCallerIdentity&Version=2011-06-15"));
    FRESHET_TRY(xml, parse_reply(reply));
    std::string name = "freshet-deploy-" + text_at(xml, "GetCallerIdentityResult/Account");
    std::string region = resolve_region(options_), body;
    if (region != "us-east-1")
        body = fmt::format(
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<LocationConstraint>{}</LocationConstraint></CreateBucketConfiguration>",
            region);
    auto created = call_rest(options_, "s3", "PUT", "/" + name, "", {}, body);
    if (!created.ok() && created.error().code != "BucketAlreadyOwnedByYou")
        return std::move(created).take_error();
    bucket_ = name;
    return name;
}

Result<S3Location> CodeUploader::upload(const fs::path& path) {
    if (auto it = done_.find(path); it != done_.end()) return it->second;
    FRESHET_TRY(zip, zip_local_path(path));
    FRESHET_TRY(name, bucket());
    S3Location at{name, crypto::sha256_hex(zip) + ".zip"};
    std::string target = "/" + at.bucket + "/" + at.key;
    auto head = call_rest(options_, "s3", "HEAD", target, "", {}, "");
    if (!head.ok()) {
        if (head.error().status != 404) return std::move(head).take_error();
        FRESHET_CHECK(call_rest(options_, "s3", "PUT", target, "",
                                {{"Content-Type", "application/zip"}}, std::move(zip)));
    }
    done_[path] = at;
    return at;
}

}  // namespace freshet::cli
