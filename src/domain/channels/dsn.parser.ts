/**
 * A delivery status notification (RFC 3464): a multipart/report whose
 * message/delivery-status part says, per recipient, what became of the
 * message, and whose third part returns the original message or its headers
 * (where our X-Crisis-Reference, the delivery id, is). Pure, no MIME library:
 * only these two parts are read.
 */

export interface DsnRecipient {
  /** The address, without its `rfc822;` type. */
  recipient: string;
  action: string;
  /** RFC 3463 status such as 5.1.1. */
  status?: string;
  diagnostic?: string;
}

export interface Dsn {
  /** The delivery id we put in X-Crisis-Reference, if the returned headers hold it. */
  reference?: string;
  recipients: DsnRecipient[];
}

export type DsnResult = { ok: true; dsn: Dsn } | { ok: false; problem: string };

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Header fields (unfolded, lower-case names) and the rest. */
function splitHeaders(text: string): Part {
  const normalised = text.replace(/\r\n/g, '\n');
  const end = normalised.search(/\n\n/);
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  return { headers: fields(head), body };
}

function fields(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return out;
}

function param(value: string | undefined, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function decode(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

function parts(body: string, boundary: string): Part[] {
  const out: Part[] = [];
  const chunks = body.replace(/\r\n/g, '\n').split(`--${boundary}`);
  // chunks[0] is the preamble; the chunk after the closing `--boundary--` starts with `--`.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    out.push(splitHeaders(chunk.replace(/^[ \t]*\n/, '')));
  }
  return out;
}

const mediaType = (p: Part) => (p.headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();

export function parseDsn(raw: string): DsnResult {
  const message = splitHeaders(raw);
  const type = message.headers['content-type'];
  if (!/^multipart\/report/i.test(type ?? '') || !/report-type\s*=\s*"?delivery-status/i.test(type ?? '')) {
    return { ok: false, problem: 'not a delivery status notification: expected Content-Type multipart/report; report-type=delivery-status (RFC 3464)' };
  }
  const boundary = param(type, 'boundary');
  if (!boundary) return { ok: false, problem: 'the multipart/report has no boundary' };
  const all = parts(message.body, boundary);
  const status = all.find((p) => mediaType(p) === 'message/delivery-status' || mediaType(p) === 'message/global-delivery-status');
  if (!status) return { ok: false, problem: 'the report has no message/delivery-status part' };
  // Per-message fields first, then one block per recipient, separated by blank lines.
  const blocks = decode(status)
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => fields(b.trim()))
    .filter((f) => Object.keys(f).length > 0);
  const recipients = blocks
    .filter((f) => f['final-recipient'] && f.action)
    .map((f) => ({
      recipient: f['final-recipient'].replace(/^[^;]*;\s*/, ''),
      action: f.action.toLowerCase(),
      ...(f.status ? { status: f.status.split(/\s/)[0] } : {}),
      ...(f['diagnostic-code'] ? { diagnostic: f['diagnostic-code'].slice(0, 300) } : {}),
    }));
  if (recipients.length === 0) return { ok: false, problem: 'the delivery-status part names no recipient with an Action' };
  const returned = all.find((p) => mediaType(p) === 'text/rfc822-headers' || mediaType(p) === 'message/rfc822');
  const reference = returned ? splitHeaders(decode(returned)).headers['x-crisis-reference'] : undefined;
  return { ok: true, dsn: { recipients, ...(reference ? { reference } : {}) } };
}
