import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortEntry as PortDeclaration } from '../../src/inventory.js';
import { entries } from '../support/entries.js';
import { expandShellWord, parseDockerfile, parseExposeSpec, parseWords, splitInstructions } from '../../src/parsers/dockerfile.js';

const FILE = 'images/web/Dockerfile';

function parse(text: string) {
  return entries(parseDockerfile(text, FILE));
}

/** `line:column-endLine:endColumn` of a declaration. */
function at(d: Pick<PortDeclaration, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  return `${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
}

/** The declarations as compact `[position, raw, port, endPort, protocol]` rows. */
function rows(text: string): [string, string, number | undefined, number | undefined, string][] {
  return parse(text).declarations.map((d) => [at(d), d.raw, d.port, d.endPort, d.protocol]);
}

function only(text: string): PortDeclaration {
  const ds = parse(text).declarations;
  expect(ds).toHaveLength(1);
  return ds[0]!;
}

/** The physical text a declaration's position covers (single-line declarations). */
function covered(text: string, d: PortDeclaration): string {
  const line = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[d.line - 1]!;
  return line.slice(d.column - 1, d.endColumn - 1);
}

describe('EXPOSE words', () => {
  it('gives one container declaration per word, with exact positions', () => {
    const text = 'FROM alpine\nEXPOSE 80 443/tcp 53/udp 132/sctp\n';
    expect(rows(text)).toEqual([
      ['2:8-2:10', '80', 80, 80, 'tcp'],
      ['2:11-2:18', '443/tcp', 443, 443, 'tcp'],
      ['2:19-2:25', '53/udp', 53, 53, 'udp'],
      ['2:26-2:34', '132/sctp', 132, 132, 'sctp'],
    ]);
    const d = parse(text).declarations[2];
    expect(d).toMatchObject({ file: FILE, format: 'dockerfile', role: 'container', field: 'EXPOSE', protocolRaw: 'udp' });
    expect(parse(text).declarations[0]!.protocolRaw).toBeUndefined();
    for (const x of parse(text).declarations) expect(covered(text, x)).toBe(x.raw);
  });

  it('reads instructions case-insensitively and keeps the spacing of the line', () => {
    expect(rows('from alpine\n  expose\t 8080\nExPoSe 9090\n')).toEqual([
      ['2:11-2:15', '8080', 8080, 8080, 'tcp'],
      ['3:8-3:12', '9090', 9090, 9090, 'tcp'],
    ]);
  });

  it('reads ranges as port..endPort', () => {
    expect(rows('FROM a\nEXPOSE 8000-8010 21-21 137-138/udp\n')).toEqual([
      ['2:8-2:17', '8000-8010', 8000, 8010, 'tcp'],
      ['2:18-2:23', '21-21', 21, 21, 'tcp'],
      ['2:24-2:35', '137-138/udp', 137, 138, 'udp'],
    ]);
  });

  it('normalises protocols and keeps the written form; unknown protocols stay as written', () => {
    const [upper, unknown, empty] = parse('FROM a\nEXPOSE 80/TCP 80/xyz 80/\n').declarations;
    expect(upper).toMatchObject({ port: 80, protocol: 'tcp', protocolRaw: 'TCP' });
    expect(unknown).toMatchObject({ port: 80, protocol: 'xyz', protocolRaw: 'xyz' });
    expect(unknown!.invalid).toBeUndefined();
    expect(empty).toMatchObject({ port: 80, protocol: 'tcp' });
    expect(empty!.protocolRaw).toBeUndefined();
  });

  it('keeps out-of-range numbers as numbers, without marking them invalid', () => {
    const ds = parse('FROM a\nEXPOSE 0 70000 65535-70000\n').declarations;
    expect(ds.map((d) => [d.port, d.endPort, d.invalid])).toEqual([
      [0, 0, undefined],
      [70000, 70000, undefined],
      [65535, 70000, undefined],
    ]);
  });

  it('marks garbage invalid, with the reason, and no port', () => {
    const ds = parse('FROM a\nEXPOSE abc 80- -80 9000-8000 /tcp 80-x\n').declarations;
    expect(ds.map((d) => [at(d), d.raw, d.port])).toEqual([
      ['2:8-2:11', 'abc', undefined],
      ['2:12-2:15', '80-', undefined],
      ['2:16-2:19', '-80', undefined],
      ['2:20-2:29', '9000-8000', undefined],
      ['2:30-2:34', '/tcp', undefined],
      ['2:35-2:39', '80-x', undefined],
    ]);
    expect(ds[0]!.invalid).toMatch(/"abc" is not a port/);
    expect(ds[1]!.invalid).toMatch(/no end port/);
    expect(ds[3]!.invalid).toMatch(/ends before it starts/);
    expect(ds[4]!.invalid).toMatch(/no port number/);
    expect(ds[5]!.invalid).toMatch(/end "x"/);
  });

  it('flags a host part (BuildKit exposes only the container port) but keeps that port', () => {
    const [mapped, withIp] = parse('FROM a\nEXPOSE 8080:80 127.0.0.1:53:53/udp\n').declarations;
    expect(mapped).toMatchObject({ port: 80, endPort: 80, protocol: 'tcp', raw: '8080:80' });
    expect(mapped!.invalid).toMatch(/host part "8080:"/);
    expect(withIp).toMatchObject({ port: 53, protocol: 'udp' });
    expect(withIp!.invalid).toMatch(/127\.0\.0\.1:53:/);
  });

  it('reports a trailing "# comment" (not a comment mid-line) as one invalid declaration', () => {
    const ds = parse('FROM a\nEXPOSE 80 # the web port\n').declarations;
    expect(ds.map((d) => [at(d), d.raw, d.port])).toEqual([
      ['2:8-2:10', '80', 80],
      ['2:11-2:25', '# the web port', undefined],
    ]);
    expect(ds[1]!.invalid).toMatch(/comment only at the beginning of a line/);
  });

  it('strips quotes as the shell lexer does, keeping raw as written', () => {
    const d = only('FROM a\nEXPOSE "8080"/udp\n');
    expect(d).toMatchObject({ raw: '"8080"/udp', port: 8080, protocol: 'udp', column: 8, endColumn: 18 });
  });

  it('reports malformed words as invalid instead of throwing', () => {
    const ds = parse('FROM a\nEXPOSE "80 ${ ${:x} ${A:0:1}\n').declarations;
    expect(ds.map((d) => d.raw)).toEqual(['"80', '${', '${:x}', '${A:0:1}']);
    for (const d of ds) {
      expect(d.port).toBeUndefined();
      expect(d.invalid).toMatch(/cannot be read/);
    }
  });
});

describe('line continuations', () => {
  it('points at each word on its own physical line, skipping comment and empty lines inside', () => {
    const text = 'FROM alpine\nEXPOSE 80 \\\n    443 \\\n  # a comment inside\n\n\t  8080/udp\nEXPOSE 9000\n';
    expect(rows(text)).toEqual([
      ['2:8-2:10', '80', 80, 80, 'tcp'],
      ['3:5-3:8', '443', 443, 443, 'tcp'],
      ['6:4-6:12', '8080/udp', 8080, 8080, 'udp'],
      ['7:8-7:12', '9000', 9000, 9000, 'tcp'],
    ]);
    for (const d of parse(text).declarations) expect(covered(text, d)).toBe(d.raw);
    expect(parse(text).problems).toEqual([]);
  });

  it('joins lines without a separator, as BuildKit does (a word may span two lines)', () => {
    const d = only('FROM a\nEXPOSE 80\\\n80\n');
    expect(d).toMatchObject({ raw: '8080', port: 8080, line: 2, column: 8, endLine: 3, endColumn: 3 });
  });

  it('accepts blanks after the continuation character, but not an escaped one', () => {
    expect(rows('FROM a\nEXPOSE 1 \\  \t\n 2\n')).toEqual([
      ['2:8-2:9', '1', 1, 1, 'tcp'],
      ['3:2-3:3', '2', 2, 2, 'tcp'],
    ]);
    // `\\` at the end is an escaped backslash: no continuation, so line 3 is its own instruction.
    const split = splitInstructions('FROM a\nRUN echo \\\\\nEXPOSE 3\n');
    expect(split.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'EXPOSE']);
  });

  it('warns about a continuation left open at the end of the file, and still reads the instruction', () => {
    const r = parse('FROM a\nEXPOSE 80 \\\n');
    expect(r.declarations.map((d) => d.port)).toEqual([80]);
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 2, column: 11, severity: 'warn', fatal: false, message: expect.stringMatching(/continuation/) }),
    ]);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const text = '\uFEFFFROM a\r\nEXPOSE 80 \\\r\n  443\r\n';
    expect(rows(text)).toEqual([
      ['2:8-2:10', '80', 80, 80, 'tcp'],
      ['3:3-3:6', '443', 443, 443, 'tcp'],
    ]);
  });

  it('ends a line at a lone CR too, as editors count lines', () => {
    expect(rows('FROM x\rEXPOSE 8080 21\r')).toEqual([
      ['2:8-2:12', '8080', 8080, 8080, 'tcp'],
      ['2:13-2:15', '21', 21, 21, 'tcp'],
    ]);
  });
});

describe('parser directives', () => {
  it('uses the backtick escape for continuations and leaves backslashes alone', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nEXPOSE 80 `\n  443\nRUN dir c:\\\nEXPOSE 8080\n';
    expect(rows(text)).toEqual([
      ['3:8-3:10', '80', 80, 80, 'tcp'],
      ['4:3-4:6', '443', 443, 443, 'tcp'],
      ['6:8-6:12', '8080', 8080, 8080, 'tcp'],
    ]);
    expect(splitInstructions(text).escape).toBe('`');
  });

  it('without the directive, a trailing backslash swallows the next line', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\\nEXPOSE 8080\n';
    expect(parse(text).declarations).toEqual([]);
  });

  it('reads directives case-insensitively with blanks, after a syntax directive', () => {
    const split = splitInstructions('# syntax=docker/dockerfile:1\n#  ESCAPE = `\nFROM a\n');
    expect(split.directives).toEqual([
      { name: 'syntax', value: 'docker/dockerfile:1', line: 1 },
      { name: 'escape', value: '`', line: 2 },
    ]);
    expect(split.escape).toBe('`');
    expect(split.comments).toEqual([]);
  });

  it('ignores a directive after a comment, a blank line or an instruction (it is a comment)', () => {
    for (const prefix of ['# hello\n', '\n', '# unknowndirective=x\n']) {
      const text = `${prefix}# escape=\`\nFROM x\nEXPOSE 80 \`\nEXPOSE 81\n`;
      const split = splitInstructions(text);
      expect(split.escape, JSON.stringify(prefix)).toBe('\\');
      expect(split.directives).toEqual([]);
      const ds = parse(text).declarations;
      // With the default escape the backtick is just a (bad) port word and line 5 is its own EXPOSE.
      expect(ds.map((d) => d.raw)).toEqual(['80', '`', '81']);
      expect(ds[2]!.line).toBe(prefix === '' ? 4 : 5);
    }
  });

  it('rejects an escape other than \\ or ` and a repeated directive, keeping the default', () => {
    const r = splitInstructions('# escape=\\\\\n# syntax=a\n# syntax=b\nFROM a\n');
    expect(r.escape).toBe('\\');
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [1, expect.stringMatching(/Invalid escape token/)],
      [3, expect.stringMatching(/Only one "syntax"/)],
    ]);
  });

  it('collects comments with their positions (for pragmas), not directives', () => {
    const split = splitInstructions('# syntax=x\n# hadolint ignore=DL3008\nFROM a\n  # indented\nRUN a \\\n # inside\n  b\n');
    expect(split.comments).toEqual([
      { text: 'hadolint ignore=DL3008', line: 2, column: 1 },
      { text: 'indented', line: 4, column: 3 },
      { text: 'inside', line: 6, column: 2 },
    ]);
  });
});

