/**
 * When findings fail a run: the CLI's `--fail-on` and the Action's `fail-on` input share this.
 * `error` (the default) fails on error-level findings, `warn` on any finding, `never` only on
 * problems that are not findings (a bad config, a path that cannot be read).
 */
export const FAIL_ON = ['error', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Other spellings accepted for a level: the Action documents `warning`. */
const ALIASES: Readonly<Record<string, FailOn>> = { warning: 'warn' };

/** The level a user wrote, or undefined when it is none of them. */
export function parseFailOn(value: string): FailOn | undefined {
  return (FAIL_ON as readonly string[]).includes(value) ? (value as FailOn) : ALIASES[value];
}

/** Whether findings of these counts fail a run at this level. */
export function failsOn(level: FailOn, errors: number, warnings: number): boolean {
  if (level === 'error') return errors > 0;
  if (level === 'warn') return errors + warnings > 0;
  return false;
}
