/**
 * FTP server images: a container, compose service or Dockerfile stage whose image or name is an
 * FTP daemon serves FTP on whatever ports it declares (SSH, FTPS-implicit and web ports excepted).
 */
import { portRange, type Owner, type PortDeclaration } from '../../src/model.js';
import { forwardedFrom, type Detection } from './detection.js';
import { ftpRow, hasSecureWord, isFtpDaemonWord, SECURE_WORDS, wholeHit, type ProtocolPort } from './table.js';

/** Words that mark an image or name as something other than the FTP server itself (`ftp-exporter`). */
const NOT_SERVER_WORDS = new Set(['exporter', 'client', 'metrics', 'monitor', 'proxy']);
/** Ports an FTP server image also commonly serves that are not plaintext FTP: SSH/SFTP, FTPS (implicit), web admin. */
const NOT_FTP_PORTS = new Set([22, 80, 443, 989, 990, 8080, 8443]);

/**
 * The image or name that shows an owner is an FTP server (`crazymax/pure-ftpd`, service
 * `vsftpd`), or undefined. Any secure or non-server word among the names rules it out.
 */
function ftpServerEvidence(owner: Owner): string | undefined {
  let names: (string | undefined)[] = [];
  if (owner.kind === 'composeService') {
    const s = owner.service;
    names = [s.image && `image ${s.image}`, s.name && `service name ${s.name}`, s.containerName && `container name ${s.containerName}`];
  } else if (owner.kind === 'podContainer') {
    const k = owner.container;
    names = [k.name && k.image && `image ${k.image}`, k.name && `container name ${k.name}`];
  } else if (owner.kind === 'stage') {
    names = [`base image ${owner.stage.from}`, owner.stage.name && `stage name ${owner.stage.name}`];
  }
  const present = names.filter((n): n is string => Boolean(n));
  const words = present.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/));
  if (words.some((w) => SECURE_WORDS.has(w) || NOT_SERVER_WORDS.has(w))) return undefined;
  // The labels ("image", "service name", …) are never FTP words, so each entry can be searched whole.
  return present.find((n) =>
    n
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some(isFtpDaemonWord),
  );
}

/**
 * `claimed`: container ports already reported; `reportedHosts`: host ports already reported, whose
 * container side is not reported again.
 */
export function detectFtpServers(
  decls: readonly PortDeclaration[],
  table: readonly ProtocolPort[],
  claimed: ReadonlySet<PortDeclaration>,
  reportedHosts: ReadonlySet<PortDeclaration>,
): Detection[] {
  const row = ftpRow(table);
  if (!row) return [];
  const evidenceByOwner = new Map<Owner, string | undefined>();
  const out: Detection[] = [];
  for (const d of decls) {
    const range = portRange(d);
    if (!range || d.role !== 'container' || d.protocol !== 'tcp' || claimed.has(d)) continue;
    if (range.port === range.endPort && NOT_FTP_PORTS.has(range.port)) continue;
    if (!evidenceByOwner.has(d.owner)) evidenceByOwner.set(d.owner, ftpServerEvidence(d.owner));
    const evidence = evidenceByOwner.get(d.owner);
    if (!evidence || hasSecureWord(d.name) || forwardedFrom(d, reportedHosts)) continue;
    out.push({ messageId: 'server', d, hits: [wholeHit(row)], extra: { evidence } });
  }
  return out;
}
