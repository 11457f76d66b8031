import { Command, Option } from 'commander';
import { API_GENERATIONS, VERSION } from '../common/version.js';
import { JWK_DELETE_ACTIONS } from '../core/model/domain.js';
import { printableText } from '../core/render/printable.js';
// Types only: the commands themselves load on demand, to keep start-up lean.
import type { ApplyCommandFlags } from './commands/apply.js';
import type { DoctorFlags } from './commands/doctor.js';
import type { ExportFlags } from './commands/export.js';
import type { PlanCommandFlags } from './commands/plan.js';
import type { SandboxFlags } from './commands/sandbox.js';
import type { ShowFlags } from './commands/show.js';
import type { ValidateFlags } from './commands/validate.js';
import { HELP_AFTER } from './help-texts.js';
import { describeRange, FLAG_RANGES, parseDecimalFlag, parseIntegerFlag } from './numeric-flags.js';

/** A command handler resolves to the exit status. Handlers load lazily to keep start-up lean. */
export type ExitStatus = Promise<number>;

/** API generations the sandbox can speak (`sandbox --api`): every one the client speaks. */
const SANDBOX_API_GENERATIONS = API_GENERATIONS;

const collect = (value: string, previous: string[]) => [...previous, value];

function addFileOptions(command: Command): Command {
  return command
    .option(
      '-f, --file <path>',
      'desired-state file, directory of *.yaml, or - for stdin (repeatable; default apinizer-keys.yaml)',
      collect,
      [],
    )
    .option('--allow-outside-files', 'allow content files outside the working directory')
    .option('--no-color', 'disable colours (also NO_COLOR, or output that is not a terminal; FORCE_COLOR=1 forces them)')
    .option('-v, --verbose', 'also show unchanged keys, ignored keys, retries')
    .option('--debug', 'show requests and stack traces (never secrets)');
}

function addPlanOptions(command: Command, formats: readonly string[] = ['text', 'json']): Command {
  addFileOptions(command)
    .option('--target <address>', 'limit to a project or project/key (repeatable)', collect, [])
    .option('--replace-content <address>', 're-send the material of project/key although nothing else changed (repeatable)', collect, [])
    .addOption(
      new Option('--jwk-delete-action <action>', 'JWK action for deletes where the key and project set none').choices(JWK_DELETE_ACTIONS),
    )
    .option('--allow-mass-delete', 'lift the mass-deletion guard for this run')
    .option(
      '--compare-material',
      "read each key's live material (Export Key File; needs SECRETS + EXPORT_IMPORT) and compare it with the file's",
    )
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('text'));
  return addConnectionOptions(command);
}

function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'Manager URL, with or without /apiops (default: APINIZER_URL)')
    .option('--token <token>', 'API access token (default: APINIZER_TOKEN; prefer the variable: flags show in process lists)')
    .option(
      '--parallelism <n>',
      `requests in flight at once, ${describeRange(FLAG_RANGES.parallelism)}`,
      parseIntegerFlag(FLAG_RANGES.parallelism),
      10,
    )
    .option(
      '--retries <n>',
      `retries on network errors, 429 and 5xx (POST only after 429), ${describeRange(FLAG_RANGES.retries)}`,
      parseIntegerFlag(FLAG_RANGES.retries),
      4,
    )
    .option(
      '--retry-delay <ms>',
      `base of the exponential backoff between retries, in ms, ${describeRange(FLAG_RANGES.retryDelay)}`,
      parseIntegerFlag(FLAG_RANGES.retryDelay),
      500,
    )
    .option(
      '--timeout <ms>',
      `timeout of one request attempt in ms, ${describeRange(FLAG_RANGES.timeout)}`,
      parseIntegerFlag(FLAG_RANGES.timeout),
      30000,
    );
}

