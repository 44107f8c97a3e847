#!/usr/bin/env node
/**
 * `npm run bench`: how fast portlint is, as ratios against what it cannot beat and against its peers.
 *
 * 1. corpus   — portlint on all of ../shared/corpus against the floor (read every file, parse the
 *               YAML ones with `yaml`): wall time, files/s, MB/s, peak RSS, portlint / floor.
 * 2. startup  — `portlint --version` and one small file against `node -e 0`.
 * 3. peers    — dclint on the corpus compose files and dockerfilelint on its Dockerfiles, each
 *               against portlint on the same files (where they are installed under bench/).
 * 4. scale    — a synthetic monorepo (10k, 30k, 100k files; `--quick`: 2k, 6k, 20k): per-file cost
 *               against the corpus rate, and peak RSS.
 *
 * Every run is a child process with stdout to /dev/null; each figure is the median of several runs.
 * The corpus and start-up commands run in rounds, and a ratio between two of them is the median of
 * the ratios within each round: the load of a shared machine moves over minutes, not seconds.
 * Prints Markdown tables to stdout and writes every figure to bench/results/latest.json.
 *
 *   node bench/run.mjs [--quick] [--runs N] [--only corpus,startup,peers,scale] [--cli bin/portlint.js]
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateMonorepo } from './generate.mjs';
import { measure, measureRounds, ratioInRounds, ratiosInRounds, round, RSS_METHOD, runNode } from './lib/measure.mjs';
import { dockerfilelintCrashes, peer } from './lib/peers.mjs';
import { fmt, table, verdict } from './lib/report.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(REPO, 'bench/results');
const FLOOR = 'bench/floor.mjs';

const PLANS = {
  full: { runs: 5, startupRuns: 15, peerRuns: 3, sizes: [10_000, 30_000, 100_000] },
  quick: { runs: 3, startupRuns: 7, peerRuns: 1, sizes: [2_000, 6_000, 20_000] },
};

const TARGETS = {
  /** CPU time (user + system) of one thread over the floor's: what portlint costs beyond parsing. */
  cpuRatioOneThread: 1.3,
  /** Wall time of the default mode over the floor's, on the corpus. */
  wallRatioDefault: 1.0,
  floorRatioOneThread: 1.5,
  linearity: 1.1,
  rssMb: 400,
  startupRatio: 2,
  dclintRatio: 50,
  dockerfilelintRatio: 1,
};

