/**
 * Suppressions end to end through `lintText` with the real rules: every comment form in every
 * format, comments that only look like directives, the Kubernetes annotation, unknown ids and
 * `reportUnusedDisableDirectives`.
 */
import { describe, expect, it } from 'vitest';
import { lintText, type LintTextOptions } from '../src/api.js';
import { directivesOf } from '../src/engine/suppressions.js';
import { safeParse } from '../src/parsers/index.js';

/** The directive comments a parser hands the engine. */
const commentsOf = (file: string, text: string) => safeParse(text, file).comments;

/** `line rule` for every message (`directive` for reports about suppressions). */
function lint(filePath: string, text: string, options: Partial<LintTextOptions> = {}): string[] {
  return lintText(text, { filePath, useConfigFiles: false, ...options })
    .flatMap((r) => r.messages)
    .map((m) => `${m.line} ${m.ruleId ?? m.messageId ?? 'parse'}`);
}

function messages(filePath: string, text: string, options: Partial<LintTextOptions> = {}) {
  return lintText(text, { filePath, useConfigFiles: false, ...options }).flatMap((r) => r.messages);
}

/** `line rule` for the (first) line of `text` containing `needle`. */
function at(text: string, needle: string, rule: string): string {
  const line = text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  if (line === 0) throw new Error(`"${needle}" is not in the text`);
  return `${line} ${rule}`;
}

const DEPLOYMENT = (ports: string, annotations = '', podAnnotations = ''): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    annotations,
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    podAnnotations,
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '          ports:',
    ports,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');

describe('comment directives in YAML', () => {
  it('baseline: the manifests below do produce findings', () => {
    const text = DEPLOYMENT('            - containerPort: 21\n              hostPort: 8021');
    expect(lint('deploy.yaml', text)).toEqual([
      at(text, 'containerPort: 21', 'insecure-protocol'),
      at(text, 'hostPort: 8021', 'host-port'),
    ]);
  });

  it('disable-next-line silences the named rule on the next line only', () => {
    const text = DEPLOYMENT(
      '            # portlint-disable-next-line insecure-protocol -- legacy FTP, removed in Q3\n            - containerPort: 21\n              hostPort: 8021\n            - containerPort: 23',
    );
    expect(lint('deploy.yaml', text)).toEqual([
      at(text, 'hostPort: 8021', 'host-port'),
      at(text, 'containerPort: 23', 'insecure-protocol'),
    ]);
  });

  it('disable-line silences findings on its own line; several ids are comma-separated', () => {
    const text = DEPLOYMENT(
      '            - containerPort: 21\n              hostPort: 8021 # portlint-disable-line host-port, insecure-protocol',
    );
    expect(lint('deploy.yaml', text)).toEqual([at(text, 'containerPort: 21', 'insecure-protocol')]);
  });

  it('a directive without ids silences every rule', () => {
    const text = DEPLOYMENT('            - {containerPort: 21, hostPort: 8021} # portlint-disable-line');
    expect(lint('deploy.yaml', text)).toEqual([]);
  });

  it('disable/enable blocks: all rules, one rule, and enable of one rule inside a block of all', () => {
    const block = DEPLOYMENT(
      [
        '            # portlint-disable',
        '            - containerPort: 21',
        '              hostPort: 8021',
        '            # portlint-enable',
        '            - containerPort: 23',
      ].join('\n'),
    );
    expect(lint('deploy.yaml', block)).toEqual([at(block, 'containerPort: 23', 'insecure-protocol')]);
    const partial = DEPLOYMENT(
      [
        '            # portlint-disable',
        '            # portlint-enable host-port',
        '            - containerPort: 21',
        '              hostPort: 8021',
      ].join('\n'),
    );
    expect(lint('deploy.yaml', partial)).toEqual([at(partial, 'hostPort: 8021', 'host-port')]);
    const unterminated = DEPLOYMENT(
      '            # portlint-disable insecure-protocol\n            - containerPort: 21\n            - containerPort: 23\n              hostPort: 8023',
    );
    expect(lint('deploy.yaml', unterminated)).toEqual([at(unterminated, 'hostPort: 8023', 'host-port')]);
  });

  it('a block starts where the comment is: a trailing disable does not cover what precedes it on the line', () => {
    const text = DEPLOYMENT('            - containerPort: 21 # portlint-disable\n            - containerPort: 23');
    expect(lint('deploy.yaml', text)).toEqual([at(text, 'containerPort: 21', 'insecure-protocol')]);
  });

  it('ignores # inside quoted strings, block scalars and URL fragments', () => {
    const text = [
      'services:',
      '  ftp:',
      '    image: "ftp # portlint-disable-line"',
      '    command: |',
      '      # portlint-disable',
      '    healthcheck: {test: "curl http://h/#portlint-disable"}',
      '    ports:',
      "      - '21:21'",
      '',
    ].join('\n');
    expect(lint('compose.yaml', text)).toEqual(['8 insecure-protocol']);
    expect(commentsOf('compose.yaml', text)).toEqual([]);
  });

  it('finds real comments with exact positions, CRLF included; other comments are not kept', () => {
    const text = 'a: "x # portlint-no" # portlint-a\r\n# portlint-b\r\n# other\r\nb: [1, 2] #  portlint-c\r\n';
    expect(commentsOf('deploy.yaml', text)).toEqual([
      { text: ' portlint-a', line: 1, column: 22, endColumn: 34 },
      { text: ' portlint-b', line: 2, column: 1, endColumn: 13 },
      { text: '  portlint-c', line: 4, column: 11, endColumn: 24 },
    ]);
  });

  it('needs the directive at the start of the comment and a word boundary after it', () => {
    const text = "services:\n  ftp:\n    ports:\n      - '21:21' # see portlint-disable-line\n      - '20:20' # portlint-disabled\n";
    expect(lint('compose.yaml', text)).toEqual(['4 insecure-protocol', '5 insecure-protocol']);
  });

  it('reads the reason after " -- " and the ids before it', () => {
    const [d] = directivesOf([{ text: ' portlint-disable-next-line a-b, c -- why -- really', line: 3, column: 5, endColumn: 60 }]);
    expect(d).toMatchObject({ kind: 'disable-next-line', ruleIds: ['a-b', 'c'], reason: 'why -- really', fromLine: 4, toLine: 4 });
  });
});

