/**
 * Process entry point of the `portlint` binary: wires `main()` to the real process. A lone
 * `--version` answers before the engine is loaded, so it costs little more than starting node.
 */
import { setFlagsFromString } from 'node:v8';
import { VERSION } from './help.js';

/**
 * How much bytecode a function runs before V8 compiles it with TurboFan (V8's default in Node 20:
 * 67,584). A lint run is seconds long and runs hundreds of functions hot enough to reach that
 * default: on the corpus TurboFan then took about 2.4 s of CPU on background threads, a third of
 * the run (each worker isolate compiles them again). Four times the budget leaves the functions
 * that stay hot (the YAML parser's) optimised, a little later, and the rest in baseline code:
 * 19% less CPU on the corpus, the main thread's own time 3.5% more (measured side by side,
 * `--concurrency off`). Set here, before the engine is loaded, so that it applies to all of it;
 * the API leaves the flags of the process that loads it alone.
 */
const INTERRUPT_BUDGET = 4 * 67_584;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  const { main } = await import('./main.js');
  process.exitCode = await main(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    ...(process.stdout.isTTY && process.stdout.columns > 0 && { columns: process.stdout.columns }),
  });
}
