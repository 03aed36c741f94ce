export { SnsMessagePublisher, type SnsMessagePublisherOptions } from './sns-message-publisher';
