import { describe, expect, it } from 'vitest';
import { configListenPorts, flagListenPorts } from '../../src/parsers/listen-evidence.js';

describe('listen evidence', () => {
  it('reads listen-like flags, = or next word, with or without a host', () => {
    expect(flagListenPorts(['--metrics-bind-address=:8443', '--leader-elect', '--health-probe-bind-address=:8081'])).toEqual([8443, 8081]);
    expect(
      flagListenPorts(['/bin/server', '--port', '5317', '--listen=0.0.0.0:9000', '--grpc-port=50051', '-http.addr=[::]:7000']),
    ).toEqual([5317, 9000, 50051, 7000]);
  });

  it('ignores flags that are not about listening, URLs and out-of-range numbers', () => {
    expect(flagListenPorts(['--config=/etc/x.yaml', '--report-address=http://collector:80', '--replicas=3', '--port=70000'])).toEqual([]);
  });

  it('reads wildcard binds in config text, not client endpoints or loopback', () => {
    const text =
      'receivers:\n  otlp:\n    endpoint: 0.0.0.0:5317\nexporters:\n  zipkin:\n    endpoint: http://zipkin:9411\nlisten_address: ":9090"\nbind: 127.0.0.1:80\n';
    expect(configListenPorts(text)).toEqual([5317, 9090]);
  });
});
