/**
 * invalid-port: port values the runtime or the API server would refuse — numbers outside
 * 1–65535 (0 only where it means "none" or "pick one"), reversed or mismatched ranges, text that
 * is no port, protocols other than TCP/UDP/SCTP (upper case in Kubernetes), and Kubernetes port
 * names that break the naming rules.
 */
import { createRule } from '../src/engine/rule.js';
import { MAX_PORT, roleTitle, formatPort } from '../src/engine/ports.js';
import { dnsLabelProblem, ianaServiceNameProblem } from '../src/knowledge/kubernetes-names.js';
import { describeContext, isTransport, protocolName, spanOf, type PortDeclaration } from '../src/model.js';

type MessageId =
  'unparseable' | 'outOfRange' | 'zero' | 'protocol' | 'protocolCase' | 'portName' | 'servicePortName' | 'unnamedServicePort';

/**
 * Where 0 is a legal value, because the platform reads it as "none" or "pick one":
 * a Kubernetes `hostPort: 0` is no host port, `nodePort: 0` asks for one to be allocated and
 * `targetPort: 0` is defaulted to `port`; a compose published port 0 lets Docker pick a free one;
 * an env value 0 is the usual "listen on any free port". Everywhere else 0 is no port at all.
 */
function zeroAllowed(d: PortDeclaration): boolean {
  // An env value, in an env file or a manifest's environment, is read by the application.
  if (d.source.format === 'env') return true;
  switch (d.format) {
    case 'kubernetes':
      return d.role === 'host' || d.role === 'nodePort' || d.role === 'targetPort';
    case 'compose':
      return d.role === 'host';
    case 'env':
      return true;
    case 'dockerfile':
      return false;
  }
}

/**
 * An env value with no digit at all (`DB_PORT=None`, `PORT=auto`) is the application's own
 * "unset" or "choose" sentinel, not a mistyped port: env files are read by applications, not by
 * Docker or Kubernetes.
 */
function isSentinel(d: PortDeclaration): boolean {
  return d.role === 'env' && !/\d/.test(d.raw);
}

/**
 * A port-like variable's value inside a compose file, manifest or Dockerfile that is not a port
 * (`LISTEN_PORT=:8080`, `TEMPORAL_PORT=temporal:7233`, `SERIAL_PORT=/dev/ttyUSB0`): the
 * application's own setting, in a syntax only it knows. Numbers out of range are still reported.
 */
function isManifestEnv(d: PortDeclaration): boolean {
  return d.role === 'env' && d.format !== 'env';
}

/** `container port 80 of container "web" of Deployment api`, the subject of most messages. */
function subject(d: PortDeclaration): { what: string; where: string } {
  return { what: roleTitle(d), where: describeContext(d) };
}

/** What to write instead of an unreadable value, by what the field takes. */
function fixFor(d: PortDeclaration): string {
  const field = d.source.format === 'kubernetes' ? d.source.field : undefined;
  if (d.role === 'policyPort' && (field === 'policyEndPort' || (d.value.kind === 'invalid' && d.value.range !== undefined))) {
    return 'Give endPort a numeric port that is not above it, or remove endPort.';
  }
  if (field === 'sidecarDefaultEndpoint') {
    return 'Write 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port> or [::]:<port> with a port from 1 to 65535, or unix://<path>.';
  }
  const takesNames =
    d.role === 'targetPort' || d.role === 'probe' || d.role === 'ingressBackend' || d.role === 'policyPort' || field === 'routeTargetPort';
  if (d.format === 'kubernetes' && takesNames) {
    return 'Write a port number from 1 to 65535, or the name of a declared port (1–15 lower-case letters, digits and "-", with at least one letter).';
  }
  if (d.format === 'compose' || d.format === 'dockerfile') {
    return 'Write a port number from 1 to 65535 or a range such as 8000-8010, optionally followed by /tcp, /udp or /sctp.';
  }
  return 'Write a port number from 1 to 65535.';
}

export { dnsLabelProblem, ianaServiceNameProblem };

/** A valid name close to `name`: lower case, other characters turned into "-", trimmed to `max`. */
function suggestName(name: string, max: number): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

