// Parses files in a worker thread with a time limit: a reader that runs away is ended with its
// thread (a synchronous loop cannot be interrupted any other way) and reported, and a fresh thread
// takes the next case. A case is timed from when its thread has loaded the readers: starting a
// thread takes seconds on a busy machine, and that is not the reader's time.
import { Worker } from 'node:worker_threads';
import type { InputFile } from '../../src/core/types';

export type CaseOutcome =
  | {
      ok: true;
      ms: number;
      format: string;
      points: number;
      faces: number;
      min: number[];
      warnings: string[];
      /** bytes of the arrays the geometry holds */
      bytes: number;
      /** bytes the read allocated, about its peak (readerWorker) */
      allocated: number;
      violations: string[];
    }
  | { ok: false; ms: number; allocated?: number; inputError: boolean; message: string }
  | { ok: false; ms: number; timedOut: true };

export class ReaderHost {
  private worker: Promise<Worker> | null = null;
  private nextId = 0;

  private start(): Promise<Worker> {
    const w = new Worker(new URL('./bootWorker.mjs', import.meta.url), {
      workerData: { entry: new URL('./readerWorker.ts', import.meta.url).href },
    });
    w.unref();
    return new Promise((resolve, reject) => {
      w.once('message', () => resolve(w));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the reader thread stopped while starting (exit code ${code})`)));
    });
  }

  async parse(files: InputFile[], timeoutMs: number): Promise<CaseOutcome> {
    this.worker ??= this.start();
    const w = await this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.removeAllListeners();
        void w.terminate();
        this.worker = null;
        resolve({ ok: false, ms: timeoutMs, timedOut: true });
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onMessage = (m: { id: number; outcome: CaseOutcome }) => {
        if (m.id !== id) return;
        done();
        resolve(m.outcome);
      };
      const onError = (e: Error) => {
        done();
        this.worker = null;
        reject(e);
      };
      // a thread that dies (out of memory) is a failed case, not a failed run
      const onExit = (code: number) => {
        done();
        this.worker = null;
        resolve({ ok: false, ms: 0, inputError: false, message: `the reader's thread died (exit code ${code})` });
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage({ id, files });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await (await w)?.terminate();
  }
}
