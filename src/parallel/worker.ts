/**
 * Entry point of a lint worker thread (bundled as `lib/worker.js`). It receives the run's tasks
 * once, claims them one by one from the counter it shares with the other threads, and answers each
 * with one outcome per file, in order; then it says it is finished.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { REGISTRY as registry } from '../registry.js';
import { lintTask } from './lint-file.js';
import { fromSpecs, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.js';

if (!parentPort) throw new Error('portlint: lib/worker.js runs only as a worker thread');
const port = parentPort;
const started = workerData as WorkerSetup;

port.once('message', ({ tasks, ruleSets: specs, next, project }: ToWorker) => {
  const setup: WorkerSetup = { ...started, project };
  const ruleSets = specs.map((s) => fromSpecs(s, registry));
  for (let taskId = Atomics.add(next, 0, 1); taskId < tasks.length; taskId = Atomics.add(next, 0, 1)) {
    port.postMessage({ type: 'done', taskId, outcomes: lintTask(tasks[taskId]!, ruleSets, setup) } satisfies FromWorker);
  }
  port.postMessage({ type: 'finished' } satisfies FromWorker);
});
