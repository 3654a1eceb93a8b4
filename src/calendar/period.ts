/** How a legal period is counted. Working time and calendar time are never mixed silently. */
export type TimeUnit =
  /** ngày làm việc: counted from the next working day (Civil Code Art. 147). */
  | 'working-days'
  /** giờ làm việc: office hours only. */
  | 'working-hours'
  /** trong ngày: resolved the same working day; received after 15:00 → next working day. */
  | 'same-day'
  /** ngày (calendar days), only where the law says so. */
  | 'calendar-days';

export interface Period {
  amount: number;
  unit: TimeUnit;
}
