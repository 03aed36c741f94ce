import { describe, expect, it } from '@jest/globals';
import { TABLE, defaultTableName } from '@rez-agent/core';
import { TYPES, field, named, ofType, type Inputs } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** The table, the topic, the queues and their wiring. */
export function describeStorageAndMessaging({ stage, run, prefix, config }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  describe(`${stage} stack: data`, () => {
    it('builds the table from core’s definition, on demand, with TTL, PITR and encryption', () => {
      const table = named(run(), TYPES.table, defaultTableName(stage));
      expect(table).toMatchObject({
        billingMode: 'PAY_PER_REQUEST',
        hashKey: TABLE.partitionKey,
        rangeKey: TABLE.sortKey,
        ttl: { attributeName: TABLE.ttlAttribute, enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      });
      expect(field<Inputs[]>(table, 'attributes').map((attribute) => attribute.name)).toEqual([...TABLE.attributes]);
      expect(table.globalSecondaryIndexes).toEqual(
        TABLE.globalSecondaryIndexes.map((index) => ({
          name: index.name,
          hashKey: index.partitionKey,
          rangeKey: index.sortKey,
          projectionType: index.name === 'by_due' ? 'ALL' : 'INCLUDE',
          ...(index.name === 'by_due' ? {} : { nonKeyAttributes: [...index.nonKeyAttributes] }),
        })),
      );
    });

    it('streams both images of every change, for the stream function to count', () => {
      expect(named(run(), TYPES.table, defaultTableName(stage))).toMatchObject({ streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' });
    });

    it(`sets deletion protection ${stage === 'prod' ? 'on' : 'off'}`, () => {
      expect(named(run(), TYPES.table, defaultTableName(stage)).deletionProtectionEnabled).toBe(stage === 'prod');
    });

    it(`${stage === 'prod' ? 'protects' : 'does not protect'} the table in Pulumi and ${stage === 'prod' ? 'keeps' : 'does not keep'} it in AWS when dropped from the program`, () => {
      const [table] = ofType(run(), TYPES.table);
      expect(table?.options).toEqual({ protect: stage === 'prod', retainOnDelete: stage === 'prod' });
    });
  });

  describe(`${stage} stack: messaging`, () => {
    const queue = () => named(run(), TYPES.queue, `${prefix}-messages`);
    const dlq = () => named(run(), TYPES.queue, `${prefix}-messages-dlq`);

    it('encrypts the topic and both queues', () => {
      expect(named(run(), TYPES.topic, `${prefix}-messages`).kmsMasterKeyId).toBe('alias/aws/sns');
      expect(queue().sqsManagedSseEnabled).toBe(true);
      expect(dlq().sqsManagedSseEnabled).toBe(true);
    });

    it('keeps messages 14 days and redrives to the DLQ after maxReceiveCount', () => {
      expect(queue().messageRetentionSeconds).toBe(14 * 86_400);
      expect(dlq().messageRetentionSeconds).toBe(14 * 86_400);
      expect(JSON.parse(String(queue().redrivePolicy))).toEqual({
        deadLetterTargetArn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages-dlq`,
        maxReceiveCount: config.maxReceiveCount,
      });
    });

    it('sets the visibility timeout to at least 6 × the processor timeout', () => {
      const processor = named(run(), TYPES.function, `${prefix}-processor`);
      expect(queue().visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * (processor.timeout as number));
    });

    it('lets only this topic send to the queue', () => {
      const [policy] = ofType(run(), TYPES.queuePolicy);
      const statements = (JSON.parse(String(policy?.inputs.policy)) as { Statement: Inputs[] }).Statement;
      expect(statements).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`],
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages` } },
        }),
      ]);
    });

    it('subscribes the queue to the topic', () => {
      expect(ofType(run(), TYPES.subscription).map((resource) => resource.inputs)).toContainEqual(
        expect.objectContaining({
          protocol: 'sqs',
          topic: `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`,
          endpoint: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`,
        }),
      );
    });
  });
}
