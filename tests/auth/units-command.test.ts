/**
 * `motcua units list|load`: a province loads its communes and wards as data; a bad file is refused
 * with its file and path (Vietnamese and English) and nothing of it is written.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnitsWithParents } from '../../src/auth/accounts.js';
import { runUnitsCommand } from '../../src/cli/units-command.js';
import { runUsersCommand } from '../../src/cli/users-command.js';
import { openDatabase } from '../../src/store/database.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const province = `# Thành phố Hồ Chí Minh after 1 July 2025: the province, one ward with its committee and desk, one commune
units:
  - { code: HCM, nameVi: UBND Thành phố Hồ Chí Minh, nameEn: Ho Chi Minh City People's Committee, level: province }
  - { code: HCM.TTHC, nameVi: Trung tâm Phục vụ hành chính công Thành phố, nameEn: City public administrative service centre, level: province, parent: HCM, kind: desk }
  - { code: HCM.P.TTH, nameVi: UBND phường Tân Thuận, nameEn: Tan Thuan Ward People's Committee, level: ward, ward: TTH, parent: HCM }
  - { code: HCM.P.TTH.MC, nameVi: Bộ phận một cửa phường Tân Thuận, nameEn: Tan Thuan Ward one-stop desk, level: ward, ward: TTH, parent: HCM.P.TTH }
  - { code: HCM.X.CG, nameVi: UBND xã Cần Giờ, nameEn: Can Gio Commune People's Committee, level: commune, ward: CG, parent: HCM }
`;

describe('motcua units, on a PostgreSQL server', () => {
  let database: TestDatabase;
  let dir: string;
  const units = (...args: string[]) => runCliCommand((a, io) => runUnitsCommand(a, io, async () => openDatabase({ kind: 'postgres', url: database.url! })), args);
  const users = (...args: string[]) => runCliCommand((a, io) => runUsersCommand(a, io, async () => openDatabase({ kind: 'postgres', url: database.url! })), args);
  const file = async (name: string, text: string) => {
    const at = path.join(dir, name);
    await writeFile(at, text, 'utf8');
    return at;
  };
  const snapshot = async () => JSON.stringify(await listUnitsWithParents(database.db));

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'motcua-units-'));
  });
  afterAll(async () => database?.close());

  it('loads a province with its wards and communes, kinds and parents; accounts can then belong to them', async () => {
    const loaded = await units('load', await file('hcm.yaml', province));
    expect(loaded.exitCode, loaded.err).toBe(0);
    expect(loaded.out).toContain('5 unit(s) added, 0 updated');
    const all = await listUnitsWithParents(database.db);
    expect(all.find((u) => u.code === 'HCM.P.TTH.MC')).toEqual({
      code: 'HCM.P.TTH.MC', nameVi: 'Bộ phận một cửa phường Tân Thuận', nameEn: 'Tan Thuan Ward one-stop desk', level: 'ward', kind: 'desk', ward: 'TTH', parent: 'HCM.P.TTH',
    });
    expect(all.find((u) => u.code === 'HCM.X.CG')).toMatchObject({ level: 'commune', kind: 'ward_committee', ward: 'CG' });
    expect(all.find((u) => u.code === 'HCM')).toMatchObject({ kind: 'office', parent: null, ward: null });
    expect(all.find((u) => u.code === 'Q7.MC')).toMatchObject({ kind: 'desk', parent: null }); // the seeded units stay

    const listed = await units('list');
    expect(listed.out).toMatch(/HCM\.P\.TTH\.MC\s+ward\s+desk\s+TTH\s+HCM\.P\.TTH\s+Bộ phận một cửa phường Tân Thuận/);
    const desk = await users('add', 'le.thi.c', '--name', 'Lê Thị C', '--unit', 'HCM.P.TTH.MC', '--role', 'desk_officer', '--password', 'long enough 1');
    expect(desk.exitCode, desk.err).toBe(0);
    const unfit = await users('add', 'le.thi.d', '--name', 'Lê Thị D', '--unit', 'HCM.X.CG', '--role', 'specialist', '--password', 'long enough 1');
    expect(unfit.err).toContain('ACCOUNT_ROLE_UNFIT');
  });

  it('loading again updates names and writes no duplicate', async () => {
    const renamed = province.replace('UBND xã Cần Giờ', 'Ủy ban nhân dân xã Cần Giờ');
    const loaded = await units('load', await file('hcm-2.yaml', renamed));
    expect(loaded.out).toContain('0 unit(s) added, 5 updated');
    expect((await listUnitsWithParents(database.db)).find((u) => u.code === 'HCM.X.CG')?.nameVi).toBe('Ủy ban nhân dân xã Cần Giờ');
  });

  const good = (code: string, extra = '') => `  - { code: ${code}, nameVi: Đơn vị ${code}, nameEn: Unit ${code}, level: province${extra} }\n`;
  it.each([
    ['a YAML syntax error', 'units:\n  - { code: NEW1, nameVi: x\n', 'line 3', 'YAML sai cú pháp', 'not valid YAML'],
    ['a lower-case code', `units:\n${good('NEW1')}${good('new2')}`, 'units[1].code', 'sai giá trị', 'upper-case letters and digits'],
    ['an unknown level', `units:\n${good('NEW1')}  - { code: NEW2, nameVi: x, nameEn: x, level: hamlet }\n`, 'units[1].level', 'sai giá trị', 'province'],
    ['an unknown field', `units:\n${good('NEW1', ', chief: someone')}`, 'units[0]', 'sai giá trị', 'chief'],
    ['a ward unit without its ward', `units:\n${good('NEW1')}  - { code: NEW1.P, nameVi: x, nameEn: x, level: ward, parent: NEW1 }\n`, 'units[1].ward', 'phải ghi mã xã/phường', 'names its commune or ward'],
    ['a province unit naming a ward', `units:\n${good('NEW1', ', ward: TTD')}`, 'units[0].ward', 'chỉ đơn vị cấp xã/phường', 'only commune or ward units'],
    ['a committee kind at province level', `units:\n${good('NEW1', ', kind: ward_committee')}`, 'units[0].kind', 'phải ở cấp commune hoặc ward', 'at commune or ward level'],
    ['an unknown parent', `units:\n${good('NEW1')}${good('NEW2', ', parent: NOWHERE')}`, 'units[1].parent', 'không có đơn vị NOWHERE', 'no unit NOWHERE'],
    ['a repeated code', `units:\n${good('NEW1')}${good('NEW1')}`, 'units[1].code', 'trùng với units[0]', 'repeats units[0]'],
    ['a parent loop', `units:\n${good('NEW1', ', parent: NEW2')}${good('NEW2', ', parent: NEW1')}`, 'units[0].parent', 'vòng lặp cấp trên', 'loops through'],
    ['no units', 'units: []\n', 'units', 'sai giá trị', 'Too small'],
  ])('refuses %s with its file and path in both languages, writing nothing (not even the good units)', async (_what, text, where, vi, en) => {
    const before = await snapshot();
    const at = await file('bad.yaml', text);
    const result = await units('load', at);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(`UNITS_FILE_INVALID: Tệp đơn vị ${at} không hợp lệ ở ${where}`);
    expect(result.err).toContain(`Units file ${at} is invalid at ${where}`);
    expect(result.err).toContain(vi);
    expect(result.err).toContain(en);
    expect(result.err).toContain('nothing was written');
    expect(await snapshot()).toBe(before);
  });

  it('refuses to change the kind of a unit whose accounts would no longer fit, writing nothing of the file', async () => {
    const before = await snapshot();
    const at = await file('kind.yaml', `units:\n${good('NEW9')}  - { code: HCM.P.TTH.MC, nameVi: x, nameEn: x, level: ward, ward: TTH, kind: office }\n`);
    const result = await units('load', at);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('units[1].kind');
    expect(result.err).toContain('le.thi.c (desk_officer)');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a second desk or committee for one commune, in the file or beside the database’s, writing nothing', async () => {
    const before = await snapshot();
    const local = (code: string, kind: string) => `  - { code: ${code}, nameVi: x, nameEn: x, level: commune, ward: CG, kind: ${kind} }\n`;
    // HCM.X.CG (loaded above) is already the committee of commune CG.
    const beside = await units('load', await file('second-committee.yaml', `units:\n${good('NEW7')}${local('HCM.X.CG2', 'ward_committee')}`));
    expect(beside.exitCode).toBe(1);
    expect(beside.err).toContain('units[1].kind');
    expect(beside.err).toContain('already has a ward_committee unit: HCM.X.CG');
    expect(beside.err).toContain('đã có đơn vị loại ward_committee');
    const twoDesks = await units('load', await file('two-desks.yaml', `units:\n${local('HCM.X.CG.MC', 'desk')}${local('HCM.X.CG.MC2', 'desk')}`));
    expect(twoDesks.exitCode).toBe(1);
    expect(twoDesks.err).toContain('units[1].kind');
    expect(twoDesks.err).toContain('already has a desk unit: HCM.X.CG.MC');
    expect(await snapshot()).toBe(before);
    // Loading the commune's own committee again (an update, not a second one) is fine.
    const again = await units('load', await file('same-committee.yaml', `units:\n${local('HCM.X.CG', 'ward_committee')}`));
    expect(again.exitCode, again.err).toBe(0);
  });

  it('explains its usage and refuses a missing or unreadable file', async () => {
    expect((await units('load')).exitCode).toBe(2);
    const missing = await units('load', path.join(dir, 'none.yaml'));
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toContain('cannot read');
    expect((await units('help')).out).toContain('motcua units');
  });
});