describe('comment directives in Dockerfiles', () => {
  it('disable-next-line covers the whole next instruction, continuation lines included', () => {
    const text = 'FROM alpine\n# portlint-disable-next-line insecure-protocol -- legacy\nEXPOSE 80 \\\n  21 \\\n  23\nEXPOSE 20\n';
    expect(lint('Dockerfile', text)).toEqual(['6 insecure-protocol']);
  });

  it('a directive on the line after blank lines and comments still reaches the next instruction', () => {
    const text = 'FROM alpine\n# portlint-disable-next-line insecure-protocol\n\n# the FTP control port\nEXPOSE 21\n';
    expect(lint('Dockerfile', text)).toEqual([]);
  });

  it('inside a continuation it covers the next physical line', () => {
    const text = 'FROM alpine\nEXPOSE 21 \\\n# portlint-disable-next-line insecure-protocol\n  23\n';
    expect(lint('Dockerfile', text)).toEqual(['2 insecure-protocol']);
  });

  it('a trailing # is not a comment in a Dockerfile, so disable-line there is no directive', () => {
    const text = 'FROM alpine\nEXPOSE 21 # portlint-disable-line\n';
    expect(directivesOf(commentsOf('Dockerfile', text))).toEqual([]);
    expect(lint('Dockerfile', text)).toContain('2 insecure-protocol');
  });

  it('a # line inside a heredoc is not a comment', () => {
    const text = 'FROM alpine\nRUN <<EOF\n# portlint-disable-next-line\nEOF\nEXPOSE 23\n';
    expect(directivesOf(commentsOf('Dockerfile', text))).toEqual([]);
    expect(lint('Dockerfile', text)).toEqual(['5 insecure-protocol']);
  });

  it('blocks work in Dockerfiles', () => {
    const text = 'FROM alpine\n# portlint-disable insecure-protocol\nEXPOSE 21\n# portlint-enable insecure-protocol\nEXPOSE 23\n';
    expect(lint('Dockerfile', text)).toEqual(['5 insecure-protocol']);
  });
});

describe('comment directives in env files', () => {
  it('disable-next-line, trailing disable-line, and # inside quotes', () => {
    const text = [
      '# portlint-disable-next-line insecure-protocol',
      'FTP_PORT=21',
      'TELNET_PORT=23 # portlint-disable-line insecure-protocol',
      'FTP2_PORT="21" # portlint-disable-line',
      'NOTE="# portlint-disable"',
      'FTP3_PORT=20',
      '',
    ].join('\n');
    expect(lint('.env', text)).toEqual(['6 insecure-protocol']);
  });

  it('lines inside a multi-line quoted value are not comments', () => {
    const text = 'KEY="line one\n# portlint-disable\n"\nFTP_PORT=21\n';
    expect(commentsOf('.env', text)).toEqual([]);
    expect(lint('.env', text)).toEqual(['4 insecure-protocol']);
  });

  it('positions of env comments', () => {
    expect(commentsOf('.env', 'A=1 # portlint-one\n  # portlint-two\nB="x" #portlint-three\n# other\n')).toEqual([
      { text: ' portlint-one', line: 1, column: 5, endColumn: 19 },
      { text: ' portlint-two', line: 2, column: 3, endColumn: 17 },
      { text: 'portlint-three', line: 3, column: 7, endColumn: 22 },
    ]);
  });
});

