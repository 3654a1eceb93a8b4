/**
 * The authorisation matrix, generated from the role table (src/cases/authorization.ts `unitRoles`):
 * every endpoint × every role × its own unit / another unit / no session, each asserting the one
 * intended status. The intended status is worked out here from the table and the cases' units,
 * not by calling the rules under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../src/auth/accounts.js';
import { issueApiToken } from '../../src/auth/api-tokens.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { staffActor, staffRoles, type Identity, type StaffRole } from '../../src/cases/actor.js';
import { overseeingRoles, unitRoles } from '../../src/cases/authorization.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { findUnit, unitKind, type UnitKind } from '../../src/procedures/units.js';
import { buildTestApp } from '../support/api-app.js';
import { useEngine } from '../support/engine.js';

/** Two cases: a district one and a ward one, each with a working step and a signing step. */
const cases = {
  district: { procedureCode: 'D7-HKD-01', ward: undefined, desk: 'Q7.MC', office: 'Q7.TCKH', work: ['accept', 'submit_for_signature'], sign: 'approve' },
  ward: { procedureCode: 'D7-BTXH-06', ward: 'TTD', desk: 'P.TTD.MC', office: 'P.TTD', work: ['accept', 'submit_for_signature'], sign: 'approve' },
} as const;
type CaseKind = keyof typeof cases;

const kindOf = (unit: string): UnitKind => unitKind(findUnit(unit)!);
const fits = (role: StaffRole, unit: string) => overseeingRoles.includes(role) || unitRoles[kindOf(unit)].work.includes(role);
/** Units a role may belong to, the case's own units first. */
const candidateUnits = ['Q7.MC', 'Q7.TCKH', 'P.TTD.MC', 'P.TTD', 'Q7.TP', 'P.TTT.MC', 'P.TTT', 'Q7.VP'];

interface Cell {
  name: string;
  caseKind: CaseKind;
  endpoint: 'submit' | 'read' | 'work' | 'sign' | 'sign-too-early' | 'me' | 'users' | 'units' | 'admin-page' | 'admin-disable';
  role: StaffRole | null;
  unit: string | null;
  expected: number;
}

/** The case's units once it reached its signing step: received at the desk, held by the office. */
const involved = (c: CaseKind): string[] => [cases[c].desk, cases[c].office];

/** The administrator's page disables this demo account (idempotent: every administrator cell may do it). */
const disabledByAdmin = 'ward_chair.p.pmy';

function intended(endpoint: Cell['endpoint'], caseKind: CaseKind, role: StaffRole | null, unit: string | null): number {
  // A page sends a browser without a session to the login page; for the rest it does not exist.
  if (endpoint === 'admin-page' || endpoint === 'admin-disable') {
    if (role === null) return 302;
    if (role !== 'admin') return 404;
    return endpoint === 'admin-page' ? 200 : 303;
  }
  if (role === null || unit === null) return 401;
  const c = cases[caseKind];
  const reads = role === 'manager' || involved(caseKind).includes(unit);
  switch (endpoint) {
    case 'me':
    case 'units':
      return 200;
    case 'users':
      return role === 'admin' ? 200 : 403;
    case 'submit':
      return role === 'desk_officer' && unit === c.desk ? 201 : 403;
    case 'read':
      return reads ? 200 : 404;
    case 'work':
      if (!reads) return 404;
      return unit === c.office && unitRoles[kindOf(c.office)].work.includes(role) ? 200 : 403;
    case 'sign':
      if (!reads) return 404;
      return unit === c.office && unitRoles[kindOf(c.office)].sign.includes(role) ? 200 : 403;
    case 'sign-too-early':
      return reads ? 409 : 404;
  }
}

/** For a role and a case: its own unit (one the case involves, if the role can sit there) and another unit. */
function unitsFor(role: StaffRole, caseKind: CaseKind): Array<{ scope: 'own' | 'other'; unit: string }> {
  const own = involved(caseKind).find((u) => fits(role, u));
  const other = candidateUnits.find((u) => !involved(caseKind).includes(u) && fits(role, u))!;
  return [...(own ? [{ scope: 'own' as const, unit: own }] : []), { scope: 'other' as const, unit: other }];
}

