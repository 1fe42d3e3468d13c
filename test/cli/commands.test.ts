/**
 * The command line as a user meets it: --version, each command's help with examples, mistyped options and
 * commands (one line, exit 2), `schema`, and `status` / `log` over state folders written here by hand.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/args.js';
import { EXIT } from '../../src/cli/run-cli.js';
import { REPO_ROOT, runMain } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-cli-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('help, version and usage errors', () => {
  it('--version prints the package version', async () => {
    expect(await runMain(['--version'])).toEqual({ code: EXIT.done, stdout: `${version}\n`, stderr: '' });
  });

  it('the main help lists every command; each command has its own help with examples', async () => {
    const main = await runMain(['--help']);
    expect(main.code).toBe(EXIT.done);
    for (const name of COMMANDS) expect(main.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(main.stdout).toMatch(/Exit codes: 0 done/);
    for (const name of COMMANDS) {
      const help = await runMain([name, '--help']);
      expect(help.code, name).toBe(EXIT.done);
      expect(help.stdout).toMatch(new RegExp(`^Usage: alcove ${name}`));
      expect(help.stdout).toMatch(new RegExp(`Examples:\\n  \\$ alcove`));
    }
    expect((await runMain(['run', '--help'])).stdout).toMatch(/--set <key=value>[\s\S]*--resume[\s\S]*--fresh/);
    expect((await runMain(['help', 'status'])).stdout).toMatch(/^Usage: alcove status \[options\] \[dir\]/);
  });

  it('a mistyped option is one line naming it, a suggestion and the help page, exit 2', async () => {
    expect(await runMain(['--frsh'])).toEqual({
      code: EXIT.usage,
      stdout: '',
      stderr: "alcove: unknown option '--frsh' (did you mean --fresh?); see alcove run --help\n",
    });
    const status = await runMain(['status', '--jsno']);
    expect(status.code).toBe(EXIT.usage);
    expect(status.stderr).toBe("alcove: unknown option '--jsno' (did you mean --json?); see alcove status --help\n");
    // An option of another command is not one of this command's.
    expect((await runMain(['verify', 'x.tar.gz', '--resume'])).code).toBe(EXIT.usage);
  });

  it('an unknown command, a missing argument and conflicting flags: exit 2, one line', async () => {
    const unknown = await runMain(['stauts']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/^alcove: unknown command 'stauts' \(commands: run, status, log,[^\n]*\n$/);
    const missing = await runMain(['verify']);
    expect(missing).toMatchObject({
      code: EXIT.usage,
      stderr: "alcove: missing required argument 'file'; see alcove verify --help\n",
    });
    for (const flags of [
      ['--resume', '--fresh'],
      ['--quiet', '--verbose'],
      ['--verify', '--resume'],
    ]) {
      const r = await runMain(flags);
      expect(r.code, flags.join(' ')).toBe(EXIT.usage);
      expect(r.stderr.trim().split('\n'), flags.join(' ')).toHaveLength(1);
    }
    expect((await runMain(['run', 'extra'])).stderr).toMatch(/^alcove: too many arguments for 'run'/);
  });
});

describe('schema', () => {
  it('prints the committed JSON Schema of each kind; an unknown kind is exit 2', async () => {
    for (const kind of ['campaign', 'sweep', 'limits', 'status']) {
      const r = await runMain(['schema', kind]);
      expect(r.code).toBe(EXIT.done);
      expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, 'schema', `${kind}.schema.json`), 'utf8'));
    }
    expect((await runMain(['schema'])).stdout).toMatch(/"title": "Alcove campaign config"/);
    expect(await runMain(['schema', 'nope'])).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringMatching(/kinds: campaign, sweep, limits, status/) as unknown,
    });
  });
});

/** A state folder as a campaign leaves it after `rounds` rounds (summary.json, db.json). */
function fakeCampaign(path: string, name: string, status: string, rounds: number): void {
  mkdirSync(path, { recursive: true });
  const history = Array.from({ length: rounds }, (_, g) => ({
    generation: g,
    labeled: 10 * (g + 1),
    metrics: { topk_scores: 0.1 * g, r2: null },
    seconds: {},
  }));
  const summary = {
    status,
    generation: rounds - 1,
    labeled: 10 * rounds,
    oracle_calls: 10 * rounds,
    oracle_failures: 1,
    config_sha256: 'x',
    dataset: { path: 'd.csv', sha256: 'y', rows: 100, invalid: 0 },
    headline: 'topk_scores',
    stop_reason: status === 'done' ? 'budget' : null,
    error: status === 'failed' ? { stage: 'train', code: 'TASK_FAILED', message: 'train failed' } : null,
    history,
  };
  writeFileSync(join(path, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(path, 'db.json'), JSON.stringify({ campaign: { name }, rounds: [], acquisitions: [], test: [] }));
  writeFileSync(join(path, 'state.json'), '{}');
}

describe('status and log', () => {
  const runs = join(dir, 'runs');
  fakeCampaign(join(runs, 'a'), 'alpha', 'done', 3);
  fakeCampaign(join(runs, 'sweep', 'runs', 'b1'), 'beta', 'failed', 2);
  // "running" in summary.json with no live process holding the lock: a killed run.
  fakeCampaign(join(runs, 'c'), 'gamma', 'running', 1);
  writeFileSync(join(runs, 'c', 'lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: 'h', startedAt: 'x' }));
  mkdirSync(join(runs, 'a', 'artifacts', 'deep'), { recursive: true });

  it('status --json matches schema/status.schema.json and says what the summary holds', async () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'status.schema.json'), 'utf8')) as object,
    );
    const r = await runMain(['status', join(runs, 'a'), '--json']);
    expect(r.code, r.stderr).toBe(EXIT.done);
    const status: unknown = JSON.parse(r.stdout);
    expect(validate(status), JSON.stringify(validate.errors)).toBe(true);
    expect(status).toMatchObject({
      name: 'alpha',
      status: 'done',
      generation: 2,
      rounds: 3,
      live: false,
      headline: { metric: 'topk_scores', value: 0.2 },
      stop_reason: 'budget',
    });
    const killed: unknown = JSON.parse((await runMain(['status', join(runs, 'c'), '--json'])).stdout);
    expect(validate(killed)).toBe(true);
    expect(killed).toMatchObject({ status: 'interrupted', live: false });
    expect(validate({ ...(status as object), generation: 'two' })).toBe(false);
    expect(validate({ ...(status as object), status: '' })).toBe(false);
  });

  it('status as text names the campaign, its status and headline; no campaign is exit 2', async () => {
    const r = await runMain(['status', join(runs, 'sweep', 'runs', 'b1')]);
    expect(r.code).toBe(EXIT.done);
    expect(r.stdout).toMatch(/campaign 'beta' failed\n {2}generation 1, 20 labeled in 2 rounds; topk_scores 0\.100/);
    expect(r.stdout).toMatch(/error in train: train failed \(TASK_FAILED\)/);
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colours
    const none = await runMain(['status', dir]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/^alcove: .*: no campaign here/);
  });

  it('log lists every campaign under a folder (sweep runs too), with status and headline', async () => {
    const r = await runMain(['log', runs]);
    expect(r.code, r.stderr).toBe(EXIT.done);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^UPDATED\s+STATUS\s+GEN\s+LABELED\s+HEADLINE\s+NAME\s+FOLDER$/);
    expect(lines).toHaveLength(4);
    expect(r.stdout).toMatch(/done\s+2\s+30\s+topk_scores 0\.200\s+alpha/);
    expect(r.stdout).toMatch(/failed\s+1\s+20\s+topk_scores 0\.100\s+beta\s+\S*sweep\/runs\/b1/);
    expect(r.stdout).toMatch(/interrupted\s+0\s+10/);
    const json = JSON.parse((await runMain(['log', runs, '--json'])).stdout) as { name: string }[];
    expect(json.map((s) => s.name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect((await runMain(['log', join(dir, 'missing')])).code).toBe(EXIT.usage);
    expect((await runMain(['log', join(runs, 'a', 'artifacts')])).stdout).toBe(
      `no campaigns under ${join(runs, 'a', 'artifacts')}\n`,
    );
  });
});