describe('the portlint.dev/ignore annotation', () => {
  const ports = '            - containerPort: 21\n              hostPort: 8021';

  it('on the object silences the listed rules for that object', () => {
    const text = DEPLOYMENT(ports, '  annotations:\n    portlint.dev/ignore: "host-port, insecure-protocol"');
    expect(lint('deploy.yaml', text)).toEqual([]);
  });

  it('on the pod template too, and only the rules it lists', () => {
    const text = DEPLOYMENT(ports, '', '      annotations:\n        portlint.dev/ignore: host-port');
    expect(lint('deploy.yaml', text)).toEqual([at(text, 'containerPort: 21', 'insecure-protocol')]);
  });

  it('"*" silences every rule; other objects in the same file are not affected', () => {
    const other = DEPLOYMENT(ports).replace('name: web', 'name: api');
    const text = `${DEPLOYMENT(ports, '  annotations:\n    portlint.dev/ignore: "*"')}\n---\n${other}`;
    const found = lint('deploy.yaml', text);
    const second = text.slice(text.indexOf('---'));
    const offset = text.slice(0, text.indexOf('---')).split('\n').length - 1;
    const shift = (s: string): string => s.replace(/^\d+/, (n) => String(Number(n) + offset));
    expect(found).toEqual([shift(at(second, 'containerPort: 21', 'insecure-protocol')), shift(at(second, 'hostPort: 8021', 'host-port'))]);
  });

  it('applies to findings reported at the object rather than at a declaration (hostNetwork)', () => {
    const text = DEPLOYMENT(ports, '  annotations:\n    portlint.dev/ignore: host-port').replace(
      '    spec:\n      containers:',
      '    spec:\n      hostNetwork: true\n      containers:',
    );
    expect(lint('deploy.yaml', text).filter((l) => l.endsWith('host-port'))).toEqual([]);
    expect(
      lint('deploy.yaml', text.replace('portlint.dev/ignore: host-port', 'other: x')).filter((l) => l.endsWith('host-port')),
    ).not.toEqual([]);
  });

  it('in a List, applies to the annotated item only, findings placed by position', () => {
    const pod = (name: string, annotations: string) =>
      `  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: ${name}\n${annotations}    spec:\n      hostNetwork: true\n      containers:\n        - name: c\n          image: x\n`;
    const text = `apiVersion: v1\nkind: List\nitems:\n${pod('a', '      annotations:\n        portlint.dev/ignore: host-port\n')}${pod('b', '')}`;
    expect(lint('list.yaml', text).filter((l) => l.endsWith('host-port'))).toEqual([
      at(text.slice(text.indexOf('name: b')), 'hostNetwork', 'host-port').replace(/^\d+/, (n) =>
        String(Number(n) + text.slice(0, text.indexOf('name: b')).split('\n').length - 1),
      ),
    ]);
  });

  it('on a Service silences its findings', () => {
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    portlint.dev/ignore: nodeport-range\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n';
    expect(lint('svc.yaml', svc)).toEqual([]);
    expect(lint('svc.yaml', svc.replace('portlint.dev/ignore', 'x'))).toEqual(['11 nodeport-range']);
  });

  it('reports unknown rule ids with a suggestion', () => {
    const text = DEPLOYMENT(ports, '  annotations:\n    portlint.dev/ignore: "host-port,insecure-protocl"');
    const m = messages('deploy.yaml', text).find((x) => x.messageId === 'unknownRuleInDirective');
    expect(m?.message).toBe('Unknown rule "insecure-protocl" in annotation portlint.dev/ignore (did you mean "insecure-protocol"?)');
    expect(m?.severity).toBe(1);
  });
});