export default createRule<Record<string, never>, MessageId>({
  meta: {
    id: 'invalid-port',
    description: 'Port numbers, ranges, protocols and Kubernetes port names that the runtime or API server refuses',
    type: 'problem',
    defaultSeverity: 'error',
    category: 'correctness',
    scope: 'file',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      unparseable: '{{what}} "{{raw}}" of {{where}} is not valid: {{reason}}. {{fix}}',
      outOfRange: '{{what}} {{port}} of {{where}} is out of range: ports go from 1 to 65535. Use a port in that range.',
      zero: '{{what}} 0 of {{where}} is not a port anything can listen on or connect to. Use a port from 1 to 65535.',
      protocol: '{{what}} {{port}} of {{where}} uses protocol "{{protocol}}", which is not TCP, UDP or SCTP. Use {{choices}}.',
      protocolCase:
        '{{what}} {{port}} of {{where}} writes its protocol as "{{protocol}}", but the Kubernetes API only accepts upper case. Write "{{upper}}".',
      portName:
        'Port name "{{name}}" of {{where}} is not a valid IANA service name: {{reason}}. Use 1-15 lower-case letters, digits and "-", such as "{{suggestion}}".',
      servicePortName:
        'Port name "{{name}}" of {{where}} is not a valid DNS label: {{reason}}. Use up to 63 lower-case letters, digits and "-", such as "{{suggestion}}".',
      unnamedServicePort:
        'Service port {{port}} of {{where}} has no name, but every port of a Service with several ports needs one. Add a name such as "{{suggestion}}".',
    },
    docs: {
      rationale: [
        'A port value the platform cannot read fails late and far from where it was written: `docker compose up` refuses the',
        'whole project, `kubectl apply` rejects the object, or — worse — a probe names a port that can never match and the pod',
        'restarts forever. Ports go from 1 to 65535; 0 is accepted only where it means "none" or "pick one" (a Kubernetes',
        '`hostPort`, `nodePort` or `targetPort`, a compose published port, an env value). A range must not end before it starts,',
        'and a published range must be as long as the container range it maps (or map a single port). The protocol must be TCP,',
        'UDP or SCTP, and Kubernetes only takes them upper case (`TCP`, not `tcp`), while Docker and compose take either.',
        '',
        'Kubernetes port names have rules of their own: a container port name, and every name a `targetPort`, probe or Ingress',
        'backend refers to, must be an IANA service name (1–15 lower-case letters, digits and `-`, at least one letter, no',
        'leading, trailing or double `-`); a Service port name must be a DNS label, and a Service with several ports must name',
        'each of them. Compose long-syntax `name` is free text and is not checked. Values that come from an unset variable are',
        'not reported: they cannot be judged before deployment; nor are env values without a digit (`DB_PORT=None`), which',
        'applications read as their own "unset". A port-like variable inside a compose `environment:`, a Kubernetes `env[].value`',
        'or a Dockerfile `ENV`/`ARG` whose value is not a port (`LISTEN_PORT=:8080`, `TEMPORAL_PORT=temporal:7233`,',
        "`SERIAL_PORT=/dev/ttyUSB0`) is the application's own setting in a syntax only it knows and is not reported; a number",
        'out of range there still is.',
        '',
        'The same holds for the objects traffic enters through: Gateway API listener, `parentRefs` and `backendRefs` ports,',
        'Istio Gateway server, destination, ServiceEntry (`number`, `targetPort`), Sidecar and EnvoyFilter (`portNumber`) ports,',
        'OpenShift Route `targetPort`s and NetworkPolicy ports all take 1–65535 (the CRD schemas and the API server refuse the',
        'rest, so `kubectl apply` fails). A NetworkPolicy `endPort` is valid only beside a numeric `port`, and not below it; its',
        "protocol is upper case like a container port's.",
        '',
        'Each finding points at what it is about: a protocol finding at the `protocol:` value (or the `/proto` of a compose',
        'item or EXPOSE word), a name finding at the `name:` value, so an editor marks the text to change.',
        '',
        'One problem is one finding: a number outside 0–65535 (`EXPOSE 1-65536`) is reported here alone; the rules that read',
        'port numbers (exposed-sensitive-port, insecure-protocol, …) skip a value that is not a port.',
      ].join('\n'),
      wrong: ['compose.yaml', 'deploy.yaml', 'Dockerfile'],
      right: ['clean-compose.yaml', 'clean-deploy.yaml', 'clean.Dockerfile'],
    },
  },

  check(context) {
    const report = context.report;
    const decls = context.declarations;

    /** The parser could not read the value (unparseable text, bad range): report its reason, once per written value. */
    const reported = new Set<string>();
    const checkParsed = (d: PortDeclaration): boolean => {
      if (d.value.kind !== 'invalid') return true;
      if (isSentinel(d) || isManifestEnv(d)) return false;
      const reason = d.value.reason;
      const key = `${d.line}:${d.raw}:${reason}`;
      if (reported.has(key)) return false;
      reported.add(key);
      report({ messageId: 'unparseable', data: { ...subject(d), raw: d.raw, reason, fix: fixFor(d) }, decl: d });
      return false;
    };

    const checkNumber = (d: PortDeclaration): void => {
      if (d.value.kind !== 'port') return;
      const { port: start, endPort: end } = d.value;
      const port = formatPort(d);
      if (start < 0 || start > MAX_PORT || end < 0 || end > MAX_PORT) {
        report({ messageId: 'outOfRange', data: { ...subject(d), port }, decl: d });
      } else if (start === 0 && !zeroAllowed(d)) {
        report({ messageId: 'zero', data: subject(d), decl: d });
      }
    };

    /**
     * One port entry yields several declarations with one protocol; only the one that owns it is
     * checked: the Kubernetes container or Service port, and elsewhere the container side (every
     * compose `ports:`/`expose:` item and every EXPOSE word has one).
     */
    const ownsProtocol = (d: PortDeclaration): boolean =>
      d.role === 'container' || (d.format === 'kubernetes' && (d.role === 'service' || d.role === 'policyPort'));

    const checkProtocol = (d: PortDeclaration): void => {
      if (!ownsProtocol(d)) return;
      const written = d.protocolText;
      const wrongCase = d.format === 'kubernetes' && written !== undefined && written !== written.toUpperCase();
      if (isTransport(d.protocol) && !wrongCase) return;
      const port = formatPort({ ...d, protocol: 'tcp' });
      if (!isTransport(d.protocol)) {
        const choices = d.format === 'kubernetes' ? 'TCP, UDP or SCTP' : 'tcp, udp or sctp';
        report({
          messageId: 'protocol',
          data: { ...subject(d), port, protocol: written ?? protocolName(d.protocol), choices },
          decl: d,
          loc: spanOf(d, 'protocol'),
        });
      } else if (wrongCase) {
        report({
          messageId: 'protocolCase',
          data: { ...subject(d), port, protocol: written, upper: written.toUpperCase() },
          decl: d,
          loc: spanOf(d, 'protocol'),
        });
      }
    };

    const checkName = (d: PortDeclaration): void => {
      if (d.format !== 'kubernetes' || d.name === undefined) return;
      if (d.role === 'container') {
        const reason = ianaServiceNameProblem(d.name);
        if (reason)
          report({
            messageId: 'portName',
            data: { name: d.name, where: describeContext(d), reason, suggestion: suggestName(d.name, 15) || 'http' },
            decl: d,
            loc: spanOf(d, 'name'),
          });
      } else if (d.role === 'service') {
        const reason = dnsLabelProblem(d.name);
        if (reason)
          report({
            messageId: 'servicePortName',
            data: { name: d.name, where: describeContext(d), reason, suggestion: suggestName(d.name, 63) || 'http' },
            decl: d,
            loc: spanOf(d, 'name'),
          });
      }
    };

    for (const d of decls) {
      checkName(d);
      if (d.value.kind === 'unresolved') continue;
      if (!checkParsed(d)) continue;
      checkNumber(d);
      checkProtocol(d);
    }
    checkServicePortNames(decls, (d, suggestion) =>
      report({ messageId: 'unnamedServicePort', data: { port: formatPort(d), where: describeContext(d), suggestion }, decl: d }),
    );
  },
});

/** Every unnamed port of a Service that has more than one port (the API requires names then). */
function checkServicePortNames(decls: readonly PortDeclaration[], onUnnamed: (d: PortDeclaration, suggestion: string) => void): void {
  const byService = new Map<object, PortDeclaration[]>();
  for (const d of decls) {
    if (d.role !== 'service' || d.owner.kind !== 'service') continue;
    const list = byService.get(d.owner.service) ?? [];
    list.push(d);
    byService.set(d.owner.service, list);
  }
  for (const ports of byService.values()) {
    if (ports.length < 2) continue;
    for (const d of ports) {
      if (d.name !== undefined) continue;
      const range = d.value.kind === 'port' ? d.value : undefined;
      const base = range !== undefined ? `${d.protocol === 'tcp' ? 'port' : protocolName(d.protocol)}-${range.port}` : 'port';
      onUnnamed(d, base);
    }
  }
}
