export { makePlan } from './make-plan.js';
export { attachJwkImpact, listProjectsNeedingJwks } from './jwk-impact.js';
export { summarizePlan, affectedJwksOf, type PlanSummary } from '../model/plan-summary.js';
export { makeTargetScope, listProjectsInScope, isKeyInScope, type TargetScope } from './select-targets.js';
