/**
 * What a directory walk lints: only recognisable infrastructure config. Other YAML is quiet even
 * when broken; broken infrastructure files and files named on the command line are errors; a Helm
 * chart is one line; an env-named file that is not dotenv is one warning.
 */
import { describe, expect, it } from 'vitest';
import { runCli, useProject } from './helpers.js';

const project = useProject();
const cli = (args: string[], options = {}) => runCli(project.root, ['--format', 'compact', ...args], options);

const FTP_COMPOSE = "services:\n  ftp:\n    image: ftp\n    ports:\n      - '21:21'\n";
const BROKEN = 'key: [unclosed\nother: {\n';

describe('a directory walk lints only infrastructure config', () => {
  it('vendored test YAML, workflows, OpenAPI and CI configs are neither linted nor reported, even when broken', async () => {
    project.write({
      'compose.yaml': FTP_COMPOSE,
      'vendor/github.com/x/y/testdata/bad.yaml': BROKEN,
      'testdata/invalid.yml': '\tfoo: bar\n  - x\n',
      '.github/workflows/ci.yml':
        'name: CI\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    services:\n      db: { image: postgres, ports: ["5432:5432"] }\n',
      'api/openapi.yaml': 'openapi: 3.0.0\npaths:\n  /x: {get: {responses: {"200": {description: ok\n',
      'snap/snapcraft.yaml': 'parts:\n  kompose:\n    override-build: |\n  {{ broken\n',
    });
    const run = await cli([]);
    expect(run.stdout).toMatch(/^compose\.yaml:5:\d+: error insecure-protocol /m);
    expect(run.stdout).not.toMatch(/vendor|testdata|workflows|openapi|snapcraft/);
    expect(run.stdout).toContain('1 file checked: 1 problem (1 error, 0 warnings)');
    expect(run.code).toBe(1);
  });

  it('broken infrastructure stays an error: compose by name, Kubernetes by top-level apiVersion and kind', async () => {
    project.write({
      'docker-compose.prod.yml': 'services:\n  web: [\n',
      'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n',
    });
    const run = await cli(['.']);
    expect(run.stdout).toMatch(/^docker-compose\.prod\.yml:\d+:\d+: error parse-error YAML syntax error/m);
    expect(run.stdout).toMatch(/^k8s\/svc\.yaml:\d+:\d+: error parse-error YAML syntax error/m);
    expect(run.code).toBe(1);
  });

  it('a file named on the command line, or stdin, is linted whatever it looks like', async () => {
    project.write({ 'testdata/bad.yaml': BROKEN });
    const named = await cli(['testdata/bad.yaml']);
    expect(named.stdout).toMatch(/^testdata\/bad\.yaml:\d+:\d+: error parse-error YAML syntax error/m);
    expect(named.code).toBe(1);
    const stdin = await cli(['-'], { stdin: BROKEN });
    expect(stdin.stdout).toMatch(/^<stdin>:\d+:\d+: error parse-error YAML syntax error/m);
  });
});

describe('Helm charts', () => {
  const chart = (name: string): Record<string, string> => ({
    [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
    [`charts/${name}/values.yaml`]: 'service:\n  port: 80\n',
    [`charts/${name}/templates/deployment.yaml`]:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\n',
    [`charts/${name}/templates/service.yaml`]: '{{- if .Values.service.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n',
    [`charts/${name}/templates/tests/test.yaml`]: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ .Release.Name }}"\n',
    [`charts/${name}/templates/_helpers.tpl`]: '{{- define "x.fullname" -}}x{{- end }}\n',
  });

  it('one line per chart, saying how to lint the rendered output, instead of one per template', async () => {
    project.write({ ...chart('web'), ...chart('db'), 'compose.yaml': FTP_COMPOSE });
    const run = await cli([]);
    const lines = run.stdout.split('\n').filter((l) => l.includes('charts/'));
    expect(lines).toEqual([
      'charts/db/Chart.yaml:1:1: warning skipped-file Helm chart: its templates are not linted; lint the rendered chart: helm template charts/db | portlint -',
      'charts/web/Chart.yaml:1:1: warning skipped-file Helm chart: its templates are not linted; lint the rendered chart: helm template charts/web | portlint -',
    ]);
  });

  it('a template named on the command line is still reported as one', async () => {
    project.write(chart('web'));
    const run = await cli(['charts/web/templates/deployment.yaml']);
    expect(run.stdout).toMatch(/^charts\/web\/templates\/deployment\.yaml:4:\d+: warning skipped-file Helm template/m);
  });

  it('a subchart is rendered by its parent: only the outermost chart gets a line, a walk or --as-walk alike', async () => {
    const nested = Object.fromEntries(
      Object.entries({ ...chart('config'), ...chart('mtls') }).map(([path, text]) => [
        path.replace(/^charts\//, 'charts/app/charts/'),
        text,
      ]),
    );
    project.write({
      ...chart('app'),
      ...nested,
      'charts/app/charts/mtls/charts/certs/Chart.yaml': 'apiVersion: v2\nname: certs\nversion: 1.0.0\n',
    });
    const lines = (out: string) => out.split('\n').filter((l) => l.includes('skipped-file'));
    const expected = [
      'charts/app/Chart.yaml:1:1: warning skipped-file Helm chart: its templates are not linted; lint the rendered chart: helm template charts/app | portlint -',
    ];
    const walk = await cli(['--debug']);
    expect(lines(walk.stdout)).toEqual(expected);
    expect(walk.stderr).toContain(
      'portlint: debug: charts/app/charts/mtls/Chart.yaml: skipped: Helm subchart of the chart in charts/app, which renders it\n',
    );
    const staged = await cli([
      '--as-walk',
      'charts/app/charts/mtls/templates/service.yaml',
      'charts/app/charts/mtls/charts/certs/Chart.yaml',
    ]);
    expect(lines(staged.stdout)).toEqual(expected);
  });

  it('--debug names each template skipped and why', async () => {
    project.write(chart('web'));
    const run = await cli(['--debug']);
    expect(run.stderr).toContain(
      'portlint: debug: charts/web/templates/deployment.yaml: skipped: Helm template of the chart in charts/web\n',
    );
    expect(run.stderr).toContain('portlint: debug: charts/web/values.yaml: skipped: YAML that is neither Kubernetes nor Compose\n');
  });
});

