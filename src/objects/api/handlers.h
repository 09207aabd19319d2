// One handler per S3 action, each in api/<action>.cc.
#pragma once

#include "objects/api/common.h"

namespace freshet::objects {

void create_bucket(ObjectsService& svc, RequestContext& ctx, m::CreateBucketRequest in,
                   Reply<m::CreateBucketOutput> reply);
Result<NoOutput> head_bucket(ObjectsService& svc, RequestContext& ctx,
                             const m::HeadBucketRequest& in);
void delete_bucket(ObjectsService& svc, RequestContext& ctx, m::DeleteBucketRequest in,
                   Reply<NoOutput> reply);
Result<m::ListBucketsOutput> list_buckets(ObjectsService& svc, RequestContext& ctx,
                                          const NoInput& in);
Result<m::GetBucketLocationOutput> get_bucket_location(ObjectsService& svc, RequestContext& ctx,
                                                       const m::GetBucketLocationRequest& in);

void put_object(ObjectsService& svc, RequestContext& ctx, m::PutObjectRequest in,
                Reply<m::PutObjectOutput> reply);
Result<m::GetObjectOutput> get_object(ObjectsService& svc, RequestContext& ctx,
                                      const m::GetObjectRequest& in);
Result<m::HeadObjectOutput> head_object(ObjectsService& svc, RequestContext& ctx,
                                        const m::HeadObjectRequest& in);
void delete_object(ObjectsService& svc, RequestContext& ctx, m::DeleteObjectRequest in,
                   Reply<m::DeleteObjectOutput> reply);
void delete_objects(ObjectsService& svc, RequestContext& ctx, m::DeleteObjectsRequest in,
                    Reply<m::DeleteObjectsOutput> reply);
void copy_object(ObjectsService& svc, RequestContext& ctx, m::CopyObjectRequest in,
                 Reply<m::CopyObjectOutput> reply);
Result<m::ListObjectsV2Output> list_objects_v2(ObjectsService& svc, RequestContext& ctx,
                                               const m::ListObjectsV2Request& in);
Result<m::ListObjectsOutput> list_objects(ObjectsService& svc, RequestContext& ctx,
                                          const m::ListObjectsRequest& in);

void create_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                             m::CreateMultipartUploadRequest in,
                             Reply<m::CreateMultipartUploadOutput> reply);
void upload_part(ObjectsService& svc, RequestContext& ctx, m::UploadPartRequest in,
                 Reply<m::UploadPartOutput> reply);
void complete_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                               m::CompleteMultipartUploadRequest in,
                               Reply<m::CompleteMultipartUploadOutput> reply);
void abort_multipart_upload(ObjectsService& svc, RequestContext& ctx,
                            m::AbortMultipartUploadRequest in,
                            Reply<m::AbortMultipartUploadOutput> reply);
Result<m::ListPartsOutput> list_parts(ObjectsService& svc, RequestContext& ctx,
                                      const m::ListPartsRequest& in);
Result<m::ListMultipartUploadsOutput> list_multipart_uploads(
    ObjectsService& svc, RequestContext& ctx, const m::ListMultipartUploadsRequest& in);

}  // namespace freshet::objects
