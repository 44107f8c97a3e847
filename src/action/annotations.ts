/**
 * Findings as workflow annotations: `core.error` / `core.warning` with the rule id as title and the
 * finding's range, so they appear on the pull request's changed lines.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AnnotationProperties } from '@actions/core';
import type { LintResult } from '../engine/results.js';
import { ruleLabel } from '../formatters/github.js';
import { toLevel } from '../severity.js';

export interface Annotation {
  level: 'error' | 'warning';
  message: string;
  properties: AnnotationProperties;
}

/**
 * A result's path as GitHub wants it: relative to the workspace, `/`-separated. `filePath` is
 * relative to `cwd` (or absolute). A path outside the workspace stays absolute (GitHub then shows
 * the annotation without a file link).
 */
export function workspacePath(filePath: string, cwd: string, workspace: string): string {
  const abs = resolve(cwd, filePath);
  const rel = relative(workspace, abs);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return shown.split(sep).join('/');
}

/**
 * One annotation per message. Columns are sent only for a single-line range: GitHub rejects a
 * column range across lines.
 */
export function toAnnotations(results: readonly LintResult[], cwd: string, workspace: string): Annotation[] {
  return results.flatMap((r) =>
    r.messages.map((m): Annotation => {
      const endLine = m.endLine ?? m.line;
      const properties: AnnotationProperties = {
        title: ruleLabel(m),
        file: workspacePath(r.filePath, cwd, workspace),
        startLine: m.line,
        endLine,
      };
      if (endLine === m.line) {
        properties.startColumn = m.column;
        if (m.endColumn !== undefined) properties.endColumn = m.endColumn;
      }
      return { level: toLevel(m.severity), message: m.message, properties };
    }),
  );
}