describe('heredocs', () => {
  it('does not read heredoc bodies as instructions', () => {
    const text = [
      'FROM alpine',
      'RUN <<EOF',
      'EXPOSE 1',
      'EOF',
      "COPY <<-'CONF' /etc/x.conf",
      '\tEXPOSE 2',
      '\tCONF',
      'RUN <<A cat - <<"B"',
      'EXPOSE 5',
      'A',
      'EXPOSE 6',
      'B',
      'EXPOSE 3',
      '',
    ].join('\n');
    expect(rows(text)).toEqual([['13:8-13:9', '3', 3, 3, 'tcp']]);
    const split = splitInstructions(text);
    expect(split.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'COPY', 'RUN', 'EXPOSE']);
    expect(split.instructions[3]!.heredocs).toEqual([
      { name: 'A', chomp: false, line: 9, endLine: 10, terminated: true, body: 'EXPOSE 5' },
      { name: 'B', chomp: false, line: 11, endLine: 12, terminated: true, body: 'EXPOSE 6' },
    ]);
    expect(split.instructions[2]!.heredocs[0]).toMatchObject({ name: 'CONF', chomp: true });
    expect(parse(text).problems).toEqual([]);
  });

  it('is not fooled by `cat<<EOF`, `<< EOF`, a quoted "<<EOF" or the JSON form', () => {
    for (const run of ['RUN cat<<EOF', 'RUN cat << EOF', 'RUN echo "<<EOF"', 'RUN ["sh", "-c", "cat", "<<EOF"]']) {
      const text = `FROM a\n${run}\nEXPOSE 4\n`;
      expect(
        parse(text).declarations.map((d) => d.port),
        run,
      ).toEqual([4]);
    }
  });

  it('reads heredocs of ONBUILD RUN', () => {
    expect(parse('FROM a\nONBUILD RUN <<EOF\nEXPOSE 1\nEOF\nEXPOSE 2\n').declarations.map((d) => d.port)).toEqual([2]);
  });

  it('reports an unterminated heredoc as fatal: the rest of the file is its body', () => {
    const r = parse('FROM a\nEXPOSE 1\nRUN <<X\nEXPOSE 7\n');
    expect(r.declarations.map((d) => d.port)).toEqual([1]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 1,
        severity: 'error',
        fatal: true,
        message: expect.stringMatching(/Unterminated heredoc/),
      }),
    ]);
  });
});

