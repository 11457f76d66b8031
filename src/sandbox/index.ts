/**
 * The Apinizer-compatible sandbox: an in-memory management API on loopback, the embedded
 * default that the demo, the tests and the benchmark run against. See README.md here.
 */
export type { DeploymentShape, FaultSettings, RequestLogEntry, SandboxApi, SandboxHandle, SandboxOptions } from './public-types.js';
export { DEFAULT_SANDBOX_API, DEPLOYMENT_SHAPES, SANDBOX_APIS } from './public-types.js';
export type {
  JwkSourceType,
  SandboxSeed,
  SeedEnvironment,
  SeedGrants,
  SeedJwk,
  SeedKey,
  SeedKeyEnvironment,
  SeedPermission,
  SeedProject,
  SeedToken,
  SeedUser,
} from './seed-types.js';
export type {
  SandboxSnapshot,
  SnapshotEnvironment,
  SnapshotJwk,
  SnapshotKey,
  SnapshotKeyEnvironment,
  SnapshotProject,
} from './snapshot.js';
export { DEMO_SEED } from './demo-seed.js';
export { DEFAULT_FAULTS } from './faults.js';
export { loadSeedFile, parseSeed } from './parse-seed.js';
export { runReplayUntilSignal, runSandboxUntilSignal } from './run-until-signal.js';
export { loadRecordingFile, validateRecording, type ReplayExchange, type ReplayRecording } from './replay-recording.js';
export { startReplay, type ReplayHandle, type ReplayOptions } from './replay-server.js';
export { startSandbox } from './server.js';
