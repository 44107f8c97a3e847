/**
 * The output contract: ESLint-shaped results (`filePath`, `messages`, counts), the one shape every
 * formatter, the baseline and the Action read. Parse problems and directive reports are messages too,
 * with a built-in id as their `ruleId` (see `builtin.ts`).
 */

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  fatal?: boolean | undefined;
  messageId?: string | undefined;
  /** Stable identity of a finding across edits (rule, file, object, port; not the line). */
  fingerprint?: string | undefined;
}

/**
 * What silenced a message (ESLint's shape): a `# portlint-disable…` comment (`directive`, its
 * `-- reason` as the justification, empty when it gives none) or a `portlint.dev/ignore`
 * annotation (`annotation`, which carries no reason).
 */
export interface Suppression {
  kind: 'directive' | 'annotation';
  justification: string;
}

/** A message a suppression silenced, with what silenced it (ESLint's `SuppressedLintMessage`). */
export interface SuppressedLintMessage extends LintMessage {
  suppressions: Suppression[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  /**
   * What suppressions silenced, as ESLint keeps them: not counted, read by no format but SARIF
   * with `--sarif-include-suppressed`. Baselined findings are not here. Always set on the results
   * the engine makes; optional for results made elsewhere.
   */
  suppressedMessages?: SuppressedLintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: 0;
  fixableWarningCount: 0;
}

export function emptyLintResult(filePath: string): LintResult {
  return {
    filePath,
    messages: [],
    suppressedMessages: [],
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

/** Add a message to a result, keeping its counts. */
export function addMessage(result: LintResult, message: LintMessage): void {
  result.messages.push(message);
  if (message.severity === 2) result.errorCount++;
  else result.warningCount++;
  if (message.fatal && message.severity === 2) result.fatalErrorCount++;
}

/** A result with its counts recomputed from its messages. */
export function recount(r: LintResult): LintResult {
  const out: LintResult = { ...r, messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0 };
  for (const m of r.messages) addMessage(out, m);
  return out;
}

/** The order of results: by path (code-unit order, the same on every platform). */
export function compareResults(a: LintResult, b: LintResult): number {
  return a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0;
}

/** The order of messages within a result. */
export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}
