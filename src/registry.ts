/**
 * Every id config, `--rule` and suppressions may name: the rules (`rules/index.ts`), then the
 * built-in ids of messages that are not rule findings (`engine/builtin.ts`).
 */
import { rules } from '../rules/index.js';
import { BUILTIN_RULES } from './engine/builtin.js';
import type { AnyRule } from './engine/rule.js';

export const REGISTRY: readonly AnyRule[] = [...rules, ...BUILTIN_RULES];