describe('unknown ids and unused directives', () => {
  it('reports an unknown id in a comment with "did you mean", whatever the flags', () => {
    const text = "services:\n  ftp:\n    ports:\n      - '21:21' # portlint-disable-line insecure-protocl\n";
    const found = messages('compose.yaml', text);
    expect(found.map((m) => [m.line, m.ruleId, m.message])).toEqual([
      [4, 'insecure-protocol', expect.stringContaining('FTP')],
      [4, 'unknown-rule', 'Unknown rule "insecure-protocl" in portlint-disable-line comment (did you mean "insecure-protocol"?)'],
    ]);
  });

  it('hints at " -- " when an id holds spaces (a reason without the separator)', () => {
    const text = "services:\n  ftp:\n    ports:\n      - '21:21' # portlint-disable-line insecure-protocol because legacy\n";
    expect(messages('compose.yaml', text).map((m) => m.message)).toContain(
      'Unknown rule "insecure-protocol because legacy" in portlint-disable-line comment (rule ids are separated by commas; put a reason after " -- ")',
    );
  });

  it('reports directives and annotation ids that silence nothing, only when asked', () => {
    const text = DEPLOYMENT(
      [
        '            # portlint-disable-next-line insecure-protocol, privileged-port',
        '            - containerPort: 21',
        '            - containerPort: 8080 # portlint-disable-line',
        '            # portlint-disable host-port',
        '            # portlint-enable',
      ].join('\n'),
      '  annotations:\n    portlint.dev/ignore: "duplicate-port"',
    );
    expect(lint('deploy.yaml', text)).toEqual([]);
    const reported = messages('deploy.yaml', text, { reportUnusedDisableDirectives: true });
    expect(reported.map((m) => `${m.line}:${m.column} ${m.severity} ${m.message}`)).toEqual([
      '4:9 2 Unused portlint.dev/ignore annotation (no problems were reported from "duplicate-port")',
      '18:13 2 Unused portlint-disable-next-line directive (no problems were reported from "privileged-port")',
      '20:35 2 Unused portlint-disable-line directive (no problems were reported)',
      '21:13 2 Unused portlint-disable directive (no problems were reported from "host-port")',
    ]);
    expect(reported.every((m) => m.ruleId === 'unused-directive' && m.messageId === 'unusedDisableDirective')).toBe(true);
    expect(messages('deploy.yaml', text, { reportUnusedDisableDirectives: 'warn' }).every((m) => m.severity === 1)).toBe(true);
  });

  it('a line directive inside a block makes the block the unused one', () => {
    const text =
      "services:\n  ftp:\n    ports:\n      # portlint-disable insecure-protocol\n      - '21:21' # portlint-disable-line insecure-protocol\n";
    const reported = messages('compose.yaml', text, { reportUnusedDisableDirectives: true });
    expect(reported.map((m) => m.line)).toEqual([4]);
  });

  it('allowInlineConfig: false ignores comments and annotations', () => {
    const text = DEPLOYMENT('            - containerPort: 21 # portlint-disable-line', '  annotations:\n    portlint.dev/ignore: "*"');
    expect(lint('deploy.yaml', text, { allowInlineConfig: false })).toEqual([at(text, 'containerPort: 21', 'insecure-protocol')]);
  });

  it('an all-rules directive never suppresses parse problems; one naming parse-error does', () => {
    const text = '# portlint-disable\nservices:\n  web:\n    ports: [\n';
    expect(lint('compose.yaml', text).some((l) => l.endsWith(' parse-error'))).toBe(true);
    expect(lint('compose.yaml', text.replace('portlint-disable', 'portlint-disable parse-error'))).toEqual([]);
  });

  it('built-in ids are settings like rule ids: off, or raised to error', () => {
    const text = "services:\n  ftp:\n    ports:\n      - '21:21' # portlint-disable-line insecure-protocl\n";
    expect(messages('compose.yaml', text, { rules: { 'unknown-rule': 'off' } }).map((m) => m.ruleId)).toEqual(['insecure-protocol']);
    expect(messages('compose.yaml', text, { rules: { 'unknown-rule': 'error' } }).find((m) => m.ruleId === 'unknown-rule')?.severity).toBe(
      2,
    );
    const unused = "services:\n  web:\n    ports:\n      - '8080:80' # portlint-disable-line\n";
    expect(messages('compose.yaml', unused).map((m) => m.ruleId)).toEqual([]);
    expect(messages('compose.yaml', unused, { rules: { 'unused-directive': 'warn' } }).map((m) => m.ruleId)).toEqual(['unused-directive']);
    // A parse warning stays a warning at `error` (its own severity is a ceiling); `off` drops it.
    const env = 'FTP_PORT=21\nnot a line\n';
    expect(messages('.env', env).map((m) => [m.ruleId, m.severity])).toEqual([
      ['insecure-protocol', 2],
      ['parse-error', 1],
    ]);
    expect(messages('.env', env, { rules: { 'parse-error': 'off' } }).map((m) => m.ruleId)).toEqual(['insecure-protocol']);
  });
});
