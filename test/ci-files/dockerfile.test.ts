/**
 * The Dockerfile, checked without Docker (no daemon can run here): dockerfile-utils' linter with
 * every rule as an error, and the image's policy read from the parsed file (dockerfile-ast):
 * multi-stage, a pinned base, production dependencies only at run time, non-root, the CLI as
 * the entrypoint, the schemas inside, and every COPY source let through by .dockerignore.
 */
import { describe, expect, it } from '@jest/globals';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERIGNORE = readFileSync(join(ROOT, '.dockerignore'), 'utf8');

/** Every rule of the validator, raised to an error. */
const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** The instructions of each stage, by stage name. */
function readStages(): Map<string, Instruction[]> {
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const instruction of DockerfileParser.parse(TEXT).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(instruction.getArgumentsContent() ?? '')?.[1] ?? `stage${stages.size}`;
      stages.set(name, (current = []));
    }
    current?.push(instruction);
  }
  return stages;
}

/** An instruction as one line: keyword, flags and arguments, continuations and runs of spaces folded. */
const line = (instruction: Instruction) => instruction.getTextContent().replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();

describe('Dockerfile', () => {
  it('passes the dockerfile-utils linter with every rule as an error', () => {
    const problems = validate(TEXT, STRICT).map(
      (problem) => `${problem.range.start.line + 1}: ${typeof problem.message === 'string' ? problem.message : problem.message.value}`,
    );
    expect(problems).toEqual([]);
  });

  it('the linter does find problems (it is not silently passing everything)', () => {
    const bad = 'FROM node\nworkdir app\nCMD ["a"]\nCMD b\nCOPY --frm=x a b\n';
    expect(validate(bad, STRICT).length).toBeGreaterThanOrEqual(3);
  });

  it('builds in stages from one base pinned by tag, never latest', () => {
    const stages = readStages();
    expect([...stages.keys()]).toEqual(['build', 'deps', 'runtime']);
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(TEXT)?.[1];
    expect(base).toMatch(/^node:\d+-alpine[\d.]+(@sha256:[0-9a-f]{64})?$/);
    for (const [name, instructions] of stages) expect(`${name}: ${line(instructions[0]!)}`).toMatch(/: FROM \$\{NODE_IMAGE\} AS \w+$/);
  });

  it('installs from the lock file without install scripts; production dependencies only at run time', () => {
    const stages = readStages();
    const installs = [...stages].flatMap(([name, instructions]) =>
      instructions
        .filter((instruction) => /\bnpm (ci|install|i)\b/.test(line(instruction)))
        .map((instruction) => `${name}: ${line(instruction)}`),
    );
    expect(installs).toHaveLength(2);
    for (const install of installs) expect(install).toMatch(/npm ci .*--ignore-scripts/);
    expect(installs.find((install) => install.startsWith('deps:'))).toContain('--omit=dev');
    const runtime = stages.get('runtime')!.map(line);
    expect(runtime.filter((text) => /npm (ci|install)/.test(text))).toEqual([]);
    expect(runtime).toContain('COPY --from=deps --chown=root:root /app/node_modules node_modules');
  });

  it('runs as a non-root numeric user, with the CLI as the entrypoint and the schemas inside', () => {
    const runtime = stages().map(line);
    const users = runtime.filter((text) => text.startsWith('USER '));
    expect(users.at(-1)).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    expect(runtime.filter((text) => text.startsWith('ENTRYPOINT '))).toEqual(['ENTRYPOINT ["node", "/app/dist/cli.js"]']);
    expect(runtime).toContain('COPY --chown=root:root schemas schemas');
    expect(runtime).toContain('COPY --chown=root:root package.json ./');
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const allowed = DOCKERIGNORE.split('\n')
      .filter((entry) => entry.startsWith('!'))
      .map((entry) => entry.slice(1).replace(/\/$/, ''));
    expect(DOCKERIGNORE.split('\n')).toContain('*');
    const sources = [...readStages().values()]
      .flat()
      .filter((instruction) => instruction.getKeyword() === 'COPY' && !line(instruction).includes('--from='))
      .flatMap((instruction) =>
        instruction
          .getArguments()
          .slice(0, -1)
          .map((argument) => argument.getValue()),
      )
      .filter((value) => !value.startsWith('--'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(`${source}: ${existsSync(join(ROOT, source))}`).toBe(`${source}: true`);
      expect(`${source}: ${allowed.some((entry) => source === entry || source.startsWith(`${entry}/`))}`).toBe(`${source}: true`);
    }
  });
});

function stages(): Instruction[] {
  return readStages().get('runtime')!;
}
