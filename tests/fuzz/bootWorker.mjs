// A worker thread cannot start from a .ts file; this one registers tsx and loads the real entry.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