describe('stages', () => {
  const text = [
    'ARG BASE=alpine',
    'FROM ${BASE} AS build',
    'USER builder',
    'EXPOSE 1',
    'FROM --platform=$BUILDPLATFORM build as Final',
    'EXPOSE 2',
    'USER 1000',
    'USER app:app',
    'FROM scratch',
    'EXPOSE 3',
    '',
  ].join('\n');

  it('gives each declaration its stage name, index and whether it is the final stage', () => {
    expect(parse(text).declarations.map((d) => d.context)).toEqual([
      { stage: 'build', stageIndex: 0, finalStage: false },
      { stage: 'Final', stageIndex: 1, finalStage: false },
      { stageIndex: 2, finalStage: true },
    ]);
  });

  it('records the services a stage shows it serves: daemon in CMD, package installed, base image, inherited', () => {
    const text =
      'FROM debian:12 AS base\nRUN apt-get install -y openssh-server\nFROM base\nCMD ["/usr/sbin/sshd", "-D"]\nFROM atmoz/sftp:alpine AS sftp\nFROM alpine\nCMD vsftpd /etc/vsftpd.conf\n';
    expect(parse(text).facts.stages.map((s) => s.serves)).toEqual([['ssh'], ['ssh'], ['ssh'], ['ftp']]);
  });

  it('records one fact per stage with its FROM, last USER and position', () => {
    expect(parse(text).facts.stages).toEqual([
      {
        file: FILE,
        index: 0,
        name: 'build',
        from: '${BASE}',
        final: false,
        inImage: false,
        user: 'builder',
        fileCapabilities: [],
        serves: [],
        loc: { line: 2, column: 1, endLine: 2, endColumn: 22 },
      },
      {
        file: FILE,
        index: 1,
        name: 'Final',
        from: 'build',
        parent: expect.objectContaining({ index: 0, name: 'build' }),
        final: false,
        inImage: false,
        user: 'app:app',
        fileCapabilities: [],
        serves: [],
        loc: { line: 5, column: 1, endLine: 5, endColumn: 46 },
      },
      {
        file: FILE,
        index: 2,
        from: 'scratch',
        final: true,
        inImage: true,
        fileCapabilities: [],
        serves: [],
        loc: { line: 9, column: 1, endLine: 9, endColumn: 13 },
      },
    ]);
    expect(parse(text).problems).toEqual([]);
  });

  it('resolves USER from ARG/ENV and keeps it as written when unknown', () => {
    const r = parse('FROM a\nARG APP_USER=svc\nUSER ${APP_USER}\nFROM b\nUSER ${APP_USER}\n');
    expect(r.facts.stages.map((s) => s.user)).toEqual(['svc', '${APP_USER}']);
  });

  it('records the capabilities `setcap` grants in RUN (command line and heredoc), per stage', () => {
    const text = [
      'FROM nginx AS web',
      'RUN apk add libcap \\',
      '  && setcap    cap_net_bind_service=+ep /usr/sbin/nginx \\',
      '  && setcap -v cap_net_bind_service=+ep /usr/sbin/nginx',
      'RUN <<EOF',
      "/sbin/setcap 'CAP_NET_RAW+eip CAP_NET_ADMIN+i' /usr/bin/dumpcap",
      'EOF',
      'FROM alpine',
      'ARG CAPS=cap_sys_chroot,cap_net_bind_service=ep',
      'RUN setcap $CAPS /bin/x; setcap -r /bin/y; setcap cap_chown-ep /bin/z; echo setcap',
      'FROM alpine',
      'ONBUILD RUN setcap cap_net_bind_service=+ep /bin/x',
      'RUN setcap ${UNKNOWN} /bin/x',
      '',
    ].join('\n');
    expect(parse(text).facts.stages.map((s) => s.fileCapabilities)).toEqual([
      ['NET_BIND_SERVICE', 'NET_RAW'],
      ['SYS_CHROOT', 'NET_BIND_SERVICE'],
      [],
    ]);
  });

  it('warns about a FROM with the wrong number of words', () => {
    const r = parse('FROM a b\nEXPOSE 1\n');
    expect(r.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/FROM takes/) })]);
    expect(r.facts.stages[0]?.from).toBe('a');
  });
});

