export {
  DynamoDbMessageRepository,
  type DynamoDbMessageRepositoryOptions,
  type RepositoryOperation,
} from './repository';
