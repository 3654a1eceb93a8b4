/**
 * The states after a result exists: resolution, then return at the desk, online,
 * or by post with two delivery attempts before the result goes back to the agency
 * (QĐ45: at least two failed invitations, then return to the agency).
 */
import type { Outcome } from './compiled-procedure.js';
import type { MachineBuilder, MachineStateNode, Transition } from './machine-builder.js';
import { GENERATED_ACTIONS } from './standard-actions.js';

type Channel = 'desk' | 'online' | 'post';

const RESULT_LABELS = {
  approved: { vi: 'Có kết quả giải quyết', en: 'Result approved' },
  rejected: { vi: 'Từ chối giải quyết (có lý do)', en: 'Rejected with reasons' },
} as const;

export function resultReturnStates(
  builder: MachineBuilder,
  outcome: Extract<Outcome, 'approved' | 'rejected'>,
  delivery: readonly Channel[],
  desk: string,
): Record<string, MachineStateNode> {
  const a = GENERATED_ACTIONS;
  const label = RESULT_LABELS[outcome];
  const closed = `${outcome}_closed`;
  const sent = `${outcome}_post_sent`;
  const retry = `${outcome}_post_retry`;
  const backAtAgency = `${outcome}_post_returned`;
  const returnState = (path: string, vi: string, en: string, on: Array<[string, Transition]>) =>
    builder.node(
      { path, kind: 'return', unit: desk, outcome, labelVi: `${label.vi} — ${vi}`, labelEn: `${label.en} — ${en}` },
      { on: Object.fromEntries(on) },
    );

  const resolutionExits: Array<[string, Transition]> = [];
  if (delivery.includes('desk')) resolutionExits.push(builder.go('return_at_desk', a.return_at_desk, closed));
  if (delivery.includes('online')) resolutionExits.push(builder.go('publish_online', a.publish_online, closed));
  if (delivery.includes('post')) resolutionExits.push(builder.go('consign_to_post', a.consign_to_post, sent));

  const states: Record<string, MachineStateNode> = {
    [outcome]: builder.node(
      { path: outcome, kind: 'resolution', unit: desk, outcome, labelVi: label.vi, labelEn: label.en },
      { on: Object.fromEntries(resolutionExits) },
    ),
    [closed]: builder.node(
      { path: closed, kind: 'final', unit: desk, outcome, labelVi: `${label.vi} — đã trả kết quả`, labelEn: `${label.en} — result returned` },
      { type: 'final' },
    ),
  };
  if (delivery.includes('post')) {
    states[sent] = returnState(sent, 'đã chuyển bưu chính', 'with the post', [
      builder.go('delivered', a.delivered, closed),
      builder.go('delivery_failed', a.delivery_failed, retry),
    ]);
    states[retry] = returnState(retry, 'phát lại lần 2', 'second delivery attempt', [
      builder.go('delivered', a.delivered, closed),
      builder.go('delivery_failed', a.delivery_failed, backAtAgency),
    ]);
    states[backAtAgency] = returnState(backAtAgency, 'bưu chính hoàn trả, chờ nhận tại một cửa', 'returned by the post, awaiting collection', [
      builder.go('collect_at_desk', a.collect_at_desk, closed),
    ]);
  }
  return states;
}
