import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import rule from '../../rules/insecure-protocol/index.js';
import { lintWith, positions, resolveOptions, type Source } from './lint-helper.js';

const lint = (sources: Source[], options?: Record<string, unknown>) => lintWith(rule, sources, options, 'error');
const dockerfile = (text: string): Source => ({ file: 'Dockerfile', text });
const compose = (text: string, dotenv?: string): Source => ({ file: 'compose.yaml', text, dotenv });
const k8s = (text: string): Source => ({ file: 'deploy.yaml', text });
const env = (text: string): Source => ({ file: '.env', text });

describe('insecure-protocol: listeners by number and transport', () => {
  it('reports FTP, Telnet and TFTP in EXPOSE with exact messages and positions', () => {
    const findings = lint([dockerfile('FROM alpine:3.20\nEXPOSE 21 22/tcp 23/tcp 69/udp 69 514/udp\n')]);
    expect(findings).toEqual([
      { file: 'Dockerfile', line: 2, column: 8, endLine: 2, endColumn: 10, messageId: 'port' },
      { file: 'Dockerfile', line: 2, column: 18, endLine: 2, endColumn: 24, messageId: 'port' },
      {
        file: 'Dockerfile',
        line: 2,
        column: 25,
        endLine: 2,
        endColumn: 31,
        messageId: 'port',
      },
      // A bare 69 is TCP: TFTP with its /udp missing.
      { file: 'Dockerfile', line: 2, column: 32, endLine: 2, endColumn: 34, messageId: 'tftpTcp' },
    ]);
  });

  it('treats EXPOSE 23/tcp like EXPOSE 23, and a range as every port inside it', () => {
    const findings = lint([dockerfile('FROM alpine AS telnet\nEXPOSE 23/tcp\nFROM telnet AS legacy\nEXPOSE 20-30\n')]);
    expect(findings.map((f) => f.messageId)).toEqual(['port', 'port']);
  });

  it('matches rsh only on TCP and TFTP only on UDP', () => {
    const findings = lint([dockerfile('FROM alpine\nEXPOSE 512 513 514\nEXPOSE 69/tcp 512/udp 513/udp\n')]);
    expect(findings.map((f) => f.messageId)).toEqual(['port', 'port', 'port']);
  });

  it('reports a Kubernetes Service port and container port, not the targetPort, probe or hostPort that point at them', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: files
  namespace: prod
spec:
  selector:
    app: files
  ports:
    - port: 21
      targetPort: 21
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: files
  namespace: prod
spec:
  selector:
    matchLabels:
      app: files
  template:
    metadata:
      labels:
        app: files
    spec:
      containers:
        - name: vsftpd
          image: fauria/vsftpd
          ports:
            - containerPort: 21
              hostPort: 21
          livenessProbe:
            tcpSocket:
              port: 21
`;
    const findings = lint([k8s(text)]);
    expect(findings).toEqual([
      { file: 'deploy.yaml', line: 10, column: 13, endLine: 10, endColumn: 15, messageId: 'port' },
      {
        file: 'deploy.yaml',
        line: 31,
        column: 30,
        endLine: 31,
        endColumn: 32,
        messageId: 'port',
      },
    ]);
  });
});

describe('insecure-protocol: host ports report once per mapping', () => {
  it('reports "2121:21" on the container side only, and "21:2121" on the host side', () => {
    const findings = lint([
      compose('services:\n  ftp:\n    image: x\n    ports:\n      - "2121:21"\n      - "21:2121"\n      - "0.0.0.0:2323:23"\n'),
    ]);
    expect(findings).toEqual([
      { file: 'compose.yaml', line: 5, column: 15, endLine: 5, endColumn: 17, messageId: 'port' },
      { file: 'compose.yaml', line: 6, column: 10, endLine: 6, endColumn: 12, messageId: 'port' },
      { file: 'compose.yaml', line: 7, column: 23, endLine: 7, endColumn: 25, messageId: 'port' },
    ]);
  });

  it('reports a range mapping that contains FTP once', () => {
    const findings = lint([compose('services:\n  ftp:\n    image: x\n    ports:\n      - "21-22:21-22"\n')]);
    expect(positions(findings)).toEqual(['compose.yaml:5:16']);
    expect(findings[0]!.messageId).toBe('port');
  });

  it('resolves $PORT from the .env before judging', () => {
    const findings = lint([
      compose(
        'services:\n  ftp:\n    image: x\n    ports:\n      - "${FTP_HOST_PORT}:${FTP_CONTROL}"\n',
        'FTP_HOST_PORT=2121\nFTP_CONTROL=21\n',
      ),
    ]);
    expect(findings.map((f) => f.messageId)).toEqual(['port']);
  });
});

describe('insecure-protocol: port names', () => {
  it('reports ports named ftp* or telnet on any number, but not sftp, ftps or ftp-tls', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: files
spec:
  selector:
    app: files
  ports:
    - name: ftp
      port: 2121
      nodePort: 30021
    - name: ftp-tls
      port: 2990
    - name: sftp
      port: 2222
    - name: ftps
      port: 990
    - name: telnet
      port: 2323
`;
    const findings = lint([k8s(text)]);
    expect(findings).toEqual([
      {
        file: 'deploy.yaml',
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 17,
        messageId: 'named',
      },
      {
        file: 'deploy.yaml',
        line: 19,
        column: 13,
        endLine: 19,
        endColumn: 17,
        messageId: 'named',
      },
    ]);
  });

  it('reports a compose long-form port named ftp-data once, on the container side', () => {
    const findings = lint([
      compose('services:\n  ftp:\n    image: x\n    ports:\n      - target: 2020\n        published: 3020\n        name: ftp-data\n'),
    ]);
    expect(positions(findings)).toEqual(['compose.yaml:5:17']);
  });
});