describe('variables', () => {
  it('sees global ARGs only in stages that re-declare them', () => {
    const text = [
      'ARG PORT=8080',
      'ARG OTHER=9090',
      'FROM alpine',
      'EXPOSE $PORT',
      'ARG PORT',
      'EXPOSE $PORT ${PORT}/udp',
      'ARG OTHER=1234',
      'EXPOSE ${OTHER}',
      'FROM alpine',
      'EXPOSE $PORT',
      '',
    ].join('\n');
    const ds = exposed(parse(text).declarations);
    expect(ds.map((d) => [at(d), d.port, d.protocol, d.unresolved])).toEqual([
      ['4:8-4:13', undefined, 'tcp', ['PORT']],
      ['6:8-6:13', 8080, 'tcp', undefined],
      ['6:14-6:25', 8080, 'udp', undefined],
      ['8:8-8:16', 1234, 'tcp', undefined],
      ['10:8-10:13', undefined, 'tcp', ['PORT']],
    ]);
  });

  it('resolves ${VAR:-default}, ${VAR-default}, ${VAR:+x} and leaves unknown ones unresolved', () => {
    const text = [
      'FROM alpine',
      'ARG NOVAL',
      'ARG EMPTY=',
      'ARG SET=5000',
      'EXPOSE ${NOVAL}',
      'EXPOSE ${NOVAL:-3000} ${EMPTY:-3001} ${EMPTY-3002}',
      'EXPOSE ${SET:+9999} ${NOVAL:+1} ${UNDECLARED:-7000}/udp ${UNDECLARED}/udp',
      '',
    ].join('\n');
    const ds = parse(text).declarations;
    expect(ds.map((d) => [d.raw, d.port, d.protocol, d.unresolved])).toEqual([
      ['${NOVAL}', undefined, 'tcp', ['NOVAL']],
      ['${NOVAL:-3000}', 3000, 'tcp', undefined],
      ['${EMPTY:-3001}', 3001, 'tcp', undefined],
      // `-` without colon keeps a set-but-empty value: the word expands to nothing and exposes nothing.
      ['${SET:+9999}', 9999, 'tcp', undefined],
      ['${NOVAL:+1}', undefined, 'tcp', ['NOVAL']],
      ['${UNDECLARED:-7000}/udp', 7000, 'udp', undefined],
      ['${UNDECLARED}/udp', undefined, 'udp', ['UNDECLARED']],
    ]);
    expect(ds[6]!.protocolRaw).toBe('udp');
  });

  it('reads ENV in both forms, quoted values, and expands with the environment before the instruction', () => {
    const text = [
      'FROM alpine',
      'ENV A=1000 B="2000" C=\'3000\'',
      'ENV D 4000',
      'ENV E=$A',
      'ENV A=1 F=$A',
      'EXPOSE $A $B $C $D $E $F',
      '',
    ].join('\n');
    expect(exposed(parse(text).declarations).map((d) => [d.raw, d.port])).toEqual([
      ['$A', 1],
      ['$B', 2000],
      ['$C', 3000],
      ['$D', 4000],
      ['$E', 1000],
      ['$F', 1000],
    ]);
  });

  it('expands $MIN-$MAX passive ranges and ranges held in one variable', () => {
    const text = [
      'FROM alpine',
      'ENV PASV_MIN_PORT 30000',
      'ENV PASV_MAX_PORT=30009 RANGE="21100-21110"',
      'EXPOSE 20 21 $PASV_MIN_PORT-$PASV_MAX_PORT ${RANGE}/tcp $PASV_MIN_PORT-$NOPE',
      '',
    ].join('\n');
    const ds = exposed(parse(text).declarations);
    expect(ds.map((d) => [at(d), d.port, d.endPort, d.unresolved])).toEqual([
      ['4:8-4:10', 20, 20, undefined],
      ['4:11-4:13', 21, 21, undefined],
      ['4:14-4:43', 30000, 30009, undefined],
      ['4:44-4:56', 21100, 21110, undefined],
      ['4:57-4:77', undefined, undefined, ['NOPE']],
    ]);
  });

  it('gives one declaration per port when a variable holds several (all at the word)', () => {
    const ds = exposed(parse('FROM a\nENV PORTS="80 443/udp"\nEXPOSE $PORTS\n').declarations);
    expect(ds.map((d) => [at(d), d.raw, d.port, d.protocol])).toEqual([
      ['3:8-3:14', '$PORTS', 80, 'tcp'],
      ['3:8-3:14', '$PORTS', 443, 'udp'],
    ]);
  });

  it('lets ENV win over an ARG of the same name, in either order', () => {
    const ds = parse('FROM a\nARG P=1\nENV P=2\nEXPOSE $P\nENV Q=5\nARG Q=6\nEXPOSE $Q\n').declarations;
    expect(ds.map((d) => d.port)).toEqual([2, 5]);
  });

  it('reads an ARG or ENV default that names itself with the value from before it', () => {
    const ds = parse('FROM a\nARG APP_PORT=80\nARG APP_PORT=${APP_PORT}0\nENV DB_PORT=54\nENV DB_PORT=${DB_PORT}32\nEXPOSE $APP_PORT\n');
    expect(ds.declarations.map((d) => [d.line, d.port]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [2, 80],
      [3, 800],
      [4, 54],
      [5, 5432],
      [6, 800],
    ]);
  });

  it('inherits ENV (not ARG) from the stage a FROM names', () => {
    const text = 'FROM alpine AS base\nENV WEB=8080\nARG DBG=9229\nFROM base\nEXPOSE $WEB $DBG\n';
    expect(parse(text).declarations.map((d) => [d.port, d.unresolved])).toEqual([
      [8080, undefined],
      [undefined, ['DBG']],
    ]);
  });

  it('marks a variable unknown when its own value depends on an unknown one', () => {
    const d = only('FROM a\nARG BASE\nENV P=$BASE\nEXPOSE $P\n');
    expect(d.unresolved).toEqual(['P']);
  });
});

