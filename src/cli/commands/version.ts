import { API_GENERATIONS, VERSION } from '../../common/version.js';
import { EXIT } from '../exit-codes.js';

/** What each API generation is, for people reading `version`. */
const GENERATION_NOTES: Readonly<Record<(typeof API_GENERATIONS)[number], string>> = {
  current: 'docs.apinizer.com, 2026-07 on',
  '2026-01': 'docs.apinizer.com before 2026-07',
  legacy: 'management-api-docs',
};

/** The lines of `apinizer-keys version`: the tool, the runtime, and the API generations it speaks. */
export function describeVersion(runtime: { readonly node: string; readonly platform: string; readonly arch: string }): string[] {
  return [
    `apinizer-keys ${VERSION}`,
    `Node.js ${runtime.node} (${runtime.platform}-${runtime.arch})`,
    `Apinizer management API generations: ${API_GENERATIONS.map((generation) => `${generation} (${GENERATION_NOTES[generation]})`).join(', ')}`,
  ];
}

/** `apinizer-keys version`: more than `--version`, for bug reports and compatibility checks. */
export function runVersionCommand(): Promise<number> {
  process.stdout.write(`${describeVersion({ node: process.version, platform: process.platform, arch: process.arch }).join('\n')}\n`);
  return Promise.resolve(EXIT.ok);
}