/** The command-line interface. `run` receives each command's exit status. */
export function createProgram(run: (status: ExitStatus) => void): Command {
  const program = new Command('apinizer-keys')
    .description('Manage the crypto keys of Apinizer projects as code: validate, plan and apply a desired-state YAML.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Usage errors quote the argument as typed: no control character in it reaches the terminal.
    .configureOutput({ outputError: (text, write) => write(printableText(text, false)) });

  addFileOptions(program.command('validate').description('check desired-state files offline'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: ValidateFlags) => run(import('./commands/validate.js').then((m) => m.runValidateCommand(flags))));

  addPlanOptions(program.command('plan').description('show what apply would change'), ['text', 'json', 'markdown'])
    .option('--detailed-exitcode', 'exit 0 for no changes, 2 for changes, 1 for errors')
    .option('--drift', 'word the output as a drift check: what differs live from the file')
    .option('--out <file>', 'save the plan (no key material) for apply FILE')
    .option(
      '--max-length <chars>',
      `with --format markdown: the most characters the output may have, ${describeRange(FLAG_RANGES.markdownLength)} (default 65536, GitHub's comment limit)`,
      parseIntegerFlag(FLAG_RANGES.markdownLength),
    )
    .action((flags: PlanCommandFlags) => run(import('./commands/plan.js').then((m) => m.runPlanCommand(flags))));

  addPlanOptions(program.command('apply').description('plan, confirm, and carry out the changes; or apply a saved plan'))
    .argument('[planfile]', 'a plan saved with plan --out: applied as it is, if nothing changed since')
    .option('--auto-approve', 'apply without asking (required without a terminal)')
    .option(
      '--no-read-back',
      'do not re-read the changed projects to verify the apply (only if you must: a change the Manager ignored goes unnoticed)',
    )
    .action((planFile: string | undefined, flags: ApplyCommandFlags) =>
      run(
        planFile === undefined
          ? import('./commands/apply.js').then((m) => m.runApplyCommand(flags))
          : import('./commands/apply-saved-plan.js').then((m) => m.runApplySavedPlanCommand(planFile, flags)),
      ),
    );

  program
    .command('show')
    .description('render a saved plan offline (no Manager, no files, no key material needed)')
    .argument('<planfile>', 'a plan saved with plan --out')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--no-color', 'disable colours (also NO_COLOR, or output that is not a terminal; FORCE_COLOR=1 forces them)')
    .option('-v, --verbose', 'also show unchanged keys and the keys left alone')
    .option('--debug', 'show stack traces (never secrets)')
    .action((planFile: string, flags: ShowFlags) => run(import('./commands/show.js').then((m) => m.runShowCommand(planFile, flags))));

  addConnectionOptions(
    program
      .command('export')
      .description('write a desired-state file from the live state of projects')
      .option('--project <name>', 'project to export (repeatable)', collect, [])
      .option('-o, --output <path>', 'file, or directory for one file per project (default: stdout)')
      .option('--no-color', 'accepted for symmetry; export writes no colours')
      .option('-v, --verbose', 'show retries and extra reads')
      .option('--debug', 'show requests and stack traces (never secrets)'),
  ).action((flags: ExportFlags) => run(import('./commands/export.js').then((m) => m.runExportCommand(flags))));

  addConnectionOptions(
    addFileOptions(program.command('doctor').description('check a Manager read-only before trusting plan and apply with it'))
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--record <file>', 'also write every request and reply of the check as JSON (redacted: no token, credentials or material)')
      .option('--anonymize', 'in the recording, replace project, key, JWK and environment names consistently'),
  ).action((flags: DoctorFlags) => run(import('./commands/doctor.js').then((m) => m.runDoctorCommand(flags))));

  program
    .command('sandbox')
    .description('run a local Apinizer-compatible management API (in memory) to try everything on')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', `port, ${describeRange(FLAG_RANGES.port)} (0 = any free port)`, parseIntegerFlag(FLAG_RANGES.port), 8091)
    .option('--seed <file>', 'YAML seed of projects, environments, keys, JWKs and tokens (default: built-in demo)')
    .option(
      '--latency <ms>',
      `delay added to every API request, in ms, ${describeRange(FLAG_RANGES.latency)}`,
      parseIntegerFlag(FLAG_RANGES.latency),
    )
    .option(
      '--failure-rate <rate>',
      `share of API requests answered with 500, ${describeRange(FLAG_RANGES.rate)} (e.g. 0.1)`,
      parseDecimalFlag(FLAG_RANGES.rate),
    )
    .option(
      '--rate-limit-rate <rate>',
      `share of API requests answered with 429, ${describeRange(FLAG_RANGES.rate)} (e.g. 0.1)`,
      parseDecimalFlag(FLAG_RANGES.rate),
    )
    // No default: the sandbox picks its own, so the CLI need not track which generation is newest.
    .addOption(
      new Option('--api <generation>', "API generation to answer in (legacy: the older reply shape; default: the sandbox's own)").choices(
        SANDBOX_API_GENERATIONS,
      ),
    )
    .option('--replay <file>', 'answer each request with its reply recorded by doctor --record FILE (method, path and query must match)')
    .action((flags: SandboxFlags) => run(import('./commands/sandbox.js').then((m) => m.runSandboxCommand(flags))));

  program
    .command('version')
    .description('print the version, the Node.js version and the Apinizer API generations supported')
    .action(() => run(import('./commands/version.js').then((m) => m.runVersionCommand())));

  program.addHelpText('after', '\nRun apinizer-keys COMMAND --help for examples and the environment variables each command reads.');
  for (const command of program.commands) {
    const after = HELP_AFTER[command.name()];
    if (after !== undefined) command.addHelpText('after', after);
  }
  return program;
}