describe('problems (never thrown)', () => {
  it('warns about EXPOSE without ports', () => {
    const r = parse('FROM a\nEXPOSE\nEXPOSE    \n');
    expect(r.declarations).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.column, p.endColumn, p.severity, p.fatal])).toEqual([
      [2, 1, 7, 'warn', false],
      [3, 1, 7, 'warn', false],
    ]);
  });

  it('warns about a file without FROM, and about instructions before FROM', () => {
    const r = parse('EXPOSE 80\n');
    expect(r.declarations.map((d) => [d.port, d.context])).toEqual([[80, {}]]);
    expect(r.facts.stages).toEqual([]);
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/EXPOSE before the first FROM/),
      expect.stringMatching(/No FROM instruction/),
    ]);
  });

  it('warns about an empty file and about unknown instructions', () => {
    expect(parse('').problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/no instructions/) })]);
    expect(parse('# only a comment\n\n').problems).toHaveLength(1);
    const r = parse('FROM a\nRUN apt-get install \\\n  curl\n  wget\n');
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 4, column: 3, endColumn: 7, message: expect.stringMatching(/Unknown instruction "wget"/) }),
    ]);
  });

  it('warns about ENV without a value and ignores ONBUILD EXPOSE (it runs in child images)', () => {
    const r = parse('FROM a\nENV LONELY\nONBUILD EXPOSE 80\n');
    expect(r.declarations).toEqual([]);
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/ENV LONELY has no value/)]);
  });

  const token = fc.constantFrom(
    'FROM a',
    'FROM b AS x',
    'EXPOSE',
    ' 80',
    ' 53/udp',
    ' $P',
    ' ${P:-1}',
    ' ${',
    ' "',
    "'",
    ' 1-',
    '\\',
    '`',
    '\n',
    '\r\n',
    '\r',
    '\t',
    ' ',
    '#',
    '# escape=`',
    'ARG P=8',
    'ENV P 9',
    'RUN <<EOF',
    'EOF',
    '<<-',
    'USER u',
    ':',
    '/tcp',
  );

  it('never throws, and every declaration lies inside the file (property)', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const text = tokens.join('');
        const r = parse(text);
        const lines = text.split(/\r\n|\r|\n/);
        for (const d of [...r.declarations]) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.endLine).toBeLessThanOrEqual(lines.length);
          expect(d.column).toBeGreaterThanOrEqual(1);
          if (d.line === d.endLine) expect(covered(text, d)).toBe(d.raw);
        }
        for (const p of r.problems) expect(p.line).toBeLessThanOrEqual(Math.max(1, lines.length));
      }),
      { numRuns: 500 },
    );
  });
});

