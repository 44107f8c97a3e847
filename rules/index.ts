/**
 * The registry of every rule, in one explicit list (as markdownlint's). A retired rule id stays here
 * as a comment so it is never reused.
 */
import type { AnyRule } from '../src/engine/rule.js';
import insecureProtocol from './insecure-protocol/index.js';
import privilegedPort from './privileged-port.js';
import dynamicPortRange from './dynamic-port-range.js';
import invalidPort from './invalid-port.js';
import duplicatePort from './duplicate-port.js';
import hostPort from './host-port.js';
import exposedSensitivePort from './exposed-sensitive-port.js';
import nodeportRange from './nodeport-range.js';
import unboundHostInterface from './unbound-host-interface.js';
import unresolvedPortReference from './unresolved-port-reference.js';

export const rules: readonly AnyRule[] = [
  insecureProtocol,
  privilegedPort,
  dynamicPortRange,
  invalidPort,
  duplicatePort,
  hostPort,
  exposedSensitivePort,
  nodeportRange,
  unboundHostInterface,
  unresolvedPortReference,
];
