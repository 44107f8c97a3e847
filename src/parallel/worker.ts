/**
 * Entry point of a lint worker thread (bundled as `lib/worker.js`). It receives rule sets and
 * batches of file paths, and answers each batch with one outcome per file, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { REGISTRY as registry } from '../registry.js';
import type { ResolvedRule } from '../engine/rule.js';
import { lintFile } from './lint-file.js';
import { fromSpecs, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.js';

if (!parentPort) throw new Error('portlint: lib/worker.js runs only as a worker thread');
const port = parentPort;
const setup = workerData as WorkerSetup;
const ruleSets = new Map<number, ResolvedRule[]>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'rules') {
    ruleSets.set(message.key, fromSpecs(message.specs, registry));
    return;
  }
  const outcomes = message.files.map((file, i) => {
    const rules = ruleSets.get(message.ruleSets[i]!);
    if (!rules) throw new Error(`lint worker: rule set ${message.ruleSets[i]} was never sent`);
    return lintFile(file, rules, setup);
  });
  const reply: FromWorker = { type: 'done', taskId: message.taskId, outcomes };
  port.postMessage(reply);
});
