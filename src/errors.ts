/**
 * One registry of errors: a stable code, an HTTP status and messages in Vietnamese and English.
 * The same code travels through Temporal as ApplicationFailure.type and out of the API.
 * Pure module: safe to import from workflow code.
 */
export const errorCatalog = {
  REQUEST_INVALID: {
    status: 400,
    vi: 'Yêu cầu không hợp lệ: {detail}',
    en: 'Invalid request: {detail}',
  },
  CASE_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy hồ sơ {caseCode}',
    en: 'Case {caseCode} not found',
  },
  CASE_UNKNOWN_PROCEDURE: {
    status: 400,
    vi: 'Không có thủ tục mã {procedureCode}',
    en: 'No procedure with code {procedureCode}',
  },
  CASE_UNKNOWN_UNIT: {
    status: 400,
    vi: 'Không có đơn vị mã {unit}',
    en: 'No unit with code {unit}',
  },
  CASE_CHANNEL_NOT_OFFERED: {
    status: 400,
    vi: 'Thủ tục {procedureCode} không tiếp nhận qua kênh {channel}',
    en: 'Procedure {procedureCode} is not offered through channel {channel}',
  },
  CASE_ACTION_NOT_ALLOWED: {
    status: 409,
    vi: 'Thao tác «{action}» không được phép khi hồ sơ đang ở bước «{state}»',
    en: 'Action "{action}" is not allowed while the case is in state "{state}"',
  },
  CASE_ACTION_WRONG_UNIT: {
    status: 403,
    vi: 'Đơn vị {actorUnit} không được thực hiện «{action}»; hồ sơ đang do {unit} xử lý',
    en: 'Unit {actorUnit} may not perform "{action}"; the case is held by {unit}',
  },
  CASE_ACTION_DATA_INVALID: {
    status: 400,
    vi: 'Thiếu hoặc sai dữ liệu cho «{action}»: {detail}',
    en: 'Missing or invalid data for "{action}": {detail}',
  },
  CASE_APOLOGY_ALREADY_ISSUED: {
    status: 409,
    vi: 'Đã gửi phiếu xin lỗi và hẹn lại ngày trả kết quả; chỉ được hẹn lại một lần',
    en: 'An apology letter with a new date was already issued; the date may be reset only once',
  },
  CASE_CLOSED: {
    status: 409,
    vi: 'Hồ sơ {caseCode} đã kết thúc',
    en: 'Case {caseCode} is closed',
  },
  POSTAL_UNAUTHORIZED: {
    status: 401,
    vi: 'Thiếu hoặc sai mã xác thực của doanh nghiệp bưu chính',
    en: 'Missing or wrong postal operator credentials',
  },
  TEMPORAL_NAMESPACE_MISSING: {
    status: 503,
    vi: 'Namespace Temporal «{namespace}» chưa có trên {address}: người vận hành chạy `motcua temporal setup` (cùng TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) một lần',
    en: 'Temporal namespace "{namespace}" does not exist on {address}: an operator runs `motcua temporal setup` (same TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) once',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    vi: 'Dịch vụ {service} tạm thời không truy cập được',
    en: 'Service {service} is unreachable',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export type ErrorParams = Record<string, string | number>;

function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** A refusal as a value: what case rules return instead of throwing. */
export interface Refusal {
  code: ErrorCode;
  params: ErrorParams;
}

export function describeError(code: ErrorCode, params: ErrorParams = {}) {
  const entry = errorCatalog[code];
  return { code, status: entry.status, message: fill(entry.en, params), messageVi: fill(entry.vi, params) };
}

export class MotcuaError extends Error {
  override name = 'MotcuaError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageVi: string;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    const described = describeError(code, params);
    super(described.message);
    this.code = code;
    this.status = described.status;
    this.messageVi = described.messageVi;
    this.params = params;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
