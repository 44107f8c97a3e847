/**
 * unbound-host-interface (opt-in): compose ports published without a `host_ip`, which Docker
 * binds on every interface of the host — and, through its own iptables rules, past a host
 * firewall such as ufw or firewalld.
 */
import { createRule } from '../src/engine/rule.js';
import { formatPort, isWildcardHost, joinRuns, loopbackMapping } from '../src/engine/ports.js';
import { describeContext, onHostNetwork, portRange } from '../src/model.js';

interface Options {
  reportWildcard: boolean;
}

type MessageId = 'noHostIp' | 'wildcard';

export default createRule<Options, MessageId>({
  meta: {
    id: 'unbound-host-interface',
    description: 'Compose ports published without a host IP, which Docker binds on every interface and past the host firewall',
    type: 'suggestion',
    defaultSeverity: 'off',
    category: 'security',
    scope: 'file',
    formats: ['compose'],
    schema: {
      type: 'object',
      properties: {
        reportWildcard: {
          type: 'boolean',
          description:
            'Also report a host IP written as a wildcard (`0.0.0.0`, `::`). By default an explicit wildcard is taken as a deliberate choice.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { reportWildcard: false },
    messages: {
      noHostIp:
        'Published port {{port}} of {{where}} has no host IP, so Docker binds it on every interface, past the host firewall. Bind it, e.g. {{fix}} for the host only.',
      wildcard:
        'Published port {{port}} of {{where}} is bound to {{ip}}, every interface, past the host firewall. Bind it, e.g. {{fix}} for the host only.',
    },
    docs: {
      rationale: [
        'A compose port published without a host IP (`"8080:80"`) is bound on every interface of the machine: the LAN, the',
        'VPN, and on a cloud VM the internet. Docker also inserts its own iptables rules ahead of the host firewall, so a',
        'ufw or firewalld rule that blocks the port does not protect it. Writing the interface (`"127.0.0.1:8080:80"`, or',
        '`host_ip:` in the long syntax) makes the exposure a decision. This rule is off by default — plenty of services are',
        'meant to be public — and is for projects that want every public bind to be explicit, as dclint and KICS offer.',
        '',
        'A mapping with no published port (`"80"`) is published too, on a free port Docker picks, on every interface: it is',
        'reported like any other. An explicit `0.0.0.0` or `::` is read as that decision and not reported unless',
        '`reportWildcard` is set. Values from unset variables, and services with `network_mode: host` (whose `ports:` are',
        'ignored) are not reported.',
        '',
        "A run of three or more consecutive ports listed one by one (an FTP server's passive ports as ten entries), all of one well-known service or of none, is reported once, as the range it forms, at the first entry.",
        '',
        'Docker publishes ports with iptables rules of its own, ahead of host firewalls such as ufw and firewalld: a port bound on every interface is reachable even when the firewall says it is closed.',
      ].join('\n'),
      wrong: ['published.yaml'],
      right: ['clean-compose.yaml'],
    },
  },

  check(context) {
    const { options, report } = context;
    for (const d of joinRuns(context.declarations)) {
      if (d.format !== 'compose' || d.role !== 'host' || !portRange(d)) continue;
      if (onHostNetwork(d.owner)) continue;
      const data = { port: formatPort(d), where: describeContext(d), fix: loopbackMapping(d) };
      if (d.hostIp === undefined || d.hostIp === '') report({ messageId: 'noHostIp', data, decl: d });
      else if (options.reportWildcard && isWildcardHost(d.hostIp))
        report({ messageId: 'wildcard', data: { ...data, ip: d.hostIp }, decl: d });
    }
  },
});
