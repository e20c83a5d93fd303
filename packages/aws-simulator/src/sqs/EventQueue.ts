import { createHash, randomUUID } from 'node:crypto';

/** One message on the queue, as SQS hands it out. */
export interface QueueMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
}

interface Stored {
  id: string;
  body: string;
  md5: string;
  /** Hidden until then after a receive (the visibility timeout). */
  invisibleUntil: number;
  receipt?: string;
}

/**
 * The simulator's own SQS queue (`s3-posture-events`): what EventBridge would deliver from
 * CloudTrail for every bucket write the simulator applies. Standard-queue semantics that
 * matter to a consumer: long polling, a visibility timeout, delete by receipt handle.
 */
export class EventQueue {
  static readonly NAME = 's3-posture-events';
  private readonly messages: Stored[] = [];
  private waiters = new Set<() => void>();
  private closed = false;
  /** Messages ever sent, for tests. */
  sent = 0;

  send(body: string): string {
    const id = randomUUID();
    this.messages.push({
      id,
      body,
      md5: createHash('md5').update(body).digest('hex'),
      invisibleUntil: 0,
    });
    this.sent++;
    for (const wake of this.waiters) wake();
    return id;
  }

  /** Up to `max` visible messages, waiting up to `waitMs` for the first (long polling). */
  async receive(options: {
    max: number;
    waitMs: number;
    visibilityMs: number;
  }): Promise<QueueMessage[]> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const now = Date.now();
      const visible = this.messages
        .filter(m => m.invisibleUntil <= now)
        .slice(0, Math.max(1, Math.min(10, options.max)));
      if (visible.length > 0 || now >= deadline || this.closed) {
        return visible.map(m => {
          m.invisibleUntil = now + options.visibilityMs;
          m.receipt = randomUUID();
          return {
            MessageId: m.id,
            ReceiptHandle: m.receipt,
            MD5OfBody: m.md5,
            Body: m.body,
          };
        });
      }
      await this.wait(Math.min(deadline - now, this.nextVisibleIn(now)));
    }
  }

  /** Deletes the message last received with this handle; false when there is none. */
  delete(receiptHandle: string): boolean {
    const index = this.messages.findIndex(m => m.receipt === receiptHandle);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    return true;
  }

  /** Messages waiting (visible) and in flight (received, not deleted). */
  counts(): { visible: number; inFlight: number } {
    const now = Date.now();
    const visible = this.messages.filter(m => m.invisibleUntil <= now).length;
    return { visible, inFlight: this.messages.length - visible };
  }

  /** Ends every long poll at once (the simulator is stopping). */
  close(): void {
    this.closed = true;
    for (const wake of this.waiters) wake();
  }

  private nextVisibleIn(now: number): number {
    const hidden = this.messages.map(m => m.invisibleUntil - now);
    return hidden.length > 0 ? Math.max(1, Math.min(...hidden)) : Infinity;
  }

  private wait(ms: number): Promise<void> {
    return new Promise(resolve => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      timer = setTimeout(done, Math.max(1, ms));
      timer.unref?.();
      this.waiters.add(done);
    });
  }
}
