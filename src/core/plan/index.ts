export { makePlan, type PlanInput, type PlanOptions } from './make-plan.js';
export { summarizePlan, listProjectsNeedingJwks, affectedJwksOf, type PlanSummary } from './summarize-plan.js';
export { makeTargetScope, listProjectsInScope, isKeyInScope, type TargetScope } from './select-targets.js';
