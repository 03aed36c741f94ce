import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TABLE, defaultTableName, type Stage } from '@rez-agent/core';

export interface DataArgs {
  stage: Stage;
  /**
   * Prod: DynamoDB refuses to delete the table, Pulumi refuses to delete or replace it
   * (`protect`), and dropping it from the program leaves it in AWS (`retainOnDelete`).
   */
  deletionProtection: boolean;
}

/** The messages table, built from core's definition so the stack and the sandbox cannot drift. */
export class Data extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  /** The table's stream (both images), from which the stream function counts the metrics. */
  readonly streamArn: pulumi.Output<string>;
  /** The ARN of every index, for IAM statements that Query them. */
  readonly indexArn: (indexName: string) => pulumi.Output<string>;

  constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:data:Data', name, {}, opts);

    this.table = new aws.dynamodb.Table(
      'messages',
      {
        name: defaultTableName(args.stage),
        billingMode: TABLE.billingMode,
        hashKey: TABLE.partitionKey,
        rangeKey: TABLE.sortKey,
        attributes: TABLE.attributes.map((attribute) => ({ name: attribute, type: 'S' })),
        globalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
          name: index.name,
          hashKey: index.partitionKey,
          rangeKey: index.sortKey,
          projectionType: index.projectionType,
          ...(index.projectionType === 'INCLUDE' ? { nonKeyAttributes: [...index.nonKeyAttributes] } : {}),
        })),
        ttl: { attributeName: TABLE.ttlAttribute, enabled: true },
        // The stream function counts every change (TTL deletions included) off both images.
        streamEnabled: true,
        streamViewType: TABLE.streamViewType,
        pointInTimeRecovery: { enabled: true },
        // Encrypted with a KMS key (the AWS-managed aws/dynamodb key), not only the default owned key.
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.deletionProtection,
      },
      { parent: this, protect: args.deletionProtection, retainOnDelete: args.deletionProtection },
    );

    this.streamArn = this.table.streamArn;
    const tableArn = this.table.arn;
    this.indexArn = (indexName) => pulumi.interpolate`${tableArn}/index/${indexName}`;
    this.registerOutputs({ tableName: this.table.name, tableArn: this.table.arn });
  }
}
