/**
 * The programmatic API of apinizer-keys: what the CLI does, as functions. Load and validate a
 * desired state, plan it against a Manager, render the plan (text, JSON, Markdown), and apply
 * it — the same engine, the same checks and the same guarantees as the command line (material
 * stays in {@link Secret}s, a refused plan throws, every failure is an {@link AppError}).
 *
 * ```ts
 * import { Secret, makePlanRequest, planChanges, renderPlanText, summarizePlan } from 'apinizer-keys';
 *
 * const request = makePlanRequest({ files: ['apinizer-keys.yaml'] });
 * const connection = {
 *   url: 'https://manager.example.com',
 *   credentials: { kind: 'token', token: new Secret(process.env.APINIZER_TOKEN ?? '') },
 *   parallelism: 10,
 * } as const;
 * const { plan } = await planChanges(request, connection, { cwd: process.cwd(), env: process.env });
 * console.log(renderPlanText(plan, { color: false, verbose: false }));
 * if (summarizePlan(plan).hasChanges) process.exitCode = 2;
 * ```
 *
 * The JSON Schemas of the file formats ship with the package: `apinizer-keys/schemas/desired-state.schema.json`,
 * `apinizer-keys/schemas/plan.schema.json` and `apinizer-keys/schemas/sandbox-seed.schema.json`.
 *
 * @packageDocumentation
 */

// The engine's use cases: validateDesired (offline: load and check the files), planChanges,
// applyChanges (plan, show, approve, execute, read back), serializePlanForApply + readSavedPlan
// + applySavedPlan (the saved-plan flow), exportLive (+ renderExport, renderExportFiles).
export {
  applyChanges,
  applySavedPlan,
  assertSavableRequest,
  describeManager,
  exportLive,
  planChanges,
  readSavedPlan,
  refuseBlockedPlan,
  serializePlanForApply,
  validateDesired,
} from './engine/index.js';
export type {
  AppliedChanges,
  ApplyHooks,
  Connection,
  Credentials,
  ExportedLive,
  InterruptGuard,
  LoadedSavedPlan,
  PlannedChanges,
  RunHooks,
  Workspace,
} from './engine/index.js';

// What a plan is made from, and what it is.
export { makePlanRequest, type PlanRequest } from './core/model/plan-request.js';
export { summarizePlan, type PlanSummary } from './core/model/plan-summary.js';
export { listChangeEntries, PLAN_FORMAT_VERSION } from './core/model/plan.js';
export type {
  AffectedJwk,
  Blocker,
  ChangeEntry,
  CreateEntry,
  DeleteEntry,
  FieldChange,
  NoopEntry,
  Notice,
  Plan,
  PlanAction,
  PlanEntry,
  PlanWarning,
  UpdateEntry,
} from './core/model/plan.js';
export { countApplyResults, isApplySuccessful } from './core/model/apply-report.js';
export type { ApplyCounts, ApplyReport, OperationOutcome, OperationResult } from './core/model/apply-report.js';
export type { DesiredKey, DesiredProject, DesiredState } from './core/model/desired-state.js';
export type { LiveKey, LiveProject } from './core/model/live-state.js';

// Rendering: pure functions of the plan and the apply report.
export { renderPlanText, type TextRenderOptions } from './core/render/render-plan-text.js';
export { renderPlanJson } from './core/render/render-plan-json.js';
export { MARKDOWN_MARKER, renderPlanMarkdown, type MarkdownRenderOptions } from './core/render/render-plan-markdown.js';
export { renderApplyJson } from './core/render/render-apply-json.js';
export { renderApplySummary } from './core/render/render-apply-text.js';
export { renderExport, renderExportFiles, type ExportedFile } from './export/render-export.js';

// The shared kernel: errors, secrets, the version.
export { AppError, type ErrorCode, type Fault } from './common/app-error.js';
export { REDACTED, Secret } from './common/secret.js';
export { VERSION } from './common/version.js';