describe('insecure-protocol: FTP passive ranges', () => {
  it('reports a range beside an FTP control port in the same service, once per mapping', () => {
    const findings = lint([
      compose(`services:
  ftp:
    image: x
    ports:
      - "21:21"
      - "21100-21110:21100-21110"
  web:
    image: y
    ports:
      - "8000-8010:8000-8010"
`),
    ]);
    expect(findings[1]).toEqual({
      file: 'compose.yaml',
      line: 6,
      column: 22,
      endLine: 6,
      endColumn: 33,
      messageId: 'passive',
    });
    expect(positions(findings)).toEqual(['compose.yaml:5:13', 'compose.yaml:6:22']);
  });

  it('reports EXPOSE ranges beside 21 in its stage and the stages built FROM it, not in an unrelated one', () => {
    const text =
      'FROM alpine AS ftp\nEXPOSE 21 30000-30009\nFROM ftp AS data\nEXPOSE 20 40000-40009\nFROM data AS app\nEXPOSE 50000-50009\n';
    // data is built FROM ftp and inherits its EXPOSE 21; app's range is in the image too, but no stage of its own exposes 21.
    expect(positions(lint([dockerfile(text)]))).toEqual(['Dockerfile:2:8', 'Dockerfile:2:11', 'Dockerfile:4:8', 'Dockerfile:4:11']);
  });

  it('skips EXPOSE of a build stage that does not end up in the image', () => {
    const text = 'FROM alpine AS tools\nEXPOSE 21 23\nFROM alpine\nEXPOSE 8080\n';
    expect(lint([dockerfile(text)])).toEqual([]);
  });

  it('reports no ranges when passiveRanges is off', () => {
    const findings = lint([dockerfile('FROM alpine\nEXPOSE 21 30000-30009\n')], { passiveRanges: false });
    expect(positions(findings)).toEqual(['Dockerfile:2:8']);
  });
});

describe('insecure-protocol: syslog on 514/tcp is not rsh', () => {
  it('skips 514/tcp beside 514/udp in the same container', () => {
    expect(lint([dockerfile('FROM alpine\nEXPOSE 514 514/udp\n')])).toEqual([]);
    expect(lint([compose('services:\n  log:\n    image: x\n    ports:\n      - "514:514"\n      - "514:514/udp"\n')])).toEqual([]);
  });

  it('skips 514/tcp when a name around it says syslog', () => {
    const viaVariable = compose('services:\n  app:\n    image: x\n    ports:\n      - "${PORT_RSYSLOGD:-514}:514"\n');
    const viaPortName = k8s(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: logs\nspec:\n  ports:\n    - name: rsyslogd\n      port: 514\n',
    );
    const viaServiceName = compose('services:\n  syslog-ng:\n    image: x\n    ports:\n      - "514:514"\n');
    expect(lint([viaVariable, viaPortName, viaServiceName])).toEqual([]);
  });

  it('still reports 512 and 513 beside their UDP namesakes (biff, who), which are not shared', () => {
    expect(positions(lint([dockerfile('FROM alpine\nEXPOSE 513 513/udp\n')]))).toEqual(['Dockerfile:2:8']);
  });
});

