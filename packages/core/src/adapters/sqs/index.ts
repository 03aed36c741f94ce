export { SqsDeliveryQueue, type SqsDeliveryQueueOptions } from './sqs-delivery-queue';
