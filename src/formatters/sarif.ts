/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): one run whose driver lists every
 * rule (descriptions, help, docs link, default level, tags), and one result per message with a
 * relative `%SRCROOT%` location and a `partialFingerprints` hash of the engine fingerprint, so code
 * scanning tracks a finding across commits even when lines move.
 *
 * `automationDetails.id` carries the run's category (`--sarif-category`). Findings a comment or an
 * annotation silenced (a result's `suppressedMessages`) are left out by default, as code scanning
 * would open an alert for each; with `--sarif-include-suppressed` they are in the log with
 * `suppressions: [{ kind: 'inSource', justification }]`, so code scanning shows them as suppressed.
 *
 * Messages without a rule get a rule of their own, since code scanning shows only results with a
 * rule (notifications are not shown as alerts): `parse-error` (a file that could not be read or
 * parsed), `unused-disable-directive` and `unknown-rule-in-directive`.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REGISTRY as registry } from '../registry.js';
import { VERSION } from '../cli/help.js';
import type { LintMessage, LintResult, SuppressedLintMessage } from '../engine/results.js';
import { ruleDocsUrl, type AnyRule } from '../engine/rule.js';
import type { FormatterContext } from './index.js';
import { toLevel } from '../severity.js';

export const INFORMATION_URI = 'https://github.com/portlint/portlint';
export const FINGERPRINT_KEY = 'portlintFingerprint/v1';
/** The default category of a run (`automationDetails.id`). */
export const DEFAULT_SARIF_CATEGORY = 'portlint';

/**
 * `automationDetails.id` for a category: GitHub takes everything before the last `/` as the
 * category and keeps one analysis per category, so runs with different categories (one per
 * folder, shard or config) upload side by side instead of replacing each other.
 */
export function automationId(category: string = DEFAULT_SARIF_CATEGORY): string {
  return category.endsWith('/') ? category : `${category}/`;
}

interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note'; enabled?: boolean };
  properties: { tags: string[]; 'security-severity'?: string };
}

/** The SARIF rule id of a message: its rule id or built-in id. */
export function sarifRuleId(m: Pick<LintMessage, 'ruleId'>): string {
  return m.ruleId ?? 'parse-error';
}

const pascal = (id: string): string => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function describeRule(rule: AnyRule): Descriptor {
  const m = rule.meta;
  const url = ruleDocsUrl(rule);
  const rationale = m.docs.rationale.trim();
  const tags = m.builtin ? ['portlint'] : [m.category, 'ports'];
  const properties: Descriptor['properties'] = { tags };
  // GitHub ranks security alerts by this score; the rule's default severity decides it.
  if (m.category === 'security' && !m.builtin) properties['security-severity'] = m.defaultSeverity === 'error' ? '7.5' : '5.0';
  return {
    id: m.id,
    name: pascal(m.id),
    shortDescription: { text: m.description },
    fullDescription: { text: `${m.description}.` },
    help: {
      text: `${m.description}.\n\n${rationale}\n\nDocumentation: ${url}`,
      markdown: `**${m.id}**: ${m.description}.\n\n${rationale}\n\n[Documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: m.defaultSeverity === 'off' ? { level: 'warning', enabled: false } : { level: toLevel(m.defaultSeverity) },
    properties,
  };
}

/** A result's file as a SARIF artifact location: relative to `%SRCROOT%` (the cwd) when inside it. */
function artifactLocation(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (filePath.startsWith('<')) return { uri: encodeURIComponent(filePath) };
  const abs = resolve(cwd, filePath);
  const rel = relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(m: LintMessage): Record<string, number> {
  const r: Record<string, number> = { startLine: Math.max(1, m.line), startColumn: Math.max(1, m.column) };
  if (m.endLine !== undefined && m.endColumn !== undefined && m.endLine >= m.line) {
    r.endLine = Math.max(1, m.endLine);
    r.endColumn = Math.max(1, m.endLine === m.line ? Math.max(m.endColumn, m.column) : m.endColumn);
  }
  return r;
}

/** A portlint suppression as SARIF's: written in the linted file (a comment or an annotation), with its reason when it gives one. */
function inSource(s: SuppressedLintMessage['suppressions'][number]): { kind: 'inSource'; justification?: string } {
  return s.justification === '' ? { kind: 'inSource' } : { kind: 'inSource', justification: s.justification };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Format results as one SARIF 2.1.0 log (pretty-printed JSON). */
export default function sarif(results: readonly LintResult[], context: FormatterContext): string {
  const known = context.rules ?? registry;
  const descriptors = known.map(describeRule);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const seen = new Map<string, number>();
  const out: unknown[] = [];
  for (const r of results) {
    const location = artifactLocation(r.filePath, context.cwd);
    // Suppressed ones after the reported ones: their fingerprints are the same with or without them.
    const messages: readonly (LintMessage | SuppressedLintMessage)[] = context.sarifIncludeSuppressed
      ? [...r.messages, ...(r.suppressedMessages ?? [])]
      : r.messages;
    for (const m of messages) {
      const ruleId = sarifRuleId(m);
      if (!index.has(ruleId)) {
        // A built-in id (or a rule) the context's rule list leaves out: described from the registry.
        const rule = registry.find((x) => x.meta.id === ruleId) ?? registry.find((x) => x.meta.id === 'parse-error')!;
        index.set(ruleId, descriptors.length);
        descriptors.push({ ...describeRule(rule), id: ruleId, name: pascal(ruleId) });
      }
      // Identical findings get distinct fingerprints by their order of occurrence.
      const base = m.fingerprint ?? `${ruleId}|${r.filePath}|${m.message}`;
      const nth = seen.get(base) ?? 0;
      seen.set(base, nth + 1);
      out.push({
        ruleId,
        ruleIndex: index.get(ruleId),
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(m) } }],
        partialFingerprints: { [FINGERPRINT_KEY]: sha256(nth === 0 ? base : `${base}#${nth}`) },
        ...('suppressions' in m ? { suppressions: m.suppressions.map(inSource) } : {}),
      });
    }
  }
  const srcroot = pathToFileURL(context.cwd).href.replace(/\/?$/, '/');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'portlint', version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules: descriptors },
        },
        automationDetails: { id: automationId(context.sarifCategory) },
        originalUriBaseIds: { '%SRCROOT%': { uri: srcroot } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results: out,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
