/** Injection token of the service's kafkajs client. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
