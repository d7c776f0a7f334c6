import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importExternal } from '@mlops-actions/common';
import type Database from 'better-sqlite3';
import type { DispatchRequest } from '../dispatcher.js';

/** One queued evaluation to dispatch. */
export interface QueuedEvent {
  id: number;
  deliveryId: string;
  request: DispatchRequest;
  receivedAt: number;
  attempts: number;
}

/** What storing a delivery did. */
export type Stored = 'queued' | 'coalesced' | 'recorded' | 'replayed';

export interface Arrival {
  deliveryId: string;
  /** The dispatch it asks for; undefined for a delivery that is only recorded (filtered out). */
  request: DispatchRequest | undefined;
}

interface EventRow {
  id: number;
  delivery_id: string;
  model_name: string;
  version: number;
  event: string;
  received_at: number;
  attempts: number;
}

/**
 * The relay's durable state in SQLite (WAL, synchronous=FULL: a delivery answered 2xx survives a crash or power loss):
 * the delivery ids seen (replay protection) and the queue of dispatches with their retry schedule. Arrivals that come
 * together are written in one transaction — one disk flush for many deliveries (group commit).
 */
export class RelayQueue {
  private readonly db: Database.Database;
  private readonly statements;
  private waiting: { arrival: Arrival; now: number; resolve: (stored: Stored) => void; reject: (error: unknown) => void }[] = [];
  private flushScheduled = false;

  /** Opens (creating when new) the queue's database under dataDir. */
  static async open(dataDir: string): Promise<RelayQueue> {
    const { default: Sqlite } = await importExternal<{ default: typeof Database }>('better-sqlite3');
    mkdirSync(dataDir, { recursive: true });
    return new RelayQueue(new Sqlite(join(dataDir, 'relay.sqlite')));
  }

  private constructor(db: Database.Database) {
    this.db = db;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS deliveries (
        delivery_id TEXT PRIMARY KEY,
        received_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL,
        model_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        event TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dispatched', 'abandoned')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        target TEXT,
        finished_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at);
      CREATE INDEX IF NOT EXISTS events_pending ON events (model_name, version, event) WHERE state = 'pending';
    `);
    this.statements = {
      seen: this.db.prepare('INSERT OR IGNORE INTO deliveries (delivery_id, received_at) VALUES (?, ?)'),
      pendingTwin: this.db.prepare(`SELECT 1 FROM events WHERE state = 'pending' AND model_name = ? AND version = ? AND event = ?`),
      enqueue: this.db.prepare(
        'INSERT INTO events (delivery_id, model_name, version, event, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      due: this.db.prepare<[number, number], EventRow>(
        `SELECT id, delivery_id, model_name, version, event, received_at, attempts FROM events
         WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      nextDue: this.db.prepare<[], { at: number | null }>(`SELECT MIN(next_attempt_at) AS at FROM events WHERE state = 'pending'`),
      dispatched: this.db.prepare(
        `UPDATE events SET state = 'dispatched', attempts = attempts + 1, target = ?, finished_at = ? WHERE id = ?`,
      ),
      retry: this.db.prepare('UPDATE events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?'),
      abandon: this.db.prepare(
        `UPDATE events SET state = 'abandoned', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?`,
      ),
      counts: this.db.prepare<[], { state: string; count: number }>('SELECT state, COUNT(*) AS count FROM events GROUP BY state'),
      allDue: this.db.prepare(`UPDATE events SET next_attempt_at = ? WHERE state = 'pending'`),
      pendingCount: this.db.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM events WHERE state = 'pending'`),
      oldestPending: this.db.prepare<[], { at: number | null }>(`SELECT MIN(received_at) AS at FROM events WHERE state = 'pending'`),
      prune: this.db.prepare('DELETE FROM deliveries WHERE received_at < ?'),
      pruneFinished: this.db.prepare(`DELETE FROM events WHERE state != 'pending' AND finished_at < ?`),
    };
  }

  /**
   * Stores a verified delivery durably; resolves once it is on disk. `replayed`: the delivery id was already accepted
   * (nothing stored); `coalesced`: the same dispatch is already waiting in the queue.
   */
  store(arrival: Arrival, now: number): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ arrival, now, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.waiting;
    this.waiting = [];
    let outcomes: Stored[];
    try {
      outcomes = this.db.transaction(() =>
        batch.map(({ arrival, now }): Stored => {
          if (this.statements.seen.run(arrival.deliveryId, now).changes === 0) return 'replayed';
          const request = arrival.request;
          if (!request) return 'recorded';
          if (this.statements.pendingTwin.get(request.modelName, request.version, request.event)) return 'coalesced';
          this.statements.enqueue.run(arrival.deliveryId, request.modelName, request.version, request.event, now, now);
          return 'queued';
        }),
      )();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    batch.forEach((waiter, index) => waiter.resolve(outcomes[index]!));
  }

  /** Pending events whose next attempt is due, earliest first. */
  due(now: number, limit: number): QueuedEvent[] {
    return this.statements.due.all(now, limit).map((row) => ({
      id: row.id,
      deliveryId: row.delivery_id,
      request: { modelName: row.model_name, version: row.version, event: row.event },
      receivedAt: row.received_at,
      attempts: row.attempts,
    }));
  }

  /** When the next pending event is due, if any. */
  nextDueAt(): number | undefined {
    return this.statements.nextDue.get()?.at ?? undefined;
  }

  markDispatched(id: number, target: string, now: number): void {
    this.statements.dispatched.run(target, now, id);
  }

  markRetry(id: number, error: string, nextAttemptAt: number): void {
    this.statements.retry.run(error, nextAttemptAt, id);
  }

  markAbandoned(id: number, error: string, now: number): void {
    this.statements.abandon.run(error, now, id);
  }

  /** Makes every pending event due at `now`; returns how many there are. */
  makeAllDue(now: number): number {
    return this.statements.allDue.run(now).changes;
  }

  /** Events waiting to be dispatched. */
  pendingCount(): number {
    return this.statements.pendingCount.get()!.count;
  }

  /** Events by state, and when the oldest pending one arrived. */
  stats(): { pending: number; dispatched: number; abandoned: number; oldestPendingAt: number | undefined } {
    const counts = { pending: 0, dispatched: 0, abandoned: 0 };
    for (const row of this.statements.counts.all()) counts[row.state as keyof typeof counts] = row.count;
    return { ...counts, oldestPendingAt: this.statements.oldestPending.get()?.at ?? undefined };
  }

  /** Forgets delivery ids older than `deliveriesBefore` (their timestamps are stale by then) and finished events before `eventsBefore`. */
  prune(deliveriesBefore: number, eventsBefore: number): void {
    this.statements.prune.run(deliveriesBefore);
    this.statements.pruneFinished.run(eventsBefore);
  }

  close(): void {
    this.db.close();
  }
}
