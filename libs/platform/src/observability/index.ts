export * from './observability.module';
export * from './observability-settings';
export * from './signing-metrics';
export * from './broker-probe';
export { watchMessaging, type MessagingSource } from './messaging-gauges';
