/**
 * Records the Temporal histories of every path of a case on the time-skipping server, into
 * tests/workflows/histories/. The replay test runs them against the current workflow code, so a
 * change to the workflow that would break running cases fails CI unless it is patched.
 *
 *   npm run record:histories -- <release-name>
 *
 * Each release of the workflow code records into its own folder; older folders stay, so the
 * replay test keeps checking that cases started under every release still run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { defaultCalendarData, mergeCalendarUpdate } from '../../src/calendar/index.js';
import type { Channel } from '../../src/cases/case-rules.js';
import { createTestDatabase } from '../support/services.js';
import { createTestEngine, timeSkippingEnvironment } from '../support/engine.js';

type Step = string | { action: string; actor?: string; apologyDays?: number } | { sleep: string } | { calendarDayOffAtDue: true };
interface Path {
  name: string;
  procedureCode: string;
  channel?: Channel;
  ward?: string;
  /** A postal dossier handed over this many days before it is submitted (its lawful instant). */
  postalDaysAgo?: number;
  steps: Step[];
}

const paths: Path[] = [
  { name: 'happy-desk', procedureCode: 'D7-HKD-01', steps: ['accept', 'submit_for_signature', 'approve', 'return_at_desk'] },
  { name: 'supplement-at-receipt', procedureCode: 'D7-HKD-01', steps: ['request_supplement', { sleep: '2 days' }, 'supplement_completed', 'accept', 'submit_for_signature', 'approve', 'return_at_desk'] },
  { name: 'supplement-in-appraisal', procedureCode: 'D7-HKD-01', steps: ['accept', 'request_supplement', { sleep: '10 days' }, 'supplement_completed', 'submit_for_signature', 'approve', 'return_at_desk'] },
  { name: 'supplement-window-expired', procedureCode: 'D7-HKD-01', steps: ['accept', 'request_supplement', { sleep: '40 days' }] },
  { name: 'late-with-apology', procedureCode: 'D7-HKD-01', steps: ['accept', { action: 'issue_apology', apologyDays: 10 }, { sleep: '12 days' }, 'submit_for_signature', 'approve', 'return_at_desk'] },
  { name: 'rejected', procedureCode: 'D7-HKD-01', steps: ['accept', 'reject', 'return_at_desk'] },
  { name: 'withdrawn', procedureCode: 'D7-HKD-01', steps: ['accept', { action: 'withdraw', actor: 'applicant' }] },
  { name: 'refused-at-receipt', procedureCode: 'D7-HKD-01', steps: ['refuse'] },
  { name: 'postal-delivered', procedureCode: 'D7-HKD-01', channel: 'post', steps: ['accept', 'submit_for_signature', 'approve', 'consign_to_post', { action: 'delivered', actor: 'post' }] },
  { name: 'postal-returned', procedureCode: 'D7-HKD-01', channel: 'online', steps: ['accept', 'submit_for_signature', 'approve', 'consign_to_post', { action: 'delivery_failed', actor: 'post' }, { action: 'delivery_failed', actor: 'post' }, 'collect_at_desk'] },
  { name: 'ward-to-district', procedureCode: 'D7-BTXH-01', ward: 'TTD', steps: ['accept', { sleep: '12 days' }, 'submit_for_signature', 'transfer_to_district', 'submit_for_decision', 'approve', 'return_at_desk'] },
  { name: 'parallel-consultation', procedureCode: 'D7-XD-01', ward: 'TKG', steps: ['accept', 'consult_agencies', 'land_answered', 'ward_answered', 'consolidate_answers', 'approve', 'return_at_desk'] },
  { name: 'calendar-updated', procedureCode: 'D7-HKD-01', steps: ['accept', { calendarDayOffAtDue: true }, 'submit_for_signature', 'approve', 'return_at_desk'] },
  // Since the integrity rules: a postal dossier overdue on arrival, supplemented at receipt, still late.
  { name: 'overdue-postal-supplement-at-receipt', procedureCode: 'D7-HKD-01', channel: 'post', postalDaysAgo: 20, steps: [{ sleep: '1 hour' }, 'request_supplement', 'supplement_completed', 'accept', 'submit_for_signature', 'approve', 'return_at_desk'] },
  { name: 'apology-after-latest-day', procedureCode: 'D7-HKD-01', steps: ['accept', { sleep: '3 days' }, { action: 'issue_apology', apologyDays: 10 }, 'submit_for_signature', 'approve', 'return_at_desk'] },
];

const release = process.argv[2];
if (!release) throw new Error('usage: record-histories.ts <release-name>');
const outDir = new URL(`./histories/${release}/`, import.meta.url);
mkdirSync(outDir, { recursive: true });
const env = await timeSkippingEnvironment();
const database = await createTestDatabase('pglite');
const engine = await createTestEngine(env, database.db);
let key = 0;
await engine.withWorker(async () => {
  for (const path of paths) {
    const receivedAt = path.postalDaysAgo ? new Date((await env.currentTimeMs()) - path.postalDaysAgo * 86_400_000).toISOString() : undefined;
    const { caseCode, statutoryDueAt } = await engine.cases.submit({
      procedureCode: path.procedureCode,
      applicant: { name: 'Recorder' },
      channel: path.channel ?? 'desk',
      ward: path.ward,
      receivedAt,
    });
    for (const step of path.steps) {
      if (typeof step === 'object' && 'sleep' in step) {
        await env.sleep(step.sleep);
        continue;
      }
      if (typeof step === 'object' && 'calendarDayOffAtDue' in step) {
        const dueDay = new Date(Date.parse(statutoryDueAt!) + 7 * 3600_000).toISOString().slice(0, 10);
        const calendar = mergeCalendarUpdate(defaultCalendarData, {
          version: `recorded-${caseCode}`,
          schedules: [{ year: Number(dueDay.slice(0, 4)), source: 'recorder', daysOff: [{ date: dueDay, reason: 'announced later' }], workedDays: [] }],
        });
        await engine.cases.announceCalendar(caseCode, calendar);
        continue;
      }
      const { action, actor, apologyDays } = typeof step === 'string' ? { action: step, actor: undefined, apologyDays: undefined } : step;
      const view = await engine.cases.view(caseCode);
      if (!view.allowedActions.includes(action)) throw new Error(`${path.name}: ${action} not allowed in ${view.state}`);
      const newDueAt = apologyDays ? new Date(Date.parse(view.statutoryDueAt!) + apologyDays * 86_400_000).toISOString() : undefined;
      await engine.cases.act(caseCode, { action, actor: actor ?? 'recorder', newDueAt }, `record-${++key}`);
    }
    // Let timers and activities settle, then wait until the workflow is closed where the path ends it.
    const handle = env.client.workflow.getHandle(caseCode);
    for (let i = 0; i < 50 && (await handle.describe()).status.name === 'RUNNING' && path.name !== 'late-open'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const history = await handle.fetchHistory();
    writeFileSync(new URL(`${path.name}.json`, outDir), `${historyToJSON(history)}\n`);
    console.log(`${path.name}: ${history.events?.length} events, ${(await handle.describe()).status.name}`);
  }
});
await engine.close();
await env.teardown();
await database.close();
