export {
  DynamoDbMessageRepository,
  type DynamoDbMessageRepositoryOptions,
  type RepositoryOperation,
} from './repository';
/** For consumers of the table's stream, which see raw items: which are messages, and their Message. */
export { fromMessageItem, isMessageItem } from './item';
