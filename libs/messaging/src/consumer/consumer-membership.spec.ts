import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { ConsumerMembership } from './consumer-membership';

const EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
};

/** Just the instrumentation-event surface of a kafkajs consumer. */
function fakeConsumer(): { consumer: Consumer; emit: (event: string, payload?: unknown) => void } {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (e: { payload: unknown }) => void) =>
      emitter.on(event, (payload: unknown) => listener({ payload })),
  } as unknown as Consumer;
  return { consumer, emit: (event, payload = {}) => emitter.emit(event, payload) };
}

describe('ConsumerMembership', () => {
  it('is joined only from GROUP_JOIN until a crash, a rebalance, a disconnect or a stop', () => {
    for (const leave of [EVENTS.REBALANCING, EVENTS.DISCONNECT, EVENTS.STOP]) {
      const membership = new ConsumerMembership();
      const { consumer, emit } = fakeConsumer();
      membership.attach(consumer);
      expect(membership.state.joined).toBe(false);
      emit(EVENTS.GROUP_JOIN);
      expect(membership.state).toEqual({ joined: true });
      emit(leave);
      expect(membership.state.joined).toBe(false);
    }
  });

  it('reports a crash kafkajs restarts from until the consumer rejoins, then clears it', () => {
    const membership = new ConsumerMembership();
    const { consumer, emit } = fakeConsumer();
    membership.attach(consumer);
    emit(EVENTS.GROUP_JOIN);
    emit(EVENTS.CRASH, { error: new Error('Connection refused'), restart: true });
    expect(membership.state).toEqual({ joined: false, error: 'Connection refused (restarting)' });
    emit(EVENTS.GROUP_JOIN);
    expect(membership.state).toEqual({ joined: true });
  });
});
