// Offline verifier for exported audit bundles and event proof bundles: no
// database, no network, only the file and the hashing rule. A reviewer can run it
// on a copy of the evidence months later, on a machine that never saw the application.
//
//   node dist/scripts/audit-verify.js <bundle.json | proof.json>
//
// The format is read from the file: "prefecture-audit-bundle/1" (GET /api/audit/export)
// or "prefecture-proof-bundle/1" (GET /api/events/:id/proof; see src/domain/proof).
//
// Exit codes: 0 the chain is intact, 1 the chain is broken (tampered or
// incomplete), 2 the file could not be checked at all (missing, not JSON, not a bundle).
import { readFileSync } from 'node:fs';
import { AuditEntryRecord, BUNDLE_FORMAT, verifyChain } from '../src/domain/audit/audit-chain';
import { PROOF_FORMAT } from '../src/domain/proof/proof-bundle';
import { verifyProofBundle } from '../src/domain/proof/proof-verify';

export interface VerifyOutput {
  out(line: string): void;
  err(line: string): void;
}

const processOutput: VerifyOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

const USAGE = 'usage: audit-verify <bundle.json>';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeRange(first: unknown, last: unknown, count: unknown): string {
  return count === 0 ? 'no entries' : `entries ${String(first)} to ${String(last)} (${String(count)} entries)`;
}

// The first seq on which the header and the entries disagree, for the BROKEN line.
function firstUnannouncedSeq(claimedFirst: unknown, claimedLast: unknown, first: number | null, last: number | null): number {
  const numbers = (...xs: unknown[]): number[] => xs.filter((x): x is number => typeof x === 'number');
  if (claimedFirst !== first) {
    const ns = numbers(claimedFirst, first);
    return ns.length ? Math.min(...ns) : 0;
  }
  if (claimedLast !== last) {
    const ns = numbers(claimedLast, last);
    return ns.length ? Math.min(...ns) + 1 : 0;
  }
  return first ?? 0;
}

/** @param argv the arguments after the script name, i.e. process.argv.slice(2) */
export function main(argv: readonly string[], io: VerifyOutput = processOutput): number {
  if (argv.length !== 1 || argv[0] === '' || argv[0].startsWith('-')) {
    io.err(USAGE);
    return 2;
  }
  const file = argv[0];

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    io.err(`audit-verify: cannot read ${file}: ${reason}`);
    return 2;
  }

  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (err) {
    io.err(`audit-verify: ${file} is not valid JSON: ${(err as Error).message}`);
    return 2;
  }

  if (isRecord(bundle) && bundle.format === PROOF_FORMAT) return verifyProof(file, bundle, io);
  if (!isRecord(bundle) || bundle.format !== BUNDLE_FORMAT) {
    const found = isRecord(bundle) && typeof bundle.format === 'string' ? `"${bundle.format}"` : 'missing';
    io.err(`audit-verify: ${file} is not an audit bundle: format is ${found}, expected "${BUNDLE_FORMAT}" or "${PROOF_FORMAT}"`);
    return 2;
  }
  if (!Array.isArray(bundle.entries) || typeof bundle.headHash !== 'string' || typeof bundle.startPrevHash !== 'string') {
    io.err(`audit-verify: ${file} is not a complete audit bundle: it needs "entries" (a list), "headHash" and "startPrevHash"`);
    return 2;
  }

  // Entries are validated field by field inside verifyChain; a bad one is reported as "malformed".
  const entries = bundle.entries as AuditEntryRecord[];
  const result = verifyChain(entries, { expectedHead: bundle.headHash, startPrevHash: bundle.startPrevHash });
  if (!result.ok) {
    io.out(`BROKEN at seq ${result.seq}: ${result.message}`);
    return 1;
  }

  // The chain is sound; the header must also describe it truthfully, so a bundle
  // cut short with its headHash recomputed but its header left alone is caught.
  // (Only a head hash kept outside the bundle defeats a careful rewrite.)
  const firstSeq = entries.length ? entries[0].seq : null;
  const lastSeq = entries.length ? entries[entries.length - 1].seq : null;
  if (bundle.firstSeq !== firstSeq || bundle.lastSeq !== lastSeq || bundle.count !== result.count) {
    const claimed = describeRange(bundle.firstSeq, bundle.lastSeq, bundle.count);
    const actual = describeRange(firstSeq, lastSeq, result.count);
    const seq = firstUnannouncedSeq(bundle.firstSeq, bundle.lastSeq, firstSeq, lastSeq);
    io.out(`BROKEN at seq ${seq}: the bundle header announces ${claimed} but the bundle holds ${actual}`);
    return 1;
  }

  io.out(`OK ${result.count} entries, head ${result.head}`);
  return 0;
}

/** A proof bundle: one line per commitment then OK (exit 0), or one BROKEN line naming the entry, link, commitment or receipt (exit 1). */
function verifyProof(file: string, bundle: unknown, io: VerifyOutput): number {
  const check = verifyProofBundle(bundle);
  switch (check.result) {
    case 'unreadable':
      io.err(`audit-verify: ${file} cannot be checked: ${check.message}`);
      return 2;
    case 'broken':
      io.out(check.line);
      return 1;
    case 'ok':
      for (const line of check.lines) io.out(line);
      return 0;
  }
}

if (require.main === module) {
  // exitCode rather than process.exit() so that buffered output is flushed first.
  process.exitCode = main(process.argv.slice(2));
}
