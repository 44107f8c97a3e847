import { describe, expect, it } from 'vitest';
import { entries } from '../support/entries.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';
import { corpusFiles, corpusPresent, parseCache } from '../support/corpus.js';

const parsed = parseCache((text, path) => entries(parseDockerfile(text, path)));

function physicalLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** The EXPOSE declarations on one line of a corpus file, as `raw → port[-endPort]/protocol`. */
function exposedAt(path: string, line: number): string[] {
  return parsed(path)
    .result.declarations.filter((d) => d.line === line)
    .map((d) => `${d.raw} → ${d.port}${d.endPort !== d.port ? `-${d.endPort}` : ''}/${d.protocol}`);
}

describe.skipIf(!corpusPresent)('Dockerfile parser over the corpus', () => {
  it('parses every Dockerfile without throwing, with every position inside the file', () => {
    const files = corpusFiles('dockerfile');
    expect(files.length).toBeGreaterThan(1000);
    let declarations = 0;
    for (const path of files) {
      const { text, result } = parsed(path);
      expect(result.format).toBe('dockerfile');
      const lines = physicalLines(text);
      const inside = (line: number, column: number) =>
        line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1]!.length + 1;
      for (const d of result.declarations) {
        declarations++;
        expect(inside(d.line, d.column) && inside(d.endLine, d.endColumn), `${path}:${d.line}:${d.column}`).toBe(true);
        if (d.line === d.endLine && d.role === 'container') expect(lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1)).toBe(d.raw);
        expect(d.context.stageIndex, `${path}:${d.line}`).toBeDefined();
      }
      for (const p of result.problems) expect(inside(p.line, p.column), `${path}: ${p.message}`).toBe(true);
      for (const s of result.facts.stages) expect(lines[s.loc.line - 1]!.toUpperCase()).toMatch(/^\s*FROM\b/);
    }
    expect(declarations).toBeGreaterThan(600);
  });

  it('reads no heredoc body as an instruction (laradock production COPY <<EOF holds `expose_php = Off`)', () => {
    const path = 'laradock__laradock/production/Dockerfile';
    const { text, result } = parsed(path);
    const line = physicalLines(text).findIndex((l) => l.startsWith('expose_php')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(result.declarations.filter((d) => d.line === line)).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('finds known EXPOSE declarations by file, line and port', () => {
    expect(exposedAt('fauria__docker-vsftpd/Dockerfile', 48)).toEqual(['20 → 20/tcp', '21 → 21/tcp']);
    expect(exposedAt('atmoz__sftp/Dockerfile', 19)).toEqual(['22 → 22/tcp']);
    expect(exposedAt('panubo__docker-vsftpd/Dockerfile', 29)).toEqual([
      '21 → 21/tcp',
      '4559 → 4559/tcp',
      '4560 → 4560/tcp',
      '4561 → 4561/tcp',
      '4562 → 4562/tcp',
      '4563 → 4563/tcp',
      '4564 → 4564/tcp',
    ]);
    // Passive range of two ENV variables.
    expect(exposedAt('instantlinux__docker-tools/images/vsftpd/Dockerfile', 33)).toEqual([
      '21 → 21/tcp',
      '$PASV_MIN_PORT-$PASV_MAX_PORT → 30091-30100/tcp',
    ]);
    expect(exposedAt('instantlinux__docker-tools/images/proftpd/Dockerfile', 42)).toEqual([
      '21 → 21/tcp',
      '$SFTP_PORT → 2222/tcp',
      '$PASV_MIN_PORT-$PASV_MAX_PORT → 30091-30100/tcp',
    ]);
    expect(exposedAt('vulhub__vulhub/base/inetutils/2.5/Dockerfile', 25)).toEqual(['23 → 23/tcp']);
    expect(exposedAt('taskinen__tftp/Dockerfile', 5)).toEqual(['69/udp → 69/udp']);
    // `ARG PORT=8050` then `ENV PORT=${PORT}`.
    expect(exposedAt('GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/t5-model-serving/client-app/Dockerfile', 47)).toEqual([
      '${PORT} → 8050/tcp',
    ]);
  });

  it('keeps the written protocol and leaves build-time variables unresolved', () => {
    const zabbix = parsed('vulhub__vulhub/base/zabbix/3.0.3/web/Dockerfile').result.declarations;
    expect(zabbix.find((d) => d.line === 49)).toMatchObject({ port: 80, protocol: 'tcp', protocolRaw: 'TCP', column: 12 });
    const ad = parsed('open-telemetry__opentelemetry-demo/src/ad/Dockerfile').result.declarations;
    expect(ad.map((d) => ({ line: d.line, port: d.port, unresolved: d.unresolved }))).toEqual([
      { line: 31, port: undefined, unresolved: ['AD_PORT'] },
      { line: 32, port: undefined, unresolved: ['AD_PROMETHEUS_PORT'] },
    ]);
  });

  it('records setcap grants of ingress-nginx (for the privileged-port rule)', () => {
    const { result } = parsed('kubernetes__ingress-nginx/rootfs/Dockerfile');
    expect(result.facts.stages.some((s) => s.fileCapabilities?.includes('NET_BIND_SERVICE'))).toBe(true);
  });

  it('puts declarations in the right stage of a multi-stage build', () => {
    const { result } = parsed('docker__awesome-compose/react-express-mysql/backend/Dockerfile');
    expect(result.facts.stages.map((s) => [s.index, s.name, s.from, s.final])).toEqual([
      [0, 'development', 'node:lts', false],
      [1, 'dev-envs', 'development', true],
    ]);
    expect(result.declarations.filter((d) => d.role === 'container').map((d) => [d.raw, d.port, d.context])).toEqual([
      ['$PORT', 80, { stage: 'development', stageIndex: 0, finalStage: false }],
      ['9229', 9229, { stage: 'development', stageIndex: 0, finalStage: false }],
      ['9230', 9230, { stage: 'development', stageIndex: 0, finalStage: false }],
    ]);
  });
});
