import { isRecord } from '../../common/json.js';
import type { RecordedExchange } from '../model/recording.js';

/** The generations of Apinizer's management API reference (see README "Compatibility"). */
export type ApiGeneration = 'current' | '2026-01' | 'legacy';

/** What the Manager's replies say about the API it speaks, with the evidence. */
export interface ApiReading {
  /** The generation the replies fit; `unknown` when they fit none (or too few replies came). */
  readonly generation: ApiGeneration | 'unknown';
  /** Success envelope of project reads: `status` (`"SUCCESS"`), `success` (`true`), both, or none seen. */
  readonly envelope: 'status' | 'success' | 'mixed' | 'none' | 'unknown';
  /** Error envelope, when any error reply came: `resultMessage` (current) or `error_description` (older). */
  readonly errorEnvelope?: 'resultMessage' | 'error_description' | 'other';
  /** Which environments path answered. */
  readonly environmentsPath?: 'current' | 'older';
  /** Whether list replies carry `resultCount` (without it, completeness can not be judged). */
  readonly resultCount: 'present' | 'absent' | 'mixed' | 'unknown';
  /** Fields seen in the environment entries of keys (`environmentName`, `environmentId`, `alias`, `content`, …), sorted. */
  readonly keyEntryFields: readonly string[];
  /** Whether keys carry `algorithm` (current only); undefined when no key was listed. */
  readonly keyAlgorithm?: boolean;
  /** One line per observation the verdict rests on. */
  readonly evidence: readonly string[];
}

const MATERIAL_FIELDS = ['content', 'privateKey', 'publicKey'];

/** Reads the generation from the replies of a check: envelopes, the environments path, key fields. */
export function inferApi(exchanges: readonly RecordedExchange[], environmentsPath: 'current' | 'older' | undefined): ApiReading {
  const projectReads = exchanges.filter(
    (exchange) => exchange.method === 'GET' && isOk(exchange) && /^(projects\/[^/]+\/|environments\/)/.test(exchange.path),
  );
  const bodies = projectReads.map((exchange) => exchange.replyBody).filter(isRecord);
  const envelope = readEnvelope(bodies);
  const counts = bodies.filter((body) => Array.isArray(body['resultList'])).map((body) => body['resultCount'] !== undefined);
  const resultCount = counts.length === 0 ? 'unknown' : counts.every(Boolean) ? 'present' : counts.some(Boolean) ? 'mixed' : 'absent';
  const keys = projectReads
    .filter((exchange) => /^projects\/[^/]+\/keys\/$/.test(exchange.path))
    .flatMap((exchange): unknown[] =>
      isRecord(exchange.replyBody) && Array.isArray(exchange.replyBody['resultList'])
        ? (exchange.replyBody['resultList'] as unknown[])
        : [],
    )
    .filter(isRecord);
  const entryFields = new Set<string>();
  for (const key of keys) {
    const list = key['cryptoKeyInfoEnvironmentList'];
    if (!Array.isArray(list)) continue;
    for (const entry of list.filter(isRecord))
      for (const [field, value] of Object.entries(entry)) if (value !== null) entryFields.add(field);
  }
  const keyAlgorithm = keys.length === 0 ? undefined : keys.some((key) => 'algorithm' in key);
  const errorEnvelope = readErrorEnvelope(exchanges);
  const fields = [...entryFields].sort();
  const evidence = describeEvidence(environmentsPath, envelope, errorEnvelope, fields, keyAlgorithm);
  return {
    generation: judge(environmentsPath, envelope, fields, keyAlgorithm),
    envelope,
    ...(errorEnvelope === undefined ? {} : { errorEnvelope }),
    ...(environmentsPath === undefined ? {} : { environmentsPath }),
    resultCount,
    keyEntryFields: fields,
    ...(keyAlgorithm === undefined ? {} : { keyAlgorithm }),
    evidence,
  };
}

function judge(
  path: 'current' | 'older' | undefined,
  envelope: ApiReading['envelope'],
  fields: readonly string[],
  keyAlgorithm: boolean | undefined,
): ApiReading['generation'] {
  const material = fields.some((field) => MATERIAL_FIELDS.includes(field));
  if (path === 'current') return envelope !== 'success' && envelope !== 'mixed' && !material ? 'current' : 'unknown';
  if (path !== 'older' || envelope === 'mixed') return 'unknown';
  const byId = fields.includes('environmentId') || fields.includes('content');
  const plain = fields.includes('privateKey') || fields.includes('publicKey');
  if (byId && plain) return 'unknown';
  if (envelope === 'success') return plain || keyAlgorithm === true ? 'unknown' : '2026-01';
  if (envelope === 'status') return byId || keyAlgorithm === true ? 'unknown' : 'legacy';
  return byId ? '2026-01' : plain ? 'legacy' : 'unknown';
}

function readEnvelope(bodies: readonly Record<string, unknown>[]): ApiReading['envelope'] {
  if (bodies.length === 0) return 'unknown';
  const status = bodies.some((body) => typeof body['status'] === 'string');
  const success = bodies.some((body) => body['success'] === true);
  if (status && success) return 'mixed';
  return status ? 'status' : success ? 'success' : 'none';
}

function readErrorEnvelope(exchanges: readonly RecordedExchange[]): ApiReading['errorEnvelope'] {
  // The token endpoint answers OAuth-style in every generation: it says nothing here.
  const errors = exchanges.filter((exchange) => exchange.status !== undefined && exchange.status >= 400 && exchange.path !== 'auth/token');
  const bodies = errors.map((exchange) => exchange.replyBody).filter(isRecord);
  if (bodies.some((body) => typeof body['resultMessage'] === 'string')) return 'resultMessage';
  if (bodies.some((body) => typeof body['error_description'] === 'string')) return 'error_description';
  return bodies.length > 0 ? 'other' : undefined;
}

function describeEvidence(
  path: 'current' | 'older' | undefined,
  envelope: ApiReading['envelope'],
  errorEnvelope: ApiReading['errorEnvelope'],
  fields: readonly string[],
  keyAlgorithm: boolean | undefined,
): string[] {
  const lines: string[] = [];
  if (path === 'current') lines.push('environments answered at projects/{project}/environments/ (current)');
  if (path === 'older') lines.push('environments answered only at environments/{project} (2026-01, legacy)');
  if (envelope === 'status') lines.push('success replies carry status: "SUCCESS" (current, legacy)');
  if (envelope === 'success') lines.push('success replies carry success: true (2026-01)');
  if (envelope === 'mixed') lines.push('success replies carry both status and success flags');
  if (errorEnvelope === 'resultMessage') lines.push('error replies carry status: "FAILURE" and resultMessage (current)');
  if (errorEnvelope === 'error_description') lines.push('error replies carry error and error_description (2026-01, legacy)');
  if (fields.length > 0) lines.push(`key environment entries carry ${fields.join(', ')}`);
  if (fields.includes('content')) lines.push('key lists return (encrypted) content (2026-01); it is never recorded');
  if (fields.includes('privateKey') || fields.includes('publicKey'))
    lines.push('key lists return plain material (legacy); it is never recorded');
  if (keyAlgorithm === true) lines.push('keys carry algorithm (current)');
  return lines;
}

function isOk(exchange: RecordedExchange): boolean {
  return exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
}