describe('building blocks', () => {
  it('splitInstructions gives keywords, flags and positions', () => {
    const split = splitInstructions('FROM a\nRUN --mount=type=cache,target=/x --network=none \\\n  make\n');
    const run = split.instructions[1]!;
    expect(run).toMatchObject({ keyword: 'RUN', keywordRaw: 'RUN', loc: { line: 2, column: 1, endLine: 3, endColumn: 7 } });
    expect(run.flags.map((f) => f.text)).toEqual(['--mount=type=cache,target=/x', '--network=none']);
    expect(run.text.slice(run.restStart, run.restEnd)).toBe('make');
    expect(split.instructions[1]!.segments).toEqual([
      { offset: 0, line: 2, column: 1 },
      { offset: run.text.indexOf('  make'), line: 3, column: 1 },
    ]);
  });

  it('expandShellWord follows the BuildKit lexer', () => {
    const vars: Record<string, string> = { X: '', P: '1', Q: '2 3' };
    const look = (n: string) => vars[n];
    expect(expandShellWord(`a"b c"'$d'\${X:-q}\\$e`, look)).toEqual({ value: 'ab c$dq$e', words: ['ab c$dq$e'], unresolved: [] });
    expect(expandShellWord('$P-$Q', look)).toEqual({ value: '1-2 3', words: ['1-2', '3'], unresolved: [] });
    expect(expandShellWord('"$Q"', look).words).toEqual(['2 3']);
    expect(expandShellWord('${R:+x}${S-y}', look)).toEqual({ value: 'y', words: ['y'], unresolved: ['R'] });
    expect(expandShellWord('${P:?}${X:?must be set}', look).error).toMatch(/X: must be set/);
    expect(expandShellWord('`$P', look, '`').value).toBe('$P');
    expect(expandShellWord('${Q/ /-}', look).value).toBe('2-3');
  });

  it('parseWords keeps quotes and splits on blanks outside them', () => {
    expect(parseWords('A=1 B="2 3" C=\'4 5\' D=6\\ 7', '\\')).toEqual(['A=1', 'B="2 3"', "C='4 5'", 'D=6\\ 7']);
  });

  it('parseExposeSpec reads one expanded word', () => {
    expect(parseExposeSpec('20-21/UDP')).toEqual({ port: 20, endPort: 21, protocol: 'udp', protocolRaw: 'UDP' });
    expect(parseExposeSpec('+80')).toEqual({ port: 80, endPort: 80, protocol: 'tcp' });
  });
});

/** The EXPOSE declarations, without the env values ENV and ARG also declare. */
function exposed<T extends { role: string }>(ds: readonly T[]): T[] {
  return ds.filter((d) => d.role === 'container');
}
