/**
 * Text as the queue's search compares it: lower case, Vietnamese diacritics removed (đ → d),
 * spaces collapsed, so "nguyen van a" finds "Nguyễn Văn A". Done here rather than in SQL because
 * PGlite has no unaccent and its collation folds only ASCII.
 * @example foldForSearch('Nguyễn Thị Đào') // 'nguyen thi dao'
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a case is found by: its dossier code and the applicant's name. */
export function caseSearchText(caseCode: string, applicantName: string | null): string {
  return foldForSearch(`${caseCode} ${applicantName ?? ''}`);
}