const endpoints: Cell['endpoint'][] = ['submit', 'read', 'work', 'sign', 'sign-too-early', 'me', 'users', 'units', 'admin-page', 'admin-disable'];
const cells: Cell[] = (Object.keys(cases) as CaseKind[]).flatMap((caseKind) =>
  endpoints.flatMap((endpoint) => [
    ...staffRoles.flatMap((role) =>
      unitsFor(role, caseKind).map(({ scope, unit }) => ({
        name: `${caseKind} ${endpoint} as ${role} of ${scope} unit ${unit}`,
        caseKind,
        endpoint,
        role,
        unit,
        expected: intended(endpoint, caseKind, role, unit),
      })),
    ),
    { name: `${caseKind} ${endpoint} without a session`, caseKind, endpoint, role: null, unit: null, expected: intended(endpoint, caseKind, null, null) },
  ]),
);

describe('the authorisation matrix', () => {
  const fixture = useEngine('dev-server');
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const identities = new Map<string, Identity>();
  /** Cases refused requests may share (a refusal changes nothing); a 2xx action gets a fresh case. */
  const shared = new Map<string, string>();

  const key = (role: StaffRole, unit: string) => `${role}@${unit}`;
  const accountOf = (k: string) => `m.${k.replace('@', '.')}`.toLowerCase();
  const actorAt = (role: StaffRole, unit: string) => staffActor({ account: accountOf(key(role, unit)), name: 'M', unit, role });

  /** A case of the given kind brought to its working step (`work`) or its signing step (`sign`). */
  async function caseAt(caseKind: CaseKind, step: 'work' | 'sign'): Promise<string> {
    const c = cases[caseKind];
    const { engine } = fixture;
    const desk = actorAt('desk_officer', c.desk);
    const { caseCode } = await engine.cases.submit({ procedureCode: c.procedureCode, applicant: { name: 'Ma Trận' }, channel: 'desk', ward: c.ward, receivedBy: desk });
    await engine.cases.act(caseCode, { action: 'accept', actor: desk }, `${caseCode}-accept`);
    if (step === 'sign') {
      const worker = kindOf(c.office) === 'office' ? 'specialist' : 'ward_officer';
      await engine.cases.act(caseCode, { action: c.work[1], actor: actorAt(worker, c.office) }, `${caseCode}-work`);
    }
    return caseCode;
  }

  beforeAll(async () => {
    app = await buildTestApp(fixture.env, fixture.engine, fixture.database.db);
    const hash = await hashPassword('matrix password');
    const needed = new Set(cells.filter((c) => c.role && c.unit).map((c) => key(c.role!, c.unit!)));
    for (const k of needed) {
      const [role, unit] = k.split('@') as [StaffRole, string];
      const account = accountOf(k);
      await createAccount(fixture.database.db, { account, name: 'M', unit, role, password: '' }, hash);
      tokens.set(k, (await issueApiToken(fixture.database.db, account, 'matrix')).token);
      identities.set(k, { account, name: 'M', unit, role });
    }
    await fixture.engine.withWorker(async () => {
      for (const caseKind of Object.keys(cases) as CaseKind[]) {
        shared.set(`${caseKind}:work`, await caseAt(caseKind, 'work'));
        shared.set(`${caseKind}:sign`, await caseAt(caseKind, 'sign'));
      }
    });
  });
  afterAll(async () => app?.close());

  it('covers every role, both scopes where the role can sit, and no session, for every endpoint', () => {
    for (const endpoint of endpoints) {
      for (const role of staffRoles) expect(cells.some((c) => c.endpoint === endpoint && c.role === role)).toBe(true);
      expect(cells.filter((c) => c.endpoint === endpoint && c.role === null)).toHaveLength(2);
    }
    expect(new Set(cells.map((c) => c.expected))).toEqual(new Set([200, 201, 302, 303, 401, 403, 404, 409]));
  });

  it.each(cells.map((c) => [c.name, c] as const))('%s', async (_name, cell) => {
    await fixture.engine.withWorker(async () => {
      const headers = cell.role && cell.unit ? { authorization: `Bearer ${tokens.get(key(cell.role, cell.unit))}` } : {};
      const c = cases[cell.caseKind];
      const succeeds = cell.expected >= 200 && cell.expected < 300;
      let response;
      let caseCode: string | undefined;
      switch (cell.endpoint) {
        case 'me':
          response = await app.inject({ method: 'GET', url: '/api/auth/me', headers });
          break;
        case 'users':
          response = await app.inject({ method: 'GET', url: '/api/users', headers });
          break;
        case 'units':
          response = await app.inject({ method: 'GET', url: '/api/units', headers });
          break;
        case 'admin-page':
          response = await app.inject({ method: 'GET', url: '/admin/users', headers });
          if (succeeds) expect(response.body).toContain('id="add-account"');
          break;
        case 'admin-disable': {
          const activeNow = async () => (await fixture.database.db.selectFrom('accounts').select('active').where('account', '=', disabledByAdmin).executeTakeFirstOrThrow()).active;
          const before = await activeNow();
          response = await app.inject({ method: 'POST', url: `/admin/users/${disabledByAdmin}/disable`, headers });
          // Only an administrator's request changes the account; any other leaves it as it was.
          expect(await activeNow()).toBe(cell.expected === 303 ? false : before);
          break;
        }
        case 'submit':
          response = await app.inject({
            method: 'POST',
            url: '/api/cases',
            headers,
            payload: { procedureCode: c.procedureCode, applicant: { name: 'Ma Trận' }, channel: 'desk', ...(c.ward ? { ward: c.ward } : {}) },
          });
          break;
        case 'read':
          caseCode = shared.get(`${cell.caseKind}:sign`)!;
          response = await app.inject({ method: 'GET', url: `/api/cases/${caseCode}`, headers });
          break;
        case 'work':
        case 'sign':
        case 'sign-too-early': {
          const step = cell.endpoint === 'work' || cell.endpoint === 'sign-too-early' ? 'work' : 'sign';
          caseCode = succeeds ? await caseAt(cell.caseKind, step) : shared.get(`${cell.caseKind}:${step}`)!;
          const action = cell.endpoint === 'work' ? c.work[1] : c.sign;
          const before = (await listCaseEvents(fixture.database.db, caseCode)).length;
          response = await app.inject({ method: 'POST', url: `/api/cases/${caseCode}/actions`, headers, payload: { action, idempotencyKey: `matrix-${cell.name}` } });
          const after = await listCaseEvents(fixture.database.db, caseCode);
          if (succeeds) {
            // The event names the account and its unit, from the token, never from the body.
            expect(after.find((e) => e.data.action === action)).toMatchObject({ actor: identities.get(key(cell.role!, cell.unit!))!.account, actorUnit: cell.unit });
          } else {
            expect(after).toHaveLength(before); // a refused request writes nothing
          }
          break;
        }
      }
      expect(response.statusCode, response.body).toBe(cell.expected);
      if (cell.endpoint === 'admin-page' || cell.endpoint === 'admin-disable') {
        if (cell.expected === 302) expect(response.headers.location).toMatch(/^\/login\?next=/);
        if (cell.expected === 404) expect(response.body).toContain('PAGE_NOT_FOUND');
      } else if (!succeeds) {
        const body = response.json();
        expect(body.code).toEqual(expect.any(String));
        expect(body.messageVi).toEqual(expect.any(String));
        if (cell.expected === 404) expect(body.code).toBe('CASE_NOT_FOUND');
        if (cell.expected === 401) expect(body.code).toBe('AUTH_REQUIRED');
      }
    });
  });
});
