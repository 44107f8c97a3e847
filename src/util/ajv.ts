/**
 * ajv, initialised on first use. Validators are compiled only for a config file, rule options a
 * user wrote or a ports inventory to merge; a run with none of them (most, and every small one)
 * should not pay for setting up ajv's modules at start-up.
 *
 * `require` here is the bundler's: esbuild keeps ajv (CommonJS) in the bundle and runs its module
 * code at this call, not when the bundle loads (an `import` would run it at load). Running from
 * source (vitest), it is Node's.
 */
import type { Ajv as AjvClass, Options } from 'ajv';

let ajvClass: typeof AjvClass | undefined;

export function newAjv(options: Options): AjvClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  ajvClass ??= (require('ajv') as typeof import('ajv')).Ajv;
  return new ajvClass(options);
}
