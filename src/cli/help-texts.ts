/**
 * The examples and environment variables under each command's `--help`. Plain strings,
 * so start-up stays lean: nothing here loads a command.
 */

const CONNECTION_ENV = [
  '  APINIZER_URL                 Manager URL, with or without /apiops (or --url)',
  '  APINIZER_TOKEN               personal API access token (or --token, which shows in process lists)',
  '  APINIZER_USERNAME, APINIZER_PASSWORD',
  '                               a user whose token is fetched by client credentials (without a token)',
];

const OUTPUT_ENV = [
  '  NO_COLOR                     any non-empty value: no colours (as --no-color)',
  '  FORCE_COLOR                  1, 2, 3, true or empty: colours also when not a terminal (a CI log);',
  '                               0 or false: none. Overrides NO_COLOR; --no-color overrides both',
];

const STILL_WORKING_ENV = [
  '  APINIZER_KEYS_STILL_WORKING_MS',
  '                               quiet time before a "Still working: N s elapsed" line on stderr',
  '                               (default 10000; 0 turns the lines off)',
];

function section(title: string, lines: readonly string[]): string {
  return [`\n${title}:`, ...lines].join('\n');
}

function environment(...groups: (readonly string[])[]): string {
  return section('Environment', groups.flat());
}

/** The text after each command's own help, by command name. */
export const HELP_AFTER: Readonly<Record<string, string>> = {
  validate: [
    section('Examples', [
      '  $ apinizer-keys validate                          # apinizer-keys.yaml in this directory',
      '  $ apinizer-keys validate -f keys/ -f shared.yaml  # a directory of *.yaml, and a file',
      '  $ apinizer-keys validate --format json            # one JSON document (schemas/validate-result.schema.json)',
    ]),
    environment(OUTPUT_ENV),
    '\nOffline: reads no Manager and no environment variable of key material. Exit 0 valid, 1 not.',
  ].join('\n'),
  plan: [
    section('Examples', [
      '  $ apinizer-keys plan',
      '  $ apinizer-keys plan --target payments/jwt-signing',
      '  $ apinizer-keys plan --format markdown --detailed-exitcode > plan.md   # a pull-request comment',
      '  $ apinizer-keys plan --out plan.json                                   # for apinizer-keys apply plan.json',
      '  $ apinizer-keys plan --drift --detailed-exitcode                       # nightly drift check',
      '  $ apinizer-keys plan --drift --compare-material --detailed-exitcode    # and material replaced by hand (EXPORT_IMPORT)',
    ]),
    environment(
      CONNECTION_ENV,
      ['  (any variable named by content: { env: NAME } in the files: key material, never printed)'],
      OUTPUT_ENV,
      STILL_WORKING_ENV,
    ),
    '\nExit 0 success; with --detailed-exitcode 0 no changes, 2 changes; 1 an error or a refused plan; 130 interrupted; 141 stdout closed (| head).',
  ].join('\n'),
  apply: [
    section('Examples', [
      '  $ apinizer-keys apply                     # plan, show, ask for yes on a terminal',
      '  $ apinizer-keys apply --auto-approve      # unattended (CI)',
      '  $ apinizer-keys apply plan.json           # exactly a saved plan, if nothing changed since',
    ]),
    environment(CONNECTION_ENV, ['  (any variable named by content: { env: NAME } in the files)'], OUTPUT_ENV, STILL_WORKING_ENV),
    '\nExit 0 everything applied and confirmed; 1 an error or anything not done; 130 interrupted; 141 stdout or stderr closed (stopped as for Ctrl-C).',
  ].join('\n'),
  show: [
    section('Examples', [
      '  $ apinizer-keys show plan.json                    # what apply plan.json will do',
      '  $ apinizer-keys show plan.json --format markdown  # for a comment or a job summary',
      '  $ apinizer-keys show plan.json --format json      # the plan document, as plan --format json printed it',
    ]),
    environment(OUTPUT_ENV),
    '\nOffline: needs no Manager, no desired-state files and no key material. The file is checked as apply FILE checks it.',
  ].join('\n'),
  export: [
    section('Examples', [
      '  $ apinizer-keys export --project payments > apinizer-keys.yaml',
      '  $ apinizer-keys export --project payments --project orders -o keys/   # one file per project',
    ]),
    environment(CONNECTION_ENV, STILL_WORKING_ENV),
  ].join('\n'),
  doctor: [
    section('Examples', [
      '  $ apinizer-keys doctor                               # the Manager, the token, and the projects of apinizer-keys.yaml',
      '  $ apinizer-keys doctor --format json                 # one JSON document (schemas/doctor-report.schema.json)',
      '  $ apinizer-keys doctor --record doctor.json --anonymize   # a redacted recording to attach to a bug report',
    ]),
    environment(
      CONNECTION_ENV,
      ['  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY   a proxy to the Manager (the probes then go through it)'],
      OUTPUT_ENV,
    ),
    '\nRead-only: changes nothing in the Manager and reads no key material. Exit 0 no problems (warnings allowed), 1 a problem.',
  ].join('\n'),
  sandbox: [
    section('Examples', [
      '  $ apinizer-keys sandbox                                   # built-in demo, token demo-token',
      '  $ apinizer-keys sandbox --seed examples/sandbox-seed.yaml --port 0',
      '  $ apinizer-keys sandbox --latency 2000 --failure-rate 0.1  # a slow, flaky Manager',
    ]),
    '\nReads no environment variable. Ctrl-C stops it.',
  ].join('\n'),
  version: section('Examples', ['  $ apinizer-keys version     # the tool, Node.js, and the API generations it speaks']),
};
