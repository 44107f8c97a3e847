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
  'dockerignore',
  'template',
  'tmpl',
  'tpl',
  'j2',
  'jinja',
  'jinja2',
  'erb',
  'mustache',
  'hbs',
  'gotmpl',
  'bak',
  'orig',
  'rej',
  'swp',
  'md',
  'txt',
  'json',
  'sh',
  'ps1',
  'py',
  'patch',
  'diff',
]);

/** Last suffixes that make a `.env.*` / `*.env.*` name source code or data rather than an env file. */
const NOT_ENV_SUFFIX: ReadonlySet<string> = new Set([
  'js',
  'mjs',
  'cjs',
  'ts',
  'mts',
  'cts',
  'jsx',
  'tsx',
  'json',
  'json5',
  'toml',
  'xml',
  'ini',
  'py',
  'rb',
  'php',
  'go',
  'java',
  'kt',
  'rs',
  'sh',
  'bash',
  'zsh',
  'ps1',
  'md',
  'lock',
  'd',
  'swp',
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

/** `word` as a glob that matches it in any case (`env`: `[eE][nN][vV]`). */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
}

/**
 * Globs a directory walk asks for: they match every name `kindFromPath` reads, and more
 * (`kindFromPath` has the last word). globby tests each path a walk finds against every rule of
 * every `.gitignore` of the tree; asking for these instead of every file hands it far fewer
 * (grafana/loki: 17,800 files, 175 `.gitignore` files, 1,479 rules, 11 s of the walk).
 */
export const LINTABLE_NAME_GLOBS: readonly string[] = [
  `**/*.${anyCase('yaml')}`,
  `**/*.${anyCase('yml')}`,
  `**/*${anyCase('dockerfile')}*`,
  `**/*${anyCase('containerfile')}*`,
  `**/*${anyCase('env')}*`,
];

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
  const first = lines[0];
  if (first === undefined) return 'yaml';
  if (DOCKER_FIRST_RE.test(first) && FROM_LINE_RE.test(source)) return 'dockerfile';
  const envLines = lines.filter((l) => ENV_LINE_RE.test(l)).length;
  if (ENV_LINE_RE.test(first) && envLines * 2 > lines.length) return 'env';
  return 'yaml';
}

// ---------------------------------------------------------------------------------------------
// Deciding a YAML file's format before parsing it

/** What a YAML file is, decided from its name and its top-level keys, before it is parsed. */
export type YamlKind = 'kubernetes' | 'compose' | 'helm-chart';

/** `docker-compose*.yml`, `compose*.yaml` and the like: compose by name. */
const COMPOSE_NAME_RE = /^(?:docker-)?compose[^/\\]*\.ya?ml$/i;

/** A key at column 0 (a top-level key of a block mapping), plain or quoted. */
const TOP_LEVEL_KEY_RE = /^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))[ \t]*:(?=[ \t]|\r?$)/gm;

/** The top-level keys that decide a YAML file's format. */
const DECIDING_KEYS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'name', 'services']);

/**
 * Which of `DECIDING_KEYS` are written at column 0 of any document of the text (block scalars are
 * indented, so never among them). The scan stops once `apiVersion` and `kind` are seen (and, in a
 * file that may be a Helm chart, `name`): nothing later in the text changes the answer, and in
 * most manifests they are the first two lines.
 */
function decidingKeys(text: string, helmChartName: boolean): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(TOP_LEVEL_KEY_RE)) {
    const key = m[1] ?? m[2] ?? m[3] ?? '';
    if (!DECIDING_KEYS.has(key)) continue;
    keys.add(key);
    if (keys.has('apiVersion') && keys.has('kind') && (!helmChartName || keys.has('name'))) break;
  }
  return keys;
}

/** True when the name says Docker Compose (`compose.yaml`, `docker-compose.prod.yml`). */
export function isComposeName(path: string): boolean {
  return COMPOSE_NAME_RE.test(baseName(path));
}

/** The file names kustomize reads as a kustomization. */
const KUSTOMIZATION_NAME_RE = /^(?:kustomization\.ya?ml|Kustomization)$/;

/** Whether kustomize reads the file at `path` as a kustomization. */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_NAME_RE.test(baseName(path));
}

/**
 * Which YAML format a file is, from its name and a look at its top-level keys (no parse):
 * - `helm-chart`: a `Chart.yaml` (Helm's exact name) with top-level `apiVersion` and `name`;
 * - `kubernetes`: top-level `apiVersion` and `kind` (in any document);
 * - `compose`: named like a compose file, or with a top-level `services` key;
 * - null: anything else (GitHub workflows, OpenAPI specs, CI configs, Helm values, test data).
 */
export function yamlKindOf(text: string, path: string): YamlKind | null {
  const name = baseName(path);
  const keys = decidingKeys(text, name === 'Chart.yaml');
  if (name === 'Chart.yaml' && keys.has('apiVersion') && keys.has('name')) return 'helm-chart';
  if (keys.has('apiVersion') && keys.has('kind')) return 'kubernetes';
  // A kustomization (often without apiVersion and kind) says which manifests are deployed together.
  if (isKustomizationFile(name)) return 'kubernetes';
  if (COMPOSE_NAME_RE.test(name) || keys.has('services')) return 'compose';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Env files that are not dotenv

/** Why a file named like an env file is not one: what it reads as, and the line that shows it. */
export interface NotDotenv {
  /** `a unified diff`, `a shell script`, … (completes "it reads as …"). */
  readsAs: string;
  /** 1-based line of the evidence. */
  line: number;
}

const DIFF_LINE_RE = /^(?:diff --git |--- \S|\+\+\+ \S|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|Index: \S)/;
/** Shell control structures and function definitions at the start of a statement. */
const SHELL_LINE_RE =
  /^(?:(?:if|elif|while|until|for|case|function)\s|(?:then|else|fi|do|done|esac)(?=[\s;]|$)|[A-Za-z_][\w-]*\s*\(\)\s*\{?\s*$|\[\[?\s)/;
const TEMPLATE_LINE_RE = /^(?:\{%|\{\{|<%)/;

/**
 * Whether text in a file named like an env file is something else: a unified diff (two or more
 * diff header or hunk lines), a shell script (a `#!` first line, or shell control structures or
 * function definitions), or a template (Jinja, Go, ERB control lines). Undefined when it reads as
 * dotenv, even with a few malformed lines (those are reported one by one).
 */
export function notDotenv(text: string): NotDotenv | undefined {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  if (lines[0]?.startsWith('#!')) return { readsAs: 'a shell script', line: 1 };
  let diff: number | undefined;
  let diffLines = 0;
  for (const [i, raw] of lines.entries()) {
    if (DIFF_LINE_RE.test(raw)) {
      diff ??= i + 1;
      if (++diffLines >= 2) return { readsAs: 'a unified diff', line: diff };
    }
    const line = raw.trim();
    if (SHELL_LINE_RE.test(line)) return { readsAs: 'a shell script', line: i + 1 };
    if (TEMPLATE_LINE_RE.test(line)) return { readsAs: 'a template', line: i + 1 };
  }
  return undefined;
}
