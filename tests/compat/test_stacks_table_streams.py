"""A SAM stack built on a table's stream: AWS::DynamoDB::Table with a global secondary index, a
stream and time to live (the later reference templates turn TTL on for EventData), and an
AWS::Serverless::Function whose `DynamoDB` event copies every new item into a second table.
Checked through the services, then deleted."""
import pytest

from freshet_server import wait_for
from stacks_helpers import ALL_CAPS, failure_reasons, stack_name, upload_handler, wait_stack

COPIER = """
const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  for (const r of event.Records) {
    if (r.eventName !== 'INSERT') continue;
    const item = AWS.DynamoDB.Converter.unmarshall(r.dynamodb.NewImage);
    await doc.put({TableName: process.env.COPIES, Item: {id: item.id, kind: item.kind,
                                                         event: r.eventName}}).promise();
  }
  return event.Records.length;
};
"""

TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  CodeBucket: {Type: String}
  CodeKey: {Type: String}
Resources:
  Events:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
        - {AttributeName: kind, AttributeType: S}
      KeySchema:
        - {AttributeName: id, KeyType: HASH}
      GlobalSecondaryIndexes:
        - IndexName: ByKind
          KeySchema: [{AttributeName: kind, KeyType: HASH}]
          Projection: {ProjectionType: KEYS_ONLY}
      StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
      TimeToLiveSpecification: {AttributeName: ExpirationTime, Enabled: true}
  Copies:
    Type: AWS::Serverless::SimpleTable
  Copier:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Timeout: 10
      CodeUri: {Bucket: !Ref CodeBucket, Key: !Ref CodeKey}
      Environment:
        Variables: {COPIES: !Ref Copies}
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref Copies}
      Events:
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Events.StreamArn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
Outputs:
  Table: {Value: !Ref Events}
  Copies: {Value: !Ref Copies}
  StreamArn: {Value: !GetAtt Events.StreamArn}
"""


@pytest.fixture(scope="module")
def cfn(make_client):
    return make_client("cloudformation")


def test_a_table_stream_stack_copies_items_and_delete_removes_it(cfn, make_client):
    s3, ddb = make_client("s3"), make_client("dynamodb")
    upload_handler(s3, "freshet-tstream-code", "copier.zip", source=COPIER)
    name = stack_name("tstream")
    parameters = [{"ParameterKey": "CodeBucket", "ParameterValue": "freshet-tstream-code"},
                  {"ParameterKey": "CodeKey", "ParameterValue": "copier.zip"}]
    stack_id = cfn.create_stack(StackName=name, TemplateBody=TEMPLATE, Capabilities=ALL_CAPS,
                                Parameters=parameters)["StackId"]
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    table, copies = out["Table"], out["Copies"]

    desc = ddb.describe_table(TableName=table)["Table"]
    assert desc["LatestStreamArn"] == out["StreamArn"]
    assert desc["StreamSpecification"] == {"StreamEnabled": True,
                                           "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert [i["IndexName"] for i in desc["GlobalSecondaryIndexes"]] == ["ByKind"]
    ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ExpirationTime"}

    for i in range(12):
        ddb.put_item(TableName=table, Item={"id": {"S": "t%d" % i},
                                            "kind": {"S": "even" if i % 2 == 0 else "odd"}})
    wait_for(lambda: ddb.scan(TableName=copies, Select="COUNT")["Count"] == 12, timeout=30)
    copied = ddb.get_item(TableName=copies, Key={"id": {"S": "t3"}})["Item"]
    assert copied == {"id": {"S": "t3"}, "kind": {"S": "odd"}, "event": {"S": "INSERT"}}
    evens = ddb.query(TableName=table, IndexName="ByKind",
                      KeyConditionExpression="kind = :k",
                      ExpressionAttributeValues={":k": {"S": "even"}})["Items"]
    assert sorted(i["id"]["S"] for i in evens) == ["t0", "t10", "t2", "t4", "t6", "t8"]

    cfn.delete_stack(StackName=name)
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    for t in (table, copies):
        with pytest.raises(ddb.exceptions.ResourceNotFoundException):
            ddb.describe_table(TableName=t)
    assert make_client("lambda").list_event_source_mappings(
        EventSourceArn=out["StreamArn"])["EventSourceMappings"] == []
