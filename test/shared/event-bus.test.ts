import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/shared/event-bus.js';

interface TestEvents {
  tick: { readonly n: number };
  other: { readonly s: string };
  notice: { readonly message: string };
}

/** Resolves once the microtasks (and promise jobs) queued so far have run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createEventBus', () => {
  it('calls listeners synchronously, in subscription order, until they unsubscribe', () => {
    const bus = createEventBus<TestEvents>();
    const seen: string[] = [];
    const offA = bus.on('tick', ({ n }) => void seen.push(`a${n}`));
    bus.on('tick', ({ n }) => void seen.push(`b${n}`));
    bus.on('other', ({ s }) => void seen.push(s));
    bus.emit('tick', { n: 1 });
    offA();
    bus.emit('tick', { n: 2 });
    bus.emit('other', { s: 'x' });
    expect(seen).toEqual(['a1', 'b1', 'b2', 'x']);
  });

  it('reports a throwing listener once as a notice; the other listeners and later emits go on', () => {
    const bus = createEventBus<TestEvents>();
    const notices: string[] = [];
    const after: number[] = [];
    bus.on('notice', ({ message }) => void notices.push(message));
    bus.on('tick', () => {
      throw new Error('dashboard broke');
    });
    bus.on('tick', ({ n }) => void after.push(n));
    expect(() => {
      bus.emit('tick', { n: 1 });
      bus.emit('tick', { n: 2 });
    }).not.toThrow();
    expect(after).toEqual([1, 2]);
    expect(notices).toEqual(["listener for 'tick' failed: dashboard broke"]);
  });

  it('reports a rejecting async listener once as a notice, without an unhandled rejection', async () => {
    const bus = createEventBus<TestEvents>();
    const notices: string[] = [];
    bus.on('notice', ({ message }) => void notices.push(message));
    bus.on('tick', async ({ n }) => {
      await Promise.resolve();
      throw new Error(`late ${n > 0 ? 'failure' : ''}`);
    });
    bus.emit('tick', { n: 1 });
    bus.emit('tick', { n: 2 });
    expect(notices).toEqual([]); // not yet: the rejection comes after emit returned
    await settle();
    expect(notices).toEqual(["listener for 'tick' failed: late failure"]);
  });

  it('never recurses: a throwing notice listener goes to the fallback, once', () => {
    const fallback: string[] = [];
    const bus = createEventBus<TestEvents>({ fallback: (m) => void fallback.push(m) });
    const printed: string[] = [];
    bus.on('notice', () => {
      throw new Error('audit disk full');
    });
    bus.on('notice', ({ message }) => void printed.push(message));
    bus.on('tick', () => {
      throw new Error('boom');
    });
    bus.emit('tick', { n: 1 });
    bus.emit('tick', { n: 2 });
    bus.emit('notice', { message: 'plain' });
    expect(printed).toEqual(["listener for 'tick' failed: boom", 'plain']);
    expect(fallback).toEqual(["listener for 'notice' failed: audit disk full"]);
  });

  it('an emit with no listeners is a no-op', () => {
    const bus = createEventBus<TestEvents>();
    expect(() => bus.emit('other', { s: 'nobody' })).not.toThrow();
  });
});