describe('insecure-protocol: URLs and variables', () => {
  it('reports ftp://, telnet:// and tftp:// URLs by scheme without echoing the URL', () => {
    const findings = lint([
      env(
        'MIRROR=ftp://mirror:s3cret@files.example.com/pub\nCONSOLE=telnet://10.0.0.5\nBOOT=tftp://10.0.0.1/pxelinux.0\nSAFE=sftp://files.example.com\n',
      ),
    ]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual(['1:8 url', '2:9 url', '3:6 url']);
    expect(findings.some((f) => f.messageId.includes('s3cret'))).toBe(false);
  });

  it('reports an ftp:// URL whose port is an unresolved variable (the scheme is known)', () => {
    expect(positions(lint([env('FILES=ftp://files.example.com:${FILES_PORT}/pub\n')]))).toEqual(['.env:1:31']);
  });

  it('reports variables named for the protocol whatever their value, and listen ports by number', () => {
    const findings = lint([
      env(
        'FTP_PORT=2121\nSFTP_PORT=22\nFTP_TLS_PORT=990\nSYSLOG_PORT=514\nDB_PORT=21\nPORT=23\nFTP_PORTS=20,21\nVSFTPD_PASV_PORTS=21100-21110\n',
      ),
    ]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.messageId}`)).toEqual([
      '1:10 variable',
      '6:6 variable',
      '7:11 variable',
      '8:19 variable',
    ]);
  });
});

describe('insecure-protocol: options', () => {
  it('uses the ports table from the options instead of the default', () => {
    const ports = [{ port: 110, protocol: 'tcp', service: 'POP3', replacement: 'POP3S (995)' }];
    const findings = lint([dockerfile('FROM alpine\nEXPOSE 21 110\n'), env('MAIL=pop3://mail.example.com\n')], { ports });
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.messageId}`)).toEqual(['.env:1:6 url', 'Dockerfile:2:11 port']);
  });

  it('matches a table row with endPort and protocol any', () => {
    const ports = [{ port: 6000, endPort: 6063, protocol: 'any', service: 'X11', replacement: 'SSH X11 forwarding' }];
    const findings = lint([dockerfile('FROM alpine\nEXPOSE 6010/udp 5999\n')], { ports });
    expect(findings.map((f) => f.messageId)).toEqual(['port']);
  });

  it('rejects invalid options', () => {
    expect(() => resolveOptions(rule, { ports: [{ port: 21, protocol: 'icmp', service: 'FTP', replacement: 'SFTP' }] })).toThrow(
      ConfigError,
    );
    expect(() => resolveOptions(rule, { ports: [{ port: 21, protocol: 'tcp', service: 'FTP' }] })).toThrow(/replacement/);
    expect(() => resolveOptions(rule, { ports: [{ port: 70000, protocol: 'tcp', service: 'FTP', replacement: 'SFTP' }] })).toThrow(
      ConfigError,
    );
    expect(() => resolveOptions(rule, { passiveRanges: 'yes' })).toThrow(ConfigError);
    expect(() => resolveOptions(rule, { portList: [] })).toThrow(/portList/);
  });

  it('accepts valid options and keeps defaults for the rest', () => {
    expect(resolveOptions(rule, { passiveRanges: false })).toMatchObject({ passiveRanges: false, ports: rule.meta.defaultOptions.ports });
  });
});

describe('insecure-protocol: clean config', () => {
  it('reports nothing for SSH, SFTP, FTPS-implicit and ordinary web services', () => {
    const findings = lint([
      compose(
        'services:\n  sftp:\n    image: atmoz/sftp\n    ports:\n      - "2222:22"\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - "443:443"\n',
      ),
      dockerfile('FROM alpine\nEXPOSE 22 990 8021 2100\n'),
    ]);
    expect(findings).toEqual([]);
  });
});