const log = (line) => process.stderr.write(`${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      only: { type: 'string', default: 'corpus,startup,peers,scale' },
      cli: { type: 'string', default: 'bin/portlint.js' },
      corpus: { type: 'string', default: '../shared/corpus' },
      keep: { type: 'boolean', default: false },
    },
  });
  const plan = { ...PLANS[values.quick ? 'quick' : 'full'] };
  if (values.runs) plan.runs = Number(values.runs);
  return { ...values, plan, sections: new Set(values.only.split(',')) };
}

function machine() {
  const model = /^model name\s*:\s*(.*)$/m.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: availableParallelism(),
    cpuModel: model.trim(),
    node: process.version,
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
    rssMethod: RSS_METHOD,
    commit: safeExec('git rev-parse --short HEAD'),
    date: new Date().toISOString(),
  };
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function safeExec(command) {
  try {
    return execSync(command, { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** portlint exits 1 when it finds errors: that is a successful run here; 2 is not. */
const lintOk = (code) => code === 0 || code === 1;

/** The modes portlint is measured in: one thread, and its default (workers for large inputs) when it has them. */
function portlintModes(cli) {
  const hasFlag = runNode([cli, '--concurrency', 'off', '--version'], { cwd: REPO }).status === 0;
  const modes = [{ key: 'oneThread', label: 'portlint, 1 thread', args: ['--concurrency', 'off'] }];
  if (!hasFlag) return [{ key: 'oneThread', label: 'portlint (always 1 thread: no --concurrency)', args: [] }];
  return [...modes, { key: 'auto', label: 'portlint, default (workers)', args: [] }];
}

/** Lint once with JSON output, to learn which files portlint lints and what it finds. */
function census(cli, target) {
  const run = runNode([cli, '--format', 'json', target], { cwd: REPO, stdout: 'pipe' });
  let results;
  try {
    if (!lintOk(run.status)) throw new Error(`exit code ${run.status}`);
    results = JSON.parse(run.stdout);
  } catch (err) {
    throw new Error(`portlint failed on ${target} (${err.message}):\n${run.stderr.slice(-2000)}`, { cause: err });
  }
  const files = results.map((r) => relative(REPO, resolve(REPO, r.filePath)));
  const bytes = files.reduce((n, f) => n + statSync(join(REPO, f)).size, 0);
  const sum = (key) => results.reduce((n, r) => n + r[key], 0);
  return { files, bytes, errors: sum('errorCount'), warnings: sum('warningCount'), fatal: sum('fatalErrorCount') };
}

function rates(m, files, bytes) {
  return {
    ...m,
    filesPerSec: round(files / (m.wallMs / 1000), 0),
    mbPerSec: round(bytes / 1024 ** 2 / (m.wallMs / 1000), 2),
    usPerFile: round((m.wallMs * 1000) / files, 1),
  };
}

function corpusSection(ctx) {
  const { cli, corpus, plan, modes, tmp } = ctx;
  log(`corpus: census of ${corpus}`);
  const c = census(cli, corpus);
  ctx.corpusFiles = c.files;
  const list = join(tmp, 'corpus-files.txt');
  writeFileSync(list, `${c.files.join('\n')}\n`);
  // In rounds: the ratios to the floor are taken within each round (see `measureRounds`).
  const measured = measureRounds(
    [
      { key: 'floor', label: 'floor', nodeArgs: [FLOOR, list, corpus] },
      ...modes.map((m) => ({ key: m.key, label: m.label, nodeArgs: [cli, ...m.args, '--format', 'json', corpus], okStatus: lintOk })),
    ],
    { runs: plan.runs, cwd: REPO, log },
  );
  const floor = rates(measured.floor, c.files.length, c.bytes);
  const portlint = Object.fromEntries(modes.map((m) => [m.key, rates(measured[m.key], c.files.length, c.bytes)]));
  return { files: c.files.length, bytes: c.bytes, findings: { errors: c.errors, warnings: c.warnings, fatal: c.fatal }, floor, portlint };
}

function startupSection(ctx) {
  const { cli, plan } = ctx;
  const small =
    ctx.corpusFiles?.find((f) => /docker-compose[^/]*\.ya?ml$/.test(f) && statSync(join(REPO, f)).size < 1024) ?? 'package.json';
  return {
    smallFile: small,
    ...measureRounds(
      [
        { key: 'node', label: 'node -e 0', nodeArgs: ['-e', '0'] },
        { key: 'version', label: 'portlint --version', nodeArgs: [cli, '--version'] },
        { key: 'oneFile', label: `portlint ${small}`, nodeArgs: [cli, '--format', 'json', small], okStatus: lintOk },
      ],
      { runs: plan.startupRuns, cwd: REPO, log },
    ),
  };
}

function corpusFilesOfKind(corpus, kind) {
  const manifest = readFileSync(join(REPO, corpus, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean);
  return manifest
    .map((row) => row.split('\t'))
    .filter((cols) => cols[3] === kind)
    .map(([repo, , path]) => join(corpus, repo.replace('/', '__'), path));
}

async function peersSection(ctx) {
  const { cli, corpus, plan } = ctx;
  const out = {};
  const opts = { runs: plan.peerRuns, warmup: false, cwd: REPO, okStatus: lintOk, log };
  // Peers exit with their own codes (dockerfilelint: the number of problems); only a crash is a failure.
  const peerOpts = { ...opts, okStatus: (code, stderr) => code !== null && !/\n\s+at .*:\d+:\d+\)?\n/.test(stderr) };
  const mode = ctx.modes[0];
  const portlintOn = (files) => ({
    label: mode.label,
    ...measure(`${mode.label}, same ${files.length} files`, [cli, ...mode.args, '--format', 'json', ...files], opts),
  });
  const dclint = peer('dclint');
  if (dclint) {
    const files = corpusFilesOfKind(corpus, 'compose');
    log(`peers: dclint ${dclint.version} on ${files.length} compose files`);
    const them = measure(`dclint ${dclint.version}`, [dclint.bin, '-f', 'json', ...files], peerOpts);
    out.dclint = { version: dclint.version, files: files.length, peer: them, portlint: portlintOn(files) };
  }
  const dfl = peer('dockerfilelint');
  if (dfl) {
    const all = corpusFilesOfKind(corpus, 'dockerfile');
    const { crashes, cached } = await dockerfilelintCrashes(dfl, all, join(RESULTS, 'dockerfilelint-crashes.json'), log);
    const crashed = new Set(crashes.map((c) => c.file));
    const files = all.filter((f) => !crashed.has(f));
    log(
      `peers: dockerfilelint ${dfl.version} on ${files.length} Dockerfiles (${crashes.length} left out: it crashes on them${cached ? ', cached list' : ''})`,
    );
    const them = measure(`dockerfilelint ${dfl.version}`, [dfl.bin, '-j', ...files], peerOpts);
    out.dockerfilelint = { version: dfl.version, files: files.length, leftOut: crashes, peer: them, portlint: portlintOn(files) };
  }
  return out;
}

function scaleSection(ctx) {
  const { cli, corpus, plan, modes, tmp } = ctx;
  if (!ctx.corpusFiles) ctx.corpusFiles = census(cli, corpus).files;
  const shardSize = plan.sizes[0];
  const root = join(tmp, 'monorepo');
  log(`scale: generating ${plan.sizes.at(-1)} files in shards of ${shardSize} under ${root}`);
  const started = Date.now();
  const shards = generateMonorepo({
    out: root,
    corpusRoot: resolve(REPO, corpus),
    corpusFiles: ctx.corpusFiles.map((f) => resolve(REPO, f)),
    total: plan.sizes.at(-1),
    shardSize,
  });
  const generateSec = round((Date.now() - started) / 1000, 1);
  const sizes = [];
  for (const size of plan.sizes) {
    const slice = shards.slice(0, size / shardSize);
    const files = slice.flatMap((s) => s.files);
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    const list = join(tmp, `slice-${size}.txt`);
    writeFileSync(list, `${files.join('\n')}\n`);
    const targets = size === plan.sizes.at(-1) ? [root] : slice.map((s) => s.dir);
    const opts = { runs: 1, warmup: false, cwd: REPO, log };
    const floor = rates(measure(`floor, ${size} files`, [FLOOR, list, ...targets], opts), files.length, bytes);
    const portlint = Object.fromEntries(
      modes.map((m) => [
        m.key,
        {
          label: m.label,
          ...rates(
            measure(`${m.label}, ${size} files`, [cli, ...m.args, '--format', 'json', ...targets], { ...opts, okStatus: lintOk }),
            files.length,
            bytes,
          ),
        },
      ]),
    );
    sizes.push({ files: files.length, bytes, floor, portlint });
  }
  return { seed: 7, shardSize, generateSec, sizes };
}

const roundOf = (x) => (x === undefined ? undefined : round(x, 2));

/** Ratios and target checks from the raw figures. */
function summarise(r) {
  const s = {};
  const modes = r.corpus ? Object.keys(r.corpus.portlint) : r.scale ? Object.keys(r.scale.sizes[0].portlint) : [];
  if (r.corpus) {
    const inRounds = (field) =>
      Object.fromEntries(modes.map((k) => [k, roundOf(ratioInRounds(r.corpus.portlint[k], r.corpus.floor, field))]));
    // The lowest and highest of the rounds' ratios: how far one round's reading may stray on this machine.
    const spread = (field) =>
      Object.fromEntries(
        modes.map((k) => {
          const ratios = ratiosInRounds(r.corpus.portlint[k], r.corpus.floor, field);
          return [k, ratios && [roundOf(Math.min(...ratios)), roundOf(Math.max(...ratios))]];
        }),
      );
    s.corpusVsFloor = inRounds('wallMs');
    s.corpusCpuVsFloor = inRounds('cpuMs');
    s.corpusSpread = { wallMs: spread('wallMs'), cpuMs: spread('cpuMs') };
  }
  if (r.startup) {
    s.startup = {
      version: roundOf(ratioInRounds(r.startup.version, r.startup.node, 'wallMs')),
      oneFile: roundOf(ratioInRounds(r.startup.oneFile, r.startup.node, 'wallMs')),
    };
  }
  if (r.peers?.dclint) s.dclint = round(r.peers.dclint.peer.wallMs / r.peers.dclint.portlint.wallMs, 1);
  if (r.peers?.dockerfilelint) s.dockerfilelint = round(r.peers.dockerfilelint.peer.wallMs / r.peers.dockerfilelint.portlint.wallMs, 2);
  if (r.scale) {
    s.scale = r.scale.sizes.map((z) => ({
      files: z.files,
      vsFloor: Object.fromEntries(modes.map((k) => [k, round(z.portlint[k].wallMs / z.floor.wallMs, 2)])),
      perFileVsCorpus: r.corpus
        ? Object.fromEntries(modes.map((k) => [k, round(z.portlint[k].usPerFile / r.corpus.portlint[k].usPerFile, 2)]))
        : undefined,
    }));
  }
  const largest = r.scale?.sizes.at(-1);
  const best = modes.at(-1);
  s.targets = [
    [
      'corpus: CPU time, portlint (1 thread) / floor',
      `≤ ${TARGETS.cpuRatioOneThread}`,
      s.corpusCpuVsFloor?.oneThread,
      (x) => x <= TARGETS.cpuRatioOneThread,
    ],
    [
      'corpus: wall time, portlint (default) / floor',
      `≤ ${TARGETS.wallRatioDefault}`,
      s.corpusVsFloor?.[best],
      (x) => x <= TARGETS.wallRatioDefault,
    ],
    [
      'corpus: wall time, portlint (1 thread) / floor',
      `≤ ${TARGETS.floorRatioOneThread}`,
      s.corpusVsFloor?.oneThread,
      (x) => x <= TARGETS.floorRatioOneThread,
    ],
    [
      `${largest?.files ?? 'largest'} files: portlint (default) beats the 1-thread floor`,
      '< 1',
      best === 'auto' ? s.scale?.at(-1).vsFloor.auto : undefined,
      (x) => x < 1,
    ],
    [
      `${largest?.files ?? 'largest'} files: per-file cost / corpus per-file cost (1 thread)`,
      `≤ ${TARGETS.linearity}`,
      s.scale?.at(-1).perFileVsCorpus?.oneThread,
      (x) => x <= TARGETS.linearity,
    ],
    [
      `${largest?.files ?? 'largest'} files: peak RSS (MB)`,
      `< ${TARGETS.rssMb}`,
      largest ? Math.max(...modes.map((k) => largest.portlint[k].rssMb)) : undefined,
      (x) => x < TARGETS.rssMb,
    ],
    ['start-up: --version / node -e 0', `< ${TARGETS.startupRatio}`, s.startup?.version, (x) => x < TARGETS.startupRatio],
    ['start-up: one small file / node -e 0', `< ${TARGETS.startupRatio}`, s.startup?.oneFile, (x) => x < TARGETS.startupRatio],
    ['dclint / portlint (compose files)', `≥ ${TARGETS.dclintRatio}`, s.dclint, (x) => x >= TARGETS.dclintRatio],
    [
      'dockerfilelint / portlint (Dockerfiles)',
      `> ${TARGETS.dockerfilelintRatio}`,
      s.dockerfilelint,
      (x) => x > TARGETS.dockerfilelintRatio,
    ],
  ].map(([what, target, value, ok]) => ({ what, target, value, met: value === undefined ? undefined : ok(value) }));
  return s;
}

function markdown(r, s) {
  const out = [];
  const m = r.machine;
  out.push(`## portlint benchmark${r.quick ? ' (--quick)' : ''}`, '');
  out.push(
    `${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}; peak RSS by ${m.rssMethod}; median of ${r.plan.runs} runs (start-up ${r.plan.startupRuns}, peers ${r.plan.peerRuns}, scale 1). Corpus and start-up run in rounds, each command once a round, and their ratios are the median of the ratios within each round (in brackets: the lowest and the highest round).`,
    '',
  );
  if (r.corpus) {
    const c = r.corpus;
    out.push(
      `### Corpus: ${fmt.int(c.files)} files, ${fmt.mb(c.bytes / 1024 ** 2)} MB (${c.findings.errors} errors, ${c.findings.warnings} warnings found)`,
      '',
    );
    const withSpread = (ratio, spread) =>
      spread ? `${fmt.ratio(ratio)} (${spread[0].toFixed(2)}–${spread[1].toFixed(2)})` : fmt.ratio(ratio);
    const row = (label, x, ratio, cpuRatio, spread = {}) => [
      label,
      fmt.s(x.wallMs),
      fmt.s(x.cpuMs),
      fmt.int(x.filesPerSec),
      fmt.mb(x.mbPerSec),
      fmt.mb(x.rssMb),
      withSpread(ratio, spread.wallMs),
      withSpread(cpuRatio, spread.cpuMs),
    ];
    out.push(
      table(
        ['run', 'wall (s)', 'CPU (s)', 'files/s', 'MB/s', 'peak RSS (MB)', 'wall vs floor', 'CPU vs floor'],
        [
          row('floor: read all + `yaml` parse', c.floor, 1, 1),
          ...Object.entries(c.portlint).map(([k, x]) =>
            row(`**${x.label}**`, x, s.corpusVsFloor[k], s.corpusCpuVsFloor[k], {
              wallMs: s.corpusSpread.wallMs[k],
              cpuMs: s.corpusSpread.cpuMs[k],
            }),
          ),
        ],
      ),
      '',
    );
  }
  if (r.startup) {
    const st = r.startup;
    out.push('### Start-up', '');
    out.push(
      table(
        ['command', 'wall (ms)', 'peak RSS (MB)', 'vs node -e 0'],
        [
          ['`node -e 0`', fmt.ms(st.node.wallMs), fmt.mb(st.node.rssMb), fmt.ratio(1)],
          ['`portlint --version`', fmt.ms(st.version.wallMs), fmt.mb(st.version.rssMb), fmt.ratio(s.startup.version)],
          [
            `\`portlint ${st.smallFile.split('/').pop()}\` (one small file)`,
            fmt.ms(st.oneFile.wallMs),
            fmt.mb(st.oneFile.rssMb),
            fmt.ratio(s.startup.oneFile),
          ],
        ],
      ),
      '',
    );
  }
  if (r.peers && Object.keys(r.peers).length > 0) {
    out.push('### Peers, on the same files', '');
    const rows = [];
    for (const [name, p] of Object.entries(r.peers)) {
      const what = name === 'dclint' ? `${p.files} compose files` : `${p.files} Dockerfiles`;
      rows.push([
        `${name} ${p.version}`,
        what,
        fmt.s(p.peer.wallMs),
        fmt.int(p.files / (p.peer.wallMs / 1000)),
        fmt.mb(p.peer.rssMb),
        fmt.ratio(p.peer.wallMs / p.portlint.wallMs),
      ]);
      rows.push([
        p.portlint.label,
        what,
        fmt.s(p.portlint.wallMs),
        fmt.int(p.files / (p.portlint.wallMs / 1000)),
        fmt.mb(p.portlint.rssMb),
        fmt.ratio(1),
      ]);
    }
    out.push(table(['tool', 'files', 'wall (s)', 'files/s', 'peak RSS (MB)', 'time vs portlint'], rows), '');
    const left = r.peers.dockerfilelint?.leftOut ?? [];
    if (left.length > 0) {
      out.push(
        `dockerfilelint crashes on ${left.length} corpus Dockerfiles (one crash ends its whole run), so they are left out of both runs: ${left.map((c) => `\`${c.file.split('corpus/').pop()}\``).join(', ')}.`,
        '',
      );
    }
  }
  if (r.scale) {
    out.push(
      `### Synthetic monorepo (seed ${r.scale.seed}, shards of ${fmt.int(r.scale.shardSize)} files, generated in ${r.scale.generateSec} s)`,
      '',
    );
    const rows = [];
    for (const [i, z] of r.scale.sizes.entries()) {
      rows.push([
        fmt.int(z.files),
        fmt.mb(z.bytes / 1024 ** 2),
        'floor',
        fmt.s(z.floor.wallMs),
        fmt.us(z.floor.usPerFile),
        '',
        fmt.mb(z.floor.rssMb),
        fmt.ratio(1),
      ]);
      for (const [k, x] of Object.entries(z.portlint)) {
        rows.push([
          '',
          '',
          x.label,
          fmt.s(x.wallMs),
          fmt.us(x.usPerFile),
          fmt.ratio(s.scale[i].perFileVsCorpus?.[k]),
          fmt.mb(x.rssMb),
          fmt.ratio(s.scale[i].vsFloor[k]),
        ]);
      }
    }
    out.push(table(['files', 'MB', 'run', 'wall (s)', 'µs/file', 'per file vs corpus', 'peak RSS (MB)', 'vs floor'], rows), '');
  }
  out.push('### Targets', '');
  out.push(
    table(
      ['target', 'goal', 'measured', 'met'],
      s.targets.map((t) => [t.what, t.target, t.value === undefined ? '–' : String(t.value), verdict(t.met)]),
    ),
    '',
  );
  return out.join('\n');
}

async function main() {
  const opts = options();
  process.chdir(REPO);
  const tmp = mkdtempSync(join(tmpdir(), 'portlint-bench-'));
  const ctx = { ...opts, tmp, modes: portlintModes(opts.cli) };
  const results = { machine: machine(), quick: opts.quick, plan: opts.plan, cli: opts.cli, corpusDir: opts.corpus };
  if (results.machine.loadAverageAtStart[0] > results.machine.nproc / 2) {
    log(`warning: load average ${results.machine.loadAverageAtStart[0]} on ${results.machine.nproc} cores: wall times will be inflated`);
  }
  try {
    if (ctx.sections.has('corpus')) results.corpus = corpusSection(ctx);
    if (ctx.sections.has('startup')) results.startup = startupSection(ctx);
    if (ctx.sections.has('peers')) results.peers = await peersSection(ctx);
    if (ctx.sections.has('scale')) results.scale = scaleSection(ctx);
  } finally {
    if (opts.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  results.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  results.summary = summarise(results);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${markdown(results, results.summary)}\n`);
  log(`figures written to ${relative(process.cwd(), join(RESULTS, 'latest.json'))}`);
}

await main();
