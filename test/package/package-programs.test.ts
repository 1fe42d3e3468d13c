/** The programs a package names, read from its raw config: campaign oracle, sweep base and sweep grid/zip values. */
import { describe, expect, it } from 'vitest';
import { listPackagePrograms } from '../../src/package/package-programs.js';
import { AlcoveError } from '../../src/shared/errors.js';

const kept = (path: string, value: unknown) =>
  new Map([[path, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))]]);

describe('listPackagePrograms', () => {
  it("lists a campaign's command oracle, aliases resolved, and nothing for a built-in oracle", () => {
    const yaml = 'argv: &prog [./dock.sh, --fast]\noracle: { kind: command, argv: *prog }\n';
    expect(listPackagePrograms('campaign', kept('config.yaml', yaml))).toEqual([
      { program: './dock.sh', argv: ['./dock.sh', '--fast'], source: 'config.yaml: oracle.argv' },
    ]);
    expect(listPackagePrograms('campaign', kept('config.yaml', 'oracle: { kind: desirability }\n'))).toEqual([]);
  });

  it("lists a sweep's base oracle and every oracle a grid or zip value sets", () => {
    const spec = {
      base: { oracle: { kind: 'command', argv: ['/opt/a'] } },
      grid: { oracle: [{ kind: 'desirability' }, { kind: 'command', argv: ['/opt/b', 'x'] }] },
      zip: [{ oracle: [{ kind: 'command', argv: ['/opt/c'] }], seed_note: ['n'] }],
    };
    const found = listPackagePrograms('sweep', kept('sweep.json', { spec }));
    expect(found.map((p) => `${p.program} @ ${p.source}`)).toEqual([
      '/opt/a @ sweep.json: spec.base.oracle.argv',
      '/opt/b @ sweep.json: spec.grid.oracle[1]',
      '/opt/c @ sweep.json: spec.zip[0].oracle[0]',
    ]);
  });

  it('refuses a sweep whose base campaign is a file outside the package', () => {
    const list = () => listPackagePrograms('sweep', kept('sweep.json', { spec: { base: '/etc/base.yaml' } }));
    expect(list).toThrow(AlcoveError);
    expect(list).toThrow(/\/etc\/base\.yaml/);
    try {
      list();
    } catch (error) {
      expect((error as AlcoveError).code).toBe('PACKAGE_UNSAFE');
    }
  });
});
