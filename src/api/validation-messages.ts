/**
 * A failed request validation, field by field, with the reason in Vietnamese and English
 * (zod's own messages are English only).
 */
export interface FieldProblem {
  /** Where: `body/idempotencyKey`, `params/code`, `querystring/unit`. */
  field: string;
  reason: string;
  reasonVi: string;
}

interface ValidationEntry {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

function reasonVi(entry: ValidationEntry): string {
  const p = entry.params ?? {};
  switch (entry.keyword) {
    case 'invalid_type':
      return /received undefined/.test(entry.message ?? '') ? 'bắt buộc' : `sai kiểu dữ liệu (cần ${String(p.expected ?? '')})`;
    case 'too_small':
      return p.origin === 'string' ? `quá ngắn (tối thiểu ${String(p.minimum)} ký tự)` : `quá nhỏ (tối thiểu ${String(p.minimum)})`;
    case 'too_big':
      return p.origin === 'string' ? `quá dài (tối đa ${String(p.maximum)} ký tự)` : `quá lớn (tối đa ${String(p.maximum)})`;
    case 'invalid_format':
      return p.format === 'datetime' ? 'sai định dạng thời điểm ISO 8601 (ví dụ 2026-12-01T09:00:00+07:00)' : `sai định dạng (${String(p.format ?? '')})`;
    case 'invalid_value':
      return `giá trị không hợp lệ; chọn một trong: ${list(p.values)}`;
    case 'unrecognized_keys':
      return `trường không được phép: ${list(p.keys)}`;
    default:
      return 'giá trị không hợp lệ';
  }
}

export function fieldProblems(validation: readonly ValidationEntry[], context: string | undefined): FieldProblem[] {
  return validation.map((entry) => {
    const path = (entry.instancePath ?? '').replace(/^\//, '');
    const field = [context, path].filter(Boolean).join('/') || '/';
    return { field, reason: entry.message ?? 'invalid', reasonVi: reasonVi(entry) };
  });
}

export function describeProblems(problems: readonly FieldProblem[], language: 'vi' | 'en'): string {
  return problems.map((p) => `${p.field}: ${language === 'vi' ? p.reasonVi : p.reason}`).join('; ');
}
