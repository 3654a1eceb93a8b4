/**
 * Who may do what: pure decisions over an `Actor` (or an `Identity`) given as data. The case
 * rules call `authorizeAction` from their Update validator; the API calls the others. No I/O.
 *
 * The role table: at each kind of unit some roles do the work and fewer sign the result.
 *   desk (bộ phận một cửa)          work: desk officer                 sign: —
 *   office (phòng, cơ quan)         work: specialist, head             sign: head
 *   ward committee (UBND phường)    work: ward officer, ward chair     sign: ward chair
 * An action "signs" when it leads to a result (approved, or rejected with reasons). A definition
 * may name the roles of one action itself (`roles:` on a step's action). Actions the applicant
 * takes (supplement completed, withdrawal) are done for them by a desk officer of the receiving
 * unit; delivery events only by the post; manager, designer and administrator act on no case.
 */
import type { Refusal } from '../errors.js';
import type { CaseEvent } from './case-event.js';
import type { ActionInfo } from '../procedures/compiled-procedure.js';
import type { UnitKind } from '../procedures/units.js';
import type { Actor, Identity, StaffRole } from './actor.js';

export const unitRoles: Readonly<Record<UnitKind, { work: readonly StaffRole[]; sign: readonly StaffRole[] }>> = {
  desk: { work: ['desk_officer'], sign: [] },
  office: { work: ['specialist', 'head'], sign: ['head'] },
  ward_committee: { work: ['ward_officer', 'ward_chair'], sign: ['ward_chair'] },
};

/** Roles that belong to no particular kind of unit: they read or administer, they act on no case. */
export const overseeingRoles: readonly StaffRole[] = ['manager', 'designer', 'admin'];

/** Whether an account of this role may belong to a unit of this kind. */
export function roleFitsUnit(role: StaffRole, kind: UnitKind): boolean {
  return overseeingRoles.includes(role) || unitRoles[kind].work.includes(role);
}

/** A state of the case where the action can be taken, with its concrete unit. */
export interface ActionHandler {
  unit: string;
  unitKind: UnitKind;
  /** The action leads to a result (approved / rejected): it is signed. */
  signs: boolean;
  /** Roles the definition names for this action here, overriding the table. */
  roles?: readonly StaffRole[] | undefined;
}

export interface ActionFacts {
  action: string;
  by: ActionInfo['by'];
  /** Where the action can be taken now (one state; several only if regions share an action). */
  handlers: readonly ActionHandler[];
  /** The case's one-stop desk: applicant-side actions happen there. */
  receivingUnit: string;
  /** Shown in refusals. */
  state: string;
}

export function requiredRoles(handler: ActionHandler): readonly StaffRole[] {
  if (handler.roles && handler.roles.length > 0) return handler.roles;
  const row = unitRoles[handler.unitKind];
  return handler.signs ? row.sign : row.work;
}

/** Why this actor may not take this action, or null when they may. */
export function authorizeAction(actor: Actor, facts: ActionFacts): Refusal | null {
  const notAllowed: Refusal = { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: facts.action, state: facts.state } };
  if (facts.by === 'system') return notAllowed;
  // Delivery events come only from the postal operator's webhook, and the post sends nothing else.
  if ((facts.by === 'post') !== (actor.kind === 'post')) return notAllowed;
  if (actor.kind === 'post') return null;
  if (actor.kind === 'system') return notAllowed;

  if (facts.by === 'applicant') {
    // The applicant has no account: the desk that received the dossier acts for them (NĐ61 Art. 19.4, 19.7).
    if (actor.unit !== facts.receivingUnit) return wrongUnit(actor.unit, facts.action, [facts.receivingUnit]);
    if (actor.role !== 'desk_officer') return wrongRole(actor.role, facts.action, ['desk_officer']);
    return null;
  }
  const atUnit = facts.handlers.filter((h) => h.unit === actor.unit);
  if (atUnit.length === 0) return wrongUnit(actor.unit, facts.action, facts.handlers.map((h) => h.unit));
  const roles = [...new Set(atUnit.flatMap(requiredRoles))];
  if (!roles.includes(actor.role)) return wrongRole(actor.role, facts.action, roles);
  return null;
}

/** Of the actions the case allows now, those this actor may take: the buttons a page shows. */
export function actionsAllowedTo(actor: Actor, facts: readonly ActionFacts[]): string[] {
  return facts.filter((f) => authorizeAction(actor, f) === null).map((f) => f.action);
}

function wrongUnit(actorUnit: string, action: string, units: readonly string[]): Refusal {
  return { code: 'CASE_ACTION_WRONG_UNIT', params: { action, actorUnit, unit: [...new Set(units)].join(', ') } };
}

function wrongRole(role: StaffRole, action: string, roles: readonly StaffRole[]): Refusal {
  return { code: 'CASE_ACTION_WRONG_ROLE', params: { action, role, roles: roles.length > 0 ? roles.join(', ') : '—' } };
}

/**
 * Reading is scoped: a unit sees the cases it holds, held or received (`involvedUnits`); a manager
 * sees all. Everyone else is told the case does not exist (404), so codes cannot be probed.
 */
export function canReadCase(identity: Identity, involvedUnits: readonly string[]): boolean {
  return identity.role === 'manager' || involvedUnits.includes(identity.unit);
}

/**
 * The units a case involved: every unit that held it (events' units, handoffs, parallel holders),
 * every acting account's unit, and the units holding it now. The first event's unit is the desk
 * that received it.
 */
export function involvedUnits(events: readonly CaseEvent[], holdingNow: readonly string[]): string[] {
  const units = new Set(holdingNow);
  for (const event of events) {
    units.add(event.unit);
    if (event.actorUnit) units.add(event.actorUnit);
    const heldBy = event.data.heldBy;
    if (Array.isArray(heldBy)) for (const unit of heldBy) if (typeof unit === 'string') units.add(unit);
    const handoffs = event.data.handoffs;
    if (Array.isArray(handoffs)) {
      for (const handoff of handoffs) {
        const toUnit = (handoff as { toUnit?: unknown } | null)?.toUnit;
        if (typeof toUnit === 'string') units.add(toUnit);
      }
    }
  }
  return [...units];
}

/** Dossiers are received by a desk officer of the procedure's receiving desk (for the applicant, or entering an online or postal filing). */
export function authorizeSubmission(identity: Identity, receivingUnit: string): Refusal | null {
  if (identity.role !== 'desk_officer') {
    return { code: 'CASE_SUBMIT_NOT_ALLOWED', params: { role: identity.role, unit: identity.unit, receivingUnit } };
  }
  if (identity.unit !== receivingUnit) {
    return { code: 'CASE_SUBMIT_NOT_ALLOWED', params: { role: identity.role, unit: identity.unit, receivingUnit } };
  }
  return null;
}

/** Accounts and tokens of others are the administrator's. */
export function canAdministerAccounts(identity: Identity): boolean {
  return identity.role === 'admin';
}
