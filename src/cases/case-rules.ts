/**
 * The case rules: pure functions from (case, request, now) to (case, events).
 * The workflow owns time and persistence; everything it decides comes from here, so every rule is
 * testable without Temporal. No I/O, no clock, no randomness. One file per concern:
 * case-state (types and reading a case), case-calendar (lookups and period arithmetic),
 * statutory-period (the period running now, its deadline after extensions and excluded time),
 * case-actions (start, check, apply), case-clock (timers, calendar change), case-view (view and row).
 */
export * from './case-state.js';
export { calendarOf, machineOf } from './case-calendar.js';
export { runningPeriod, statutoryDueOf, type PeriodAdjustment } from './statutory-period.js';
export * from './case-actions.js';
export * from './case-clock.js';
export * from './case-view.js';
