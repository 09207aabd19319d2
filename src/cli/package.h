// Packaging for `freshet deploy`, as `aws cloudformation package` does it: every function whose
// code is a local path (a SAM function's CodeUri, also Globals.Function.CodeUri, or a Lambda
// function's Code given as a string) has that path zipped and uploaded to the bucket
// freshet-deploy-<account id>, and the template is rewritten to point at the upload.
//
// YAML templates are rewritten in place: yaml-cpp finds the values, and only their bytes are
// replaced, so comments, layout and short-form tags (!Ref, !GetAtt) survive exactly (yaml-cpp
// cannot write tags back faithfully). JSON templates are parsed, changed and serialized.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/result.h"

namespace freshet::cli {

struct LocalCode {
    std::string resource;  // logical id, or "Globals" for Globals.Function.CodeUri
    bool sam = false;      // CodeUri: becomes "s3://b/k"; else Code: becomes {S3Bucket, S3Key}
    std::string path;      // as written in the template
    // YAML only: the value's bytes in the text, and whether it ends at a flow indicator
    // (`{CodeUri: ./src, ...}`), where the replacement is quoted.
    size_t offset = 0, length = 0;
    bool flow = false;
};

struct S3Location {
    std::string bucket, key;
};

// The local code of a YAML template, in the order it appears; none when the text is not YAML
// (CloudFormation reports that). ValidationError when a local path is not a scalar written on
// one line: it cannot be replaced without re-emitting the document.
Result<std::vector<LocalCode>> find_local_code_yaml(const std::string& text);
// `text` with each entry's value replaced by its location (same order as `code`).
std::string rewrite_yaml(std::string text, const std::vector<LocalCode>& code,
                         const std::vector<S3Location>& where);
// The same for a JSON template (the text must be a JSON object; ValidationError otherwise).
Result<std::vector<LocalCode>> find_local_code_json(const std::string& text);
Result<std::string> rewrite_json(const std::string& text, const std::vector<LocalCode>& code,
                                 const std::vector<S3Location>& where);

// The zip of a local path: a folder zipped recursively (entries sorted, times fixed and modes
// kept, so the same files always give the same bytes and the same key), a .zip or .jar file
// as it is, any other file zipped alone. ValidationError when the path does not exist.
Result<std::string> zip_local_path(const std::filesystem::path& path);

// Uploads zips to freshet-deploy-<account id> (STS GetCallerIdentity), creating the bucket on
// first use, at key "<sha256 of the zip>.zip"; an object already there is not sent again. Not
// thread-safe.
class CodeUploader {
  public:
    explicit CodeUploader(const ClientOptions& options) : options_(options) {}
    // Zips (when needed) and uploads the path; each path is zipped and uploaded once.
    Result<S3Location> upload(const std::filesystem::path& path);

  private:
    Result<std::string> bucket();

    const ClientOptions& options_;
    std::optional<std::string> bucket_;
    std::map<std::filesystem::path, S3Location> done_;
};

// Packages a template read from a file in `template_dir` (local paths are relative to it):
// returns the rewritten text, or `text` itself when no code is local. Says what it uploads on
// stderr.
Result<std::string> package_template(const ClientOptions& options,
                                     const std::filesystem::path& template_dir,
                                     const std::string& text);

}  // namespace freshet::cli
