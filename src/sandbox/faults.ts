import { AppError } from '../common/app-error.js';
import { isRecord } from '../common/json.js';
import type { DeploymentShape, FaultSettings, IgnorableField } from './public-types.js';
import { DEPLOYMENT_SHAPES, IGNORABLE_FIELDS } from './public-types.js';

/** No faults at all. */
export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  failureRate: 0,
  commitThenFailRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  faultMethods: ['GET', 'POST', 'PUT', 'DELETE'],
  failUndeployEnvironments: [],
  failDeployEnvironments: [],
  deploymentShape: 'environmentResults',
  putKeepsOmittedEnvironments: false,
  ignoreFieldsOnWrite: [],
  dropEnvironmentsOnWrite: [],
  keepDeletedKeys: false,
  keepJwksOnDelete: false,
  keyListLimit: null,
  tokenLifetimeRequests: null,
});

const RATES = ['failureRate', 'commitThenFailRate', 'rateLimitRate'] as const;
const LISTS = [
  'faultMethods',
  'failUndeployEnvironments',
  'failDeployEnvironments',
  'ignoreFieldsOnWrite',
  'dropEnvironmentsOnWrite',
] as const;
const SWITCHES = ['putKeepsOmittedEnvironments', 'keepDeletedKeys', 'keepJwksOnDelete'] as const;
const LIMITS = ['keyListLimit', 'tokenLifetimeRequests'] as const;
const FIELDS: readonly string[] = ['latencyMs', 'retryAfterSeconds', ...RATES, ...LISTS, 'deploymentShape', ...SWITCHES, ...LIMITS];

/**
 * Merges a partial update (from code or from `PUT /__sandbox/faults`) into `current`,
 * returning a new object. Checks every field, since JSON from the admin route is untyped.
 * @throws AppError `invalid_document` naming the first bad field.
 */
export function mergeFaults(current: FaultSettings, update: unknown): FaultSettings {
  if (!isRecord(update)) throw invalid('fault settings must be an object');
  const next: FaultSettings = structuredClone(current);
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (!FIELDS.includes(field)) throw invalid(`unknown fault setting "${field}" (allowed: ${FIELDS.join(', ')})`);
    if (field === 'latencyMs' || field === 'retryAfterSeconds') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`${field} must be a number >= 0`);
      if (field === 'retryAfterSeconds' && !Number.isInteger(value)) throw invalid('retryAfterSeconds must be a whole number');
      next[field] = value;
    } else if ((RATES as readonly string[]).includes(field)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw invalid(`${field} must be a number from 0 to 1`);
      next[field as (typeof RATES)[number]] = value;
    } else if ((LIMITS as readonly string[]).includes(field)) {
      // null lifts the limit, which is how DEFAULT_FAULTS resets it.
      if (value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
        throw invalid(`${field} must be a whole number >= 0, or null for no limit`);
      }
      next[field as (typeof LIMITS)[number]] = value;
    } else if (field === 'deploymentShape') {
      if (!DEPLOYMENT_SHAPES.includes(value as DeploymentShape))
        throw invalid(`deploymentShape must be one of ${DEPLOYMENT_SHAPES.join(', ')}`);
      next.deploymentShape = value as DeploymentShape;
    } else if ((SWITCHES as readonly string[]).includes(field)) {
      if (typeof value !== 'boolean') throw invalid(`${field} must be true or false`);
      next[field as (typeof SWITCHES)[number]] = value;
    } else {
      if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
        throw invalid(`${field} must be a list of strings`);
      }
      if (field === 'ignoreFieldsOnWrite') {
        const unknown = value.find((item) => !(IGNORABLE_FIELDS as readonly string[]).includes(item));
        if (unknown !== undefined) throw invalid(`ignoreFieldsOnWrite takes ${IGNORABLE_FIELDS.join(', ')} (got "${unknown}")`);
        next.ignoreFieldsOnWrite = value as IgnorableField[];
      } else {
        next[field as Exclude<(typeof LISTS)[number], 'ignoreFieldsOnWrite'>] =
          field === 'faultMethods' ? value.map((method) => method.toUpperCase()) : [...value];
      }
    }
  }
  return next;
}

function invalid(text: string): AppError {
  return new AppError({ code: 'invalid_document', fault: 'user', message: `Invalid sandbox fault settings: ${text}.` });
}
