/**
 * Which parser family a file belongs to: by its base name, or (stdin without a usable name) by a
 * look at its content. Kubernetes vs Compose is decided later, from the parsed YAML.
 *
 * Name rules, in order (the first that matches wins):
 * 1. YAML by extension: `*.yaml`, `*.yml` — so `.env.yml` and `Dockerfile.yml` are YAML.
 * 2. Dockerfile: `Dockerfile`, `Containerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`,
 *    `Containerfile.*`, `Containerfile-*`, `Containerfile_*`, `*.Dockerfile`, `*.Containerfile`
 *    (the name part case-insensitively). `Dockerfile.env` is a Dockerfile: the `Dockerfile.<variant>`
 *    convention (`docker build -f Dockerfile.prod`) is stronger than the `*.env` suffix. Names whose
 *    last suffix marks a non-Dockerfile (`Dockerfile.dockerignore`, templates such as
 *    `Dockerfile.template`, `.j2`, `.tmpl`, backups, docs, scripts, JSON) are not Dockerfiles.
 * 3. env: `.env`, `.env.*` (`.env.production`, `.env.example`, `.env.local`…), `.env-example`,
 *    `.env_sample` and the like, `*.env` (`app.env`, `defaults.env`), `*.env.*` (`app.env.example`),
 *    `env.<example|sample|template|dist|list|local|…>` (also `env-example`) (Docker's `--env-file env.list`), except
 *    names ending in a code/data extension (`.env.js`, `.env.json`, `config.env.ts`…). `.envrc`
 *    (direnv: a shell script) and `environment.yml` (YAML, rule 1) are not env files.
 */
import { stripBom } from '../text.js';

export type FileKind = 'yaml' | 'dockerfile' | 'env' | null;

/** Last suffixes that mean "not a Dockerfile", even after `Dockerfile.`. */
const NOT_DOCKERFILE_SUFFIX: ReadonlySet<string> = new Set([
  'dockerignore', 'template', 'tmpl', 'tpl', 'j2', 'jinja', 'jinja2', 'erb', 'mustache', 'hbs',
  'gotmpl', 'bak', 'orig', 'rej', 'swp', 'md', 'txt', 'json', 'sh', 'ps1', 'py', 'patch', 'diff',
]);

/** Last suffixes that make a `.env.*` / `*.env.*` name source code or data rather than an env file. */
const NOT_ENV_SUFFIX: ReadonlySet<string> = new Set([
  'js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'jsx', 'tsx', 'json', 'json5', 'toml', 'xml', 'ini', 'py',
  'rb', 'php', 'go', 'java', 'kt', 'rs', 'sh', 'bash', 'zsh', 'ps1', 'md', 'lock', 'd', 'swp',
]);

/** Suffixes of `env.<suffix>`, `.env-<suffix>`, `.env_<suffix>` example/variant files. */
const ENV_VARIANT = 'example|sample|template|tmpl|dist|list|local|default|defaults|dev|development|prod|production|test|staging';
const ENV_VARIANT_RE = new RegExp(`^(?:env[.\\-_]|\\.env[-_])(?:${ENV_VARIANT})$`);

const DOCKERFILE_RE = /^(?:docker|container)file(?:[.\-_].+)?$|^.+\.(?:docker|container)file$/;

function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

function lastSuffix(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

function isDockerfileName(lower: string): boolean {
  if (!DOCKERFILE_RE.test(lower)) return false;
  return !NOT_DOCKERFILE_SUFFIX.has(lastSuffix(lower));
}

function isEnvName(lower: string): boolean {
  if (lower === '.env') return true;
  if (ENV_VARIANT_RE.test(lower)) return true;
  if (lower.startsWith('.envrc')) return false;
  const envPart = lower.startsWith('.env.') || /.\.env$/.test(lower) || /.\.env\../.test(lower);
  return envPart && !NOT_ENV_SUFFIX.has(lastSuffix(lower));
}

/** Which parser family a path belongs to, by its base name; null = not ours. */
export function kindFromPath(path: string): FileKind {
  const lower = baseName(path).toLowerCase();
  if (lower === '') return null;
  if (/\.ya?ml$/.test(lower)) return 'yaml';
  if (isDockerfileName(lower)) return 'dockerfile';
  if (isEnvName(lower)) return 'env';
  return null;
}

const ENV_LINE_RE = /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/;
const DOCKER_FIRST_RE = /^(?:FROM|ARG)\s/i;
const FROM_LINE_RE = /^[ \t]*FROM[ \t]+\S/im;

/**
 * For content read from stdin without a usable filename: guess from content (FROM line →
 * dockerfile; `KEY=` lines → env; else yaml). A Dockerfile's first instruction must be `FROM` or
 * `ARG` and it must have a `FROM` line; env content must start with `KEY=` and have more `KEY=`
 * lines than other lines (comments and blank lines aside).
 */
export function kindFromContent(text: string): Exclude<FileKind, null> {
  const source = stripBom(text);
  const lines = source
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return 'yaml';
  if (DOCKER_FIRST_RE.test(lines[0]) && FROM_LINE_RE.test(source)) return 'dockerfile';
  const envLines = lines.filter((l) => ENV_LINE_RE.test(l)).length;
  if (ENV_LINE_RE.test(lines[0]) && envLines * 2 > lines.length) return 'env';
  return 'yaml';
}
