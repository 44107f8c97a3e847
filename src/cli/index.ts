/**
 * Process entry point of the `portlint` binary: wires `main()` to the real process. A lone
 * `--version` answers before the engine is loaded, so it costs little more than starting node.
 */
import { VERSION } from './help.js';
import { tuneJitForLintRun } from '../util/jit.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./main.js');
  // After the modules load, before any of it runs: set before them, it cost a one-file run about
  // 10 ms (most likely modules loaded after a flag change miss node's code cache).
  tuneJitForLintRun();
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
