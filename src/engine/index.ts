/**
 * The engine: the use cases and the lifetimes of their I/O. The CLI parses argv into a
 * PlanRequest and a Connection, calls one of these, and renders the result.
 */
export { applyChanges, type AppliedChanges, type ApplyHooks, type InterruptGuard } from './apply-changes.js';
export { applySavedPlan, readSavedPlan, type LoadedSavedPlan } from './apply-saved-plan.js';
export type { Connection, ConnectionSource, Credentials } from './connection.js';
export { exportLive, type ExportedLive } from './export-live.js';
export { planChanges, type PlannedChanges } from './plan-changes.js';
export { refuseBlockedPlan } from './refuse-blocked-plan.js';
export { assertSavableRequest, serializePlanForApply } from './save-plan.js';
export { describeManager } from './session.js';
export { showSavedPlan, type ShownSavedPlan } from './show-saved-plan.js';
export { validateDesired } from './validate-desired.js';
export type { RunHooks, Workspace } from './workspace.js';
