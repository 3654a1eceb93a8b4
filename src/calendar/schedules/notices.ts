/**
 * The texts each schedule entry cites. The law's fixed dates and compensatory days come from
 * the Labour Code (text in /work/shared/reference/law/lao-dong.md); the Prime Minister's choices
 * (Tết days, the day next to 2 September) and swaps come from each year's notice. Where each
 * notice was read, and which entries no notice confirms, is in docs/calendar.md.
 */
const labourCode = 'Bộ luật Lao động 2019 (45/2019/QH14, 20/11/2019)';

export const law = {
  newYear: `${labourCode} Art. 112.1(a)`,
  victoryDay: `${labourCode} Art. 112.1(c)`,
  labourDay: `${labourCode} Art. 112.1(d)`,
  nationalDay: `${labourCode} Art. 112.1(đ)`,
  hungKings: `${labourCode} Art. 112.1(e) (10/3 lunar)`,
  /** A holiday on a weekly rest day: next working day off. */
  compensatory: `${labourCode} Art. 111.3`,
} as const;

export const notices = {
  tet2021: 'Thông báo 4875/TB-LĐTBXH, 10/12/2020 (Bộ LĐTBXH): Tết 2021',
  nationalDay2021:
    'no notice found: hanoimoi.vn reports four days off for Quốc khánh 2021 next to the Tết notice; searched reference/, law/ and public pages for the notice number',
  year2022: 'Công văn 245/VPCP-KGVX, 11/01/2022 (Văn phòng Chính phủ): Tết and Quốc khánh 2022',
  year2023: 'Công văn 8056/VPCP-KGVX, 01/12/2022 (Văn phòng Chính phủ): Tết and Quốc khánh 2023',
  year2024: 'Công văn 8662/VPCP-KGVX, 03/11/2023 and Thông báo 5015/TB-LĐTBXH, 22/11/2023: Tết and Quốc khánh 2024',
  swap2024: 'Công văn 2450/VPCP-KGVX, 12/04/2024 (Văn phòng Chính phủ): swap of Monday 29/4 with Saturday 4/5/2024',
  year2025:
    'Công văn 8726/VPCP-KGVX, 26/11/2024 and Thông báo 6150 of Bộ LĐTBXH (2024): Tết, 30/4–1/5 swap and Quốc khánh 2025',
  tet2026: 'Thông báo 9441 of Bộ Nội vụ, 16/10/2025: Tết 2026',
  newYear2026: 'Công văn 12729/VPCP-KGVX, 25/12/2025 (Văn phòng Chính phủ): swap of Friday 2/1 with Saturday 10/1/2026',
  nationalDay2026:
    'unconfirmed: Thông báo 9441 of Bộ Nội vụ (16/10/2025) is reported to cover Quốc khánh 2026 and a longer break (a swap) was proposed, but no text giving the days was found in reference/, law/ or public pages; the adjacent day follows the statutory rule',
} as const;
