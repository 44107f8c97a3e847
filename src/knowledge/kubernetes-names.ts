/**
 * What the Kubernetes API accepts as port names: IANA service names (container port names and
 * every name a targetPort, probe or Ingress backend refers to) and DNS-1123 labels (Service port
 * names). Both the Kubernetes parser (names a reference uses) and invalid-port (names a port is
 * given) ask these, so the rules are written here once.
 */

/** Why `name` is not a valid IANA_SVC_NAME, as a clause (`it is longer than 15 characters`), or undefined. */
export function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'it is longer than 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'only lower-case letters, digits and "-" are allowed';
  if (!/[a-z]/.test(name)) return 'it must contain at least one letter';
  if (name.includes('--')) return 'it must not contain "--"';
  if (name.startsWith('-') || name.endsWith('-')) return 'it must not start or end with "-"';
  return undefined;
}

/** Why `name` is not a valid DNS-1123 label (Kubernetes Service port names), if it is not. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return 'it is longer than 63 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'only lower-case letters, digits and "-" are allowed';
  if (name.startsWith('-') || name.endsWith('-')) return 'it must start and end with a letter or digit';
  return undefined;
}
