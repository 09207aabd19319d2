// SAM policy templates (samtranslator/policy_templates_data/policy_templates.json): each is a
// policy document whose {"Ref": Parameter} placeholders take the values given in the
// function's Policies entry, as SAM's policy-template plugin does before the role is built.
// The actions and resources below are SAM's, template by template.
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

struct PolicyTemplate {
    std::string_view name;
    std::vector<std::string_view> parameters;
    std::string_view definition;  // JSON
};

// An ARN pattern with one parameter, in SAM's Fn::Sub form.
#define SAM_SUB1(pattern, var, param) \
    R"({"Fn::Sub":[")" pattern R"(",{")" var R"(":{"Ref":")" param R"("}}]})"
#define SAM_ALLOW(actions, resource) \
    R"({"Effect":"Allow","Action":[)" actions R"(],"Resource":)" resource "}"
#define SAM_DOC(statements) R"({"Statement":[)" statements "]}"

#define DDB_TABLE                                                                                  \
    SAM_SUB1("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}", \
             "tableName", "TableName")
#define DDB_INDEX                                                                             \
    SAM_SUB1(                                                                                 \
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/" \
        "index/*",                                                                            \
        "tableName", "TableName")
#define S3_BUCKET SAM_SUB1("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", "BucketName")
#define S3_OBJECTS \
    SAM_SUB1("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", "BucketName")
#define KINESIS_STREAM                                                                         \
    SAM_SUB1(                                                                                  \
        "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}", \
        "streamName", "StreamName")
#define SQS_QUEUE                                                                       \
    SAM_SUB1("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}", \
             "queueName", "QueueName")

const std::vector<PolicyTemplate>& templates() {
    static const std::vector<PolicyTemplate> t = {
        {"DynamoDBCrudPolicy",
         {"TableName"},
         SAM_DOC(SAM_ALLOW(
             R"("dynamodb:GetItem","dynamodb:DeleteItem","dynamodb:PutItem","dynamodb:Scan","dynamodb:Query","dynamodb:UpdateItem","dynamodb:BatchWriteItem","dynamodb:BatchGetItem","dynamodb:DescribeTable","dynamodb:ConditionCheckItem")",
             "[" DDB_TABLE "," DDB_INDEX "]"))},
        {"DynamoDBReadPolicy",
         {"TableName"},
         SAM_DOC(SAM_ALLOW(
             R"("dynamodb:GetItem","dynamodb:Scan","dynamodb:Query","dynamodb:BatchGetItem","dynamodb:DescribeTable")",
             "[" DDB_TABLE "," DDB_INDEX "]"))},
        {"DynamoDBWritePolicy",
         {"TableName"},
         SAM_DOC(SAM_ALLOW(R"("dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:BatchWriteItem")",
                           "[" DDB_TABLE "," DDB_INDEX "]"))},
        {"DynamoDBStreamReadPolicy",
         {"TableName", "StreamName"},
         SAM_DOC(
             SAM_ALLOW(R"("dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator")", R"({"Fn::Sub":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/${streamName}",{"streamName":{"Ref":"StreamName"},"tableName":{"Ref":"TableName"}}]})") "," SAM_ALLOW(
                 R"("dynamodb:ListStreams")",
                 SAM_SUB1("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/"
                          "${tableName}/stream/*",
                          "tableName", "TableName")))},
        {"KinesisCrudPolicy",
         {"StreamName"},
         SAM_DOC(SAM_ALLOW(
             R"("kinesis:AddTagsToStream","kinesis:CreateStream","kinesis:DecreaseStreamRetentionPeriod","kinesis:DeleteStream","kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetShardIterator","kinesis:IncreaseStreamRetentionPeriod","kinesis:ListTagsForStream","kinesis:MergeShards","kinesis:PutRecord","kinesis:PutRecords","kinesis:SplitShard","kinesis:RemoveTagsFromStream")",
             KINESIS_STREAM))},
        {"KinesisStreamReadPolicy",
         {"StreamName"},
         SAM_DOC(
             SAM_ALLOW(R"("kinesis:ListStreams","kinesis:DescribeLimits")", R"({"Fn::Sub":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*"})") "," SAM_ALLOW(
                 R"("kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator")",
                 KINESIS_STREAM))},
        {"S3ReadPolicy",
         {"BucketName"},
         SAM_DOC(SAM_ALLOW(
             R"("s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:GetLifecycleConfiguration")",
             "[" S3_BUCKET "," S3_OBJECTS "]"))},
        {"S3CrudPolicy",
         {"BucketName"},
         SAM_DOC(SAM_ALLOW(
             R"("s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:PutObject","s3:PutObjectAcl","s3:GetLifecycleConfiguration","s3:PutLifecycleConfiguration","s3:DeleteObject")",
             "[" S3_BUCKET "," S3_OBJECTS "]"))},
        {"S3WritePolicy",
         {"BucketName"},
         SAM_DOC(SAM_ALLOW(R"("s3:PutObject","s3:PutObjectAcl","s3:PutLifecycleConfiguration")",
                           "[" S3_BUCKET "," S3_OBJECTS "]"))},
        {"LambdaInvokePolicy",
         {"FunctionName"},
         SAM_DOC(SAM_ALLOW(R"("lambda:InvokeFunction")",
                           SAM_SUB1("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:"
                                    "function:${functionName}*",
                                    "functionName", "FunctionName")))},
        {"CloudWatchPutMetricPolicy",
         {},
         SAM_DOC(SAM_ALLOW(R"("cloudwatch:PutMetricData")", R"("*")"))},
        {"SQSPollerPolicy",
         {"QueueName"},
         SAM_DOC(SAM_ALLOW(
             R"("sqs:ChangeMessageVisibility","sqs:ChangeMessageVisibilityBatch","sqs:DeleteMessage","sqs:DeleteMessageBatch","sqs:GetQueueAttributes","sqs:ReceiveMessage")",
             SQS_QUEUE))},
        {"SQSSendMessagePolicy",
         {"QueueName"},
         SAM_DOC(SAM_ALLOW(R"("sqs:SendMessage*")", SQS_QUEUE))},
        {"SNSPublishMessagePolicy",
         {"TopicName"},
         SAM_DOC(SAM_ALLOW(
             R"("sns:Publish")",
             SAM_SUB1("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}",
                      "topicName", "TopicName")))},
    };
    return t;
}

const PolicyTemplate* find_template(std::string_view name) {
    for (const auto& t : templates())
        if (t.name == name) return &t;
    return nullptr;
}

// Replaces {"Ref": P} for the template's own parameters P (and only those).
json::value substitute(const json::value& v, const json::object& values) {
    if (v.is_array()) {
        json::array out;
        for (const auto& e : v.get_array()) out.push_back(substitute(e, values));
        return out;
    }
    if (!v.is_object()) return v;
    const json::object& o = v.get_object();
    if (o.size() == 1 && o.contains("Ref") && o.at("Ref").is_string())
        if (const json::value* r = values.if_contains(o.at("Ref").get_string())) return *r;
    json::object out;
    for (const auto& kv : o) out[kv.key()] = substitute(kv.value(), values);
    return out;
}

Result<json::value> convert(const std::string& id, const json::object& entry) {
    const auto& [name, values] = *entry.begin();
    const PolicyTemplate* t = find_template(name);
    if (!values.is_object())
        return invalid_resource(id, "Must specify valid parameter values for policy template '" +
                                        std::string(name) + "'");
    std::vector<std::string> missing;
    json::object used;
    for (auto p : t->parameters) {
        if (const json::value* v = values.get_object().if_contains(p))
            used[p] = *v;
        else
            missing.emplace_back(p);
    }
    if (!missing.empty())
        return invalid_resource(id, "Following required parameters of template '" +
                                        std::string(name) +
                                        "' don't have values: " + python_list(missing));
    return substitute(json::parse(t->definition), used);
}

bool is_template_entry(const json::value& v) {
    return v.is_object() && v.get_object().size() == 1 && !is_intrinsic(v) &&
           is_policy_template(v.get_object().begin()->key());
}

}  // namespace

bool is_policy_template(std::string_view name) {
    return find_template(name) != nullptr;
}

Result<json::value> expand_policy_templates(const std::string& id, const json::value& policies) {
    json::array list;
    if (policies.is_array())
        list = policies.get_array();
    else
        list.push_back(policies);
    json::array out;
    for (const auto& p : list) {
        if (is_template_entry(p)) {
            FRESHET_TRY(doc, convert(id, p.get_object()));
            out.push_back(std::move(doc));
        } else if (p.is_object() && p.get_object().contains("Fn::If") &&
                   p.get_object().at("Fn::If").is_array() &&
                   p.get_object().at("Fn::If").get_array().size() == 3) {
            json::array branches = p.get_object().at("Fn::If").get_array();
            for (size_t i = 1; i < 3; ++i) {
                if (!is_template_entry(branches[i])) continue;
                FRESHET_TRY(doc, convert(id, branches[i].get_object()));
                branches[i] = std::move(doc);
            }
            out.push_back(json::object{{"Fn::If", std::move(branches)}});
        } else {
            out.push_back(p);
        }
    }
    return json::value(std::move(out));
}

}  // namespace freshet::stacks::sam
