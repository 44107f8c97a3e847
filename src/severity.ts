/**
 * Severity, in the three forms portlint's interfaces use, and the one place that converts between
 * them: as config and rule metadata write it (`'warn'`), as ESLint-shaped results carry it (`1`),
 * and as annotations and SARIF name it (`'warning'`).
 */

/** In config and rule metadata. */
export type Severity = 'error' | 'warn' | 'off';
/** In results: 2 is an error, 1 a warning (as ESLint's). */
export type MessageSeverity = 1 | 2;
/** In GitHub annotations and SARIF levels. */
export type SeverityLevel = 'error' | 'warning';

export function toMessageSeverity(severity: Exclude<Severity, 'off'>): MessageSeverity {
  return severity === 'error' ? 2 : 1;
}

export function toSetting(severity: MessageSeverity): Exclude<Severity, 'off'> {
  return severity === 2 ? 'error' : 'warn';
}

export function toLevel(severity: MessageSeverity | Exclude<Severity, 'off'>): SeverityLevel {
  return severity === 2 || severity === 'error' ? 'error' : 'warning';
}
