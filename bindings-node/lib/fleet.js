'use strict';
// Many processes, one merchant: exactly-once event handling and the reconciler for lost
// webhooks. The stores, locks, polling and dedupe keys are the core's; this file only awaits the
// native tasks and runs the handler loop.

const native = require('./native.js');
const { fromNative, guard } = require('./errors.js');
const { fail, describe, str, optStr, optNum, options } = require('./util.js');
const { nativeClient } = require('./client.js');
const { VerifiedEvent } = require('./webhook.js');

async function settle(start) {
  let text;
  try {
    text = await start();
  } catch (err) {
    throw fromNative(err);
  }
  return JSON.parse(text);
}

/**
 * Claims event keys so that each event is processed by exactly one worker across every process
 * sharing the store: `claim(key)` resolves `true` for exactly one caller until `release(key)` or
 * the TTL (default 7 days).
 */
class EventDeduplicator {
  #native;

  /** `url`: `memory` (default), `file:///dir` or `redis://host:port/db`. */
  constructor(url = 'memory', opts) {
    const o = options('options', opts);
    const args = [str('url', url), optNum('ttlMs', o.ttlMs), optStr('namespace', o.namespace), optNum('timeoutMs', o.timeoutMs)];
    this.#native = guard(() => new native.NativeDeduplicator(...args));
  }

  /** Resolves `true` for exactly one caller per key; `false`: another worker has (or had) it. */
  async claim(key) {
    const k = str('key', key);
    return settle(() => this.#native.claim(k));
  }

  /** Gives the key up (call it when processing failed, so the retry is processed). */
  async release(key) {
    const k = str('key', key);
    await settle(() => this.#native.release(k));
  }

  /** The store URL, without its password. */
  get url() {
    return this.#native.url;
  }

  /** How long a claim holds, in milliseconds. */
  get ttlMs() {
    return this.#native.ttlMs;
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `EventDeduplicator { url: ${JSON.stringify(this.url)}, ttlMs: ${this.ttlMs} }`;
  }
}

const KINDS = ['order', 'refund', 'settlement'];

function kind(k) {
  if (!KINDS.includes(k)) throw fail(`kind must be one of ${KINDS.join(', ')}, got ${describe(k)}`);
  return k;
}

function toPoll(p) {
  return {
    events: p.events.map((e) => new VerifiedEvent(e.event, e.raw)),
    failures: p.failures.map((f) => ({ watched: f.watched, error: fromNative(f.error) })),
    expired: p.expired,
    polled: p.polled,
    deferred: p.deferred,
    skipped: p.skipped,
  };
}

/**
 * Polls the orders, refunds and settlements you wait on and reports their status changes as the
 * same events a webhook would carry (same `dedupeKey`): the safety net for lost webhooks.
 */
class Reconciler {
  #native;

  /** `store`: where the watch list lives (`memory`, `file:///dir`, `redis://…`); `maxAgeMs` (default 2 h); `concurrency` (default 4). */
  constructor(client, opts) {
    const nc = nativeClient(client);
    if (nc === undefined) throw fail(`client must be a wcheckout Client, got ${describe(client)}`);
    const o = options('options', opts);
    const args = [optStr('store', o.store), optNum('maxAgeMs', o.maxAgeMs), optNum('concurrency', o.concurrency)];
    this.#native = guard(() => new native.NativeReconciler(nc, ...args));
  }

  /** Waits on a payment order (until it is no longer PAYING). */
  async watchOrder(orderNo) {
    await this.#watch('order', str('orderNo', orderNo));
  }

  /** Waits on a refund order (until it is final). */
  async watchRefund(refundOrderNo) {
    await this.#watch('refund', str('refundOrderNo', refundOrderNo));
  }

  /** Waits on a settlement order (until it is final). */
  async watchSettlement(settlementOrderNo) {
    await this.#watch('settlement', str('settlementOrderNo', settlementOrderNo));
  }

  async #watch(k, number) {
    await settle(() => this.#native.watch(k, number));
  }

  /** Stops waiting on an object; resolves `true` if it was watched. */
  async unwatch(k, number) {
    const args = [kind(k), str('number', number)];
    return settle(() => this.#native.unwatch(...args));
  }

  /** Every object waited on: `{kind, number, addedAtMs, lastStatus}`. */
  async watched() {
    return settle(() => this.#native.watched());
  }

  /** Looks every watched object up once; acknowledges nothing (see `ack`). */
  async poll() {
    return toPoll(await settle(() => this.#native.poll()));
  }

  /** Records that an event (from `poll` or a webhook) was handled: its object stops being polled once final. */
  async ack(event) {
    if (event === null || typeof event !== 'object' || typeof event.dedupeKey !== 'string') {
      throw fail(`event must be an event with a dedupeKey, got ${describe(event)}`);
    }
    await settle(() => this.#native.ack(event.dedupeKey));
  }

  /**
   * Polls and awaits `handler(event)` for each event; an event is acknowledged when its handler
   * resolves and reported again by the next run when it throws. Without a handler every event is
   * acknowledged at once. After the run, the first handler error is rethrown.
   */
  async runOnce(handler) {
    if (handler !== undefined && typeof handler !== 'function') throw fail(`handler must be a function, got ${describe(handler)}`);
    const poll = await this.poll();
    let firstError;
    for (const event of poll.events) {
      try {
        if (handler !== undefined) await handler(event);
        await this.ack(event);
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
    return poll;
  }

  /**
   * Runs `runOnce(handler)` every `intervalMs` until `stop()` on the returned handle. Errors go to
   * `onError` (default: a console warning) and the loop goes on.
   */
  runForever(intervalMs, handler, opts) {
    if (typeof intervalMs !== 'number' || !(intervalMs > 0)) throw fail(`intervalMs must be a positive number, got ${describe(intervalMs)}`);
    if (typeof handler !== 'function') throw fail(`handler must be a function, got ${describe(handler)}`);
    const onError = options('options', opts).onError ?? ((err) => console.warn(`wcheckout reconciler: ${err.message}`));
    let stopped = false;
    let timer;
    let wake;
    const done = (async () => {
      while (!stopped) {
        try {
          await this.runOnce(handler);
        } catch (err) {
          onError(err);
        }
        if (stopped) break;
        await new Promise((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, intervalMs);
        });
      }
    })();
    return {
      /** Stops the loop (after the run in progress) and resolves when it has ended. */
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        wake?.();
        await done;
      },
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'Reconciler {}';
  }
}

module.exports = { EventDeduplicator, Reconciler };
