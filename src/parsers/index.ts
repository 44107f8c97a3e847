/**
 * One entry to every parser: pick the parser family by file name (or content for stdin), parse
 * YAML once and decide Kubernetes vs Compose by content. Pure except for `readSibling`, through
 * which the caller hands in the `.env` beside a compose file.
 */
import { emptyFacts, type ParseResult } from '../model.js';
import { extractCompose, isComposeDocument } from './compose.js';
import { kindFromContent, kindFromPath, isComposeName, notDotenv, yamlKindOf, type FileKind } from './detect.js';
import { parseDockerfile } from './dockerfile.js';
import { parseEnvFile } from './env.js';
import { extractKubernetes, isKubernetesDocument, KUBERNETES_YAML } from './kubernetes.js';
import { parseYaml } from './yaml.js';
import type { ReadFile } from './compose-files.js';
import { stripBom } from '../text.js';
import { dirOf } from '../util/paths.js';

export interface ParseFileOptions {
  /** Reads a file beside the parsed one by base name (`.env`); undefined when absent. */
  readSibling?: (name: string) => string | undefined;
  /** Reads a file a compose project names (`include:`, `extends.file`, `env_file:`) by the path the parser resolves. */
  readFile?: ReadFile;
  /** Variables that win over the `.env` file in compose interpolation (only with --env-from-process). */
  env?: ReadonlyMap<string, string> | undefined;
  /** Force a parser family (stdin without a usable name). */
  kind?: Exclude<FileKind, null>;
  /**
   * The file was found by a directory walk or a glob, not named by the user: YAML that is not
   * recognisably Kubernetes or Compose is then not parsed and not reported, even when broken.
   */
  walked?: boolean;
  /** Whether a `Chart.yaml` is in a directory above the file (asked only of templates); absent: unknown. */
  inHelmChart?: () => boolean;
}

export function emptyResult(file: string): ParseResult {
  return { file, format: null, declarations: [], facts: emptyFacts(), problems: [], comments: [], objects: [] };
}

/** Whether portlint reads this path at all (by name). */
export function isLintable(path: string): boolean {
  return kindFromPath(path) !== null;
}

/** The one problem of a file that is deliberately not linted: a warning at line 1. */
function skipped(file: string, message: string, line = 1): ParseResult {
  return { ...emptyResult(file), problems: [{ id: 'skipped-file', message, line, column: 1, severity: 'warn', fatal: true }] };
}

/**
 * The format is decided before the file is parsed in full: by name (`kindFromPath`), then for YAML
 * by its top-level keys (`yamlKindOf`) and for env files by whether the text is dotenv at all.
 */
export function parseFile(text: string, file: string, options: ParseFileOptions = {}): ParseResult {
  const kind = options.kind ?? kindFromPath(file) ?? kindFromContent(text);
  const source = stripBom(text);
  switch (kind) {
    case 'dockerfile':
      return parseDockerfile(source, file);
    case 'env': {
      const other = notDotenv(source);
      if (other)
        return skipped(file, `not an env file (it reads as ${other.readsAs} from line ${other.line}), so it is not linted`, other.line);
      return parseEnvFile(source, file);
    }
    case 'yaml': {
      const detected = yamlKindOf(source, file);
      if (detected === 'helm-chart') {
        return skipped(
          file,
          `Helm chart: its templates are not linted; lint the rendered chart: helm template ${dirOf(file)} | portlint -`,
        );
      }
      if (detected === null && options.walked) return emptyResult(file);
      const y = parseYaml(source, KUBERNETES_YAML);
      const first = y.docs.find((d) => d.contents !== null);
      // By name, a compose file may hold no services at all (only `include:`, networks, or nothing),
      // or be a version-1 file (services at the top level, which by content alone looks like Helm values).
      const composeName = isComposeName(file);
      const compose = first ? isComposeDocument(first) || (composeName && !isKubernetesDocument(first)) : composeName;
      if (compose)
        return extractCompose(y, file, {
          dotenv: options.readSibling?.('.env'),
          env: options.env,
          ...(options.readSibling ? { readSibling: options.readSibling } : {}),
          ...(options.readFile ? { readFile: options.readFile } : {}),
        });
      return extractKubernetes(y, file, { walked: options.walked, inHelmChart: options.inHelmChart });
    }
  }
}

/** Parse, turning an unexpected parser exception into a fatal problem instead of a crash. */
export function safeParse(text: string, file: string, options: ParseFileOptions = {}): ParseResult {
  try {
    return parseFile(text, file, options);
  } catch (err) {
    const message = `internal parser error: ${err instanceof Error ? err.message : String(err)}`;
    return { ...emptyResult(file), problems: [{ id: 'parse-error', message, line: 1, column: 1, severity: 'error', fatal: true }] };
  }
}
