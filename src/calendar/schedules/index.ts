/**
 * Official schedules, one file a year. To add a year: copy the latest file, enter the
 * notice's days off and worked days, list it here, and bump the calendar version.
 */
import type { YearSchedule } from '../calendar-data.js';
import { schedule2021 } from './2021.js';
import { schedule2022 } from './2022.js';
import { schedule2023 } from './2023.js';
import { schedule2024 } from './2024.js';
import { schedule2025 } from './2025.js';
import { schedule2026 } from './2026.js';

export const officialSchedules: YearSchedule[] = [
  schedule2021,
  schedule2022,
  schedule2023,
  schedule2024,
  schedule2025,
  schedule2026,
];