describe("a package manager's vendor directory", () => {
  const REDIS_COMPOSE = "services:\n  redis:\n    image: redis:7\n    ports:\n      - '6379:6379'\n";
  const vendored = {
    'vendor/modules.txt': '# github.com/redis/go-redis/v9 v9.7.0\n## explicit; go 1.18\ngithub.com/redis/go-redis/v9\n',
    'vendor/github.com/redis/go-redis/v9/docker-compose.yml': REDIS_COMPOSE,
    'php/vendor/autoload.php': '<?php\nreturn require __DIR__ . "/composer/autoload_real.php";\n',
    'php/vendor/acme/ftp/Dockerfile': 'FROM alpine\nEXPOSE 21\n',
    'deploy/vendor/aws/compose.yaml': REDIS_COMPOSE,
  };

  it('is left out of a walk when Go modules or Composer wrote it; a folder merely named vendor is not', async () => {
    project.write(vendored);
    const run = await cli(['--debug']);
    expect(run.stdout).not.toMatch(/^(php\/)?vendor\//m);
    expect(run.stdout).toMatch(/^deploy\/vendor\/aws\/compose\.yaml:5:\d+: error exposed-sensitive-port /m);
    expect(run.stderr).toContain(
      'portlint: debug: vendor/github.com/redis/go-redis/v9/docker-compose.yml: skipped: vendored by Go modules (vendor/): third-party code\n',
    );
    expect(run.stderr).toContain(
      'portlint: debug: php/vendor/acme/ftp/Dockerfile: skipped: vendored by Composer (php/vendor/): third-party code\n',
    );
  });

  it('is linted when the walk starts inside it, or a file in it is named', async () => {
    project.write(vendored);
    const below = await cli(['php', '--debug']);
    expect(below.stderr).toContain(
      'portlint: debug: php/vendor/acme/ftp/Dockerfile: skipped: vendored by Composer (php/vendor/): third-party code\n',
    );
    const inside = await cli(['vendor/github.com/redis']);
    expect(inside.stdout).toMatch(/^vendor\/github\.com\/redis\/go-redis\/v9\/docker-compose\.yml:5:\d+: error exposed-sensitive-port /m);
    const named = await cli(['php/vendor/acme/ftp/Dockerfile']);
    expect(named.stdout).toMatch(/^php\/vendor\/acme\/ftp\/Dockerfile:2:8: error insecure-protocol /m);
  });
});

describe('a file named like an env file that is not dotenv', () => {
  const DIFF =
    'diff --git i/.env.example w/.env.example\nindex d3cdddd..94a75e5 100644\n--- i/.env.example\n+++ w/.env.example\n@@ -66,7 +66,7 @@ NGINX_PORT=80\n NGINX_SSLPORT=443\n-A=1\n+A=2\n';
  const SCRIPT = 'export PORT=8080\nif [ -z "$HOST" ]; then\n  HOST=localhost\nfi\nsetup() {\n  echo "$HOST:$PORT"\n}\n';

  it('a unified diff (.env.patch, patch.env) is one warning for the file, not one per line', async () => {
    project.write({ '.env.patch': DIFF, 'patch.env': DIFF });
    const run = await cli([]);
    expect(run.stdout.split('\n').filter((l) => l.includes(': warning '))).toEqual([
      '.env.patch:1:1: warning skipped-file not an env file (it reads as a unified diff from line 1), so it is not linted',
      'patch.env:1:1: warning skipped-file not an env file (it reads as a unified diff from line 1), so it is not linted',
    ]);
    expect(run.stdout).not.toContain('malformed line');
  });

  it('a shell script named *.env', async () => {
    project.write({ 'build.env': SCRIPT });
    const run = await cli([]);
    expect(run.stdout).toContain(
      'build.env:2:1: warning skipped-file not an env file (it reads as a shell script from line 2), so it is not linted',
    );
    expect(run.stdout.match(/: warning /g)).toHaveLength(1);
  });

  it('a dotenv file with one malformed line still gets that one line reported', async () => {
    project.write({ '.env': 'PORT=8080\nthis is not\nHOST=x\n' });
    const run = await cli([]);
    expect(run.stdout).toContain('.env:2:1: warning parse-error malformed line');
  });
});
