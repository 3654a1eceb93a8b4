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
  CASE_EXTENSION_ALREADY_USED: {
    status: 409,
    vi: 'Đã gia hạn «{extension}» cho hồ sơ này; mỗi căn cứ gia hạn chỉ được dùng một lần',
    en: 'Extension "{extension}" was already invoked for this case; it may be invoked once',
  },
  CASE_EXTENSION_TOO_LATE: {
    status: 409,
    vi: 'Đã quá thời hạn giải quyết ({dueAt}); không thể gia hạn «{extension}» sau khi hồ sơ đã quá hạn',
    en: 'The deadline ({dueAt}) has passed; extension "{extension}" cannot be invoked once the case is overdue',
  },
  CASE_PROCEDURE_NOT_IN_FORCE: {
    status: 422,
    vi: 'Thủ tục {procedureCode} không có phiên bản có hiệu lực vào thời điểm tiếp nhận {receivedAt}',
    en: 'No version of procedure {procedureCode} is in force at the submission instant {receivedAt}',
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
  CASE_SUPPLEMENT_WINDOW_CLOSED: {
    status: 409,
    vi: 'Đã quá thời hạn yêu cầu bổ sung hồ sơ (chậm nhất {deadline}, Điều 19.4 Nghị định 61/2018/NĐ-CP); không được yêu cầu bổ sung để tính lại thời hạn',
    en: 'The window for a supplement request has closed (at the latest {deadline}, Decree 61/2018 Art. 19.4); the period cannot be restarted',
  },
  CASE_SUPPLEMENT_ALREADY_REQUESTED: {
    status: 409,
    vi: 'Đã yêu cầu bổ sung hồ sơ trong quá trình giải quyết; chỉ được yêu cầu một lần, đầy đủ (Điều 19.4 Nghị định 61/2018/NĐ-CP)',
    en: 'A supplement was already requested during processing; it may be requested only once, completely (Decree 61/2018 Art. 19.4)',
  },
  CASE_RECEIVED_AT_NOT_ALLOWED: {
    status: 400,
    vi: 'Chỉ hồ sơ nộp qua bưu chính mới được ghi thời điểm tiếp nhận (thời điểm bàn giao có ký nhận); hồ sơ kênh {channel} lấy giờ của hệ thống',
    en: 'Only postal dossiers carry a receipt instant (the signed handover); for channel {channel} the server clock decides',
  },
  CASE_IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    vi: 'Khóa idempotencyKey {key} đã được dùng cho một hồ sơ khác ({caseCode})',
    en: 'idempotencyKey {key} was already used for a different submission ({caseCode})',
  },
  CASE_EVENT_CONFLICT: {
    status: 500,
    vi: 'Sự kiện số {seq} của hồ sơ {caseCode} khác với sự kiện đã ghi; không ghi đè',
    en: 'Event {seq} of case {caseCode} differs from the one already recorded; nothing was overwritten',
  },
  CASE_EVENT_INVALID: {
    status: 500,
    vi: 'Sự kiện của hồ sơ {caseCode} không hợp lệ: {detail}',
    en: 'Invalid event for case {caseCode}: {detail}',
  },
  CALENDAR_INVALID: {
    status: 400,
    vi: 'Lịch làm việc không hợp lệ: {detail}',
    en: 'Invalid working calendar: {detail}',
  },
  CASE_ACTION_WRONG_ROLE: {
    status: 403,
    vi: 'Vai trò {role} không được thực hiện «{action}» ở bước này; cần vai trò: {roles}',
    en: 'Role {role} may not perform "{action}" here; it needs: {roles}',
  },
  CASE_SUBMIT_NOT_ALLOWED: {
    status: 403,
    vi: 'Chỉ cán bộ một cửa của {receivingUnit} được tiếp nhận hồ sơ này (tài khoản: {role}, {unit})',
    en: 'Only a desk officer of {receivingUnit} may receive this dossier (account: {role}, {unit})',
  },
  AUTH_REQUIRED: {
    status: 401,
    vi: 'Cần đăng nhập',
    en: 'Sign-in required',
  },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Sai tài khoản hoặc mật khẩu, hoặc tài khoản đã bị khóa',
    en: 'Wrong account or password, or the account is disabled',
  },
  AUTH_RATE_LIMITED: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần; thử lại sau {retryAfter}',
    en: 'Too many sign-in attempts; try again in {retryAfter}',
  },
  AUTH_FORBIDDEN: {
    status: 403,
    vi: 'Tài khoản không có quyền thực hiện việc này',
    en: 'This account may not do this',
  },
  ACCOUNT_EXISTS: {
    status: 409,
    vi: 'Đã có tài khoản {account}',
    en: 'Account {account} already exists',
  },
  ACCOUNT_NOT_FOUND: {
    status: 404,
    vi: 'Không có tài khoản {account}',
    en: 'No account {account}',
  },
  ACCOUNT_ROLE_UNFIT: {
    status: 400,
    vi: 'Vai trò {role} không thuộc loại đơn vị của {unit} ({kind}); được phép: {roles}',
    en: 'Role {role} does not belong in {unit} (a {kind} unit); allowed: {roles}',
  },
  ACCOUNT_PASSWORD_TOO_SHORT: {
    status: 400,
    vi: 'Mật khẩu phải có ít nhất {minimum} ký tự',
    en: 'The password must have at least {minimum} characters',
  },
  POSTAL_UNAUTHORIZED: {
    status: 401,
    vi: 'Thiếu hoặc sai mã xác thực của doanh nghiệp bưu chính',
    en: 'Missing or wrong postal operator credentials',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    vi: 'Không có địa chỉ {method} {url}',
    en: 'No route {method} {url}',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    vi: 'Địa chỉ {url} không nhận phương thức {method} (chỉ nhận: {allow})',
    en: 'Route {url} does not accept {method} (allowed: {allow})',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    vi: 'Nội dung yêu cầu quá lớn (tối đa {limit} byte)',
    en: 'Request body too large (at most {limit} bytes)',
  },
  RATE_LIMITED: {
    status: 429,
    vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau {after}',
    en: 'Too many requests; try again in {after}',
  },
  CODEC_PAYLOAD_INVALID: {
    status: 400,
    vi: 'Không giải mã/mã hoá được payload: {detail}',
    en: 'The payloads could not be decoded/encoded: {detail}',
  },
  CSRF_INVALID: {
    status: 403,
    vi: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF); hãy tải lại trang',
    en: 'Missing or invalid anti-forgery (CSRF) token; reload the page',
  },
  RATING_TOKEN_INVALID: {
    status: 403,
    vi: 'Mã đánh giá của hồ sơ {caseCode} không đúng',
    en: 'Wrong rating code for case {caseCode}',
  },
  RATING_NOT_YET_ALLOWED: {
    status: 409,
    vi: 'Hồ sơ {caseCode} chưa trả kết quả nên chưa thể đánh giá',
    en: 'Case {caseCode} cannot be rated before its result is returned',
  },
  RATING_ALREADY_GIVEN: {
    status: 409,
    vi: 'Hồ sơ {caseCode} đã được đánh giá',
    en: 'Case {caseCode} has already been rated',
  },
  // Pages: a page a role may not see is not found for it (codes cannot be probed); the public look-up is rate-limited.
  PAGE_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy trang {path}',
    en: 'Page {path} not found',
  },
  LOOKUP_RATE_LIMITED: {
    status: 429,
    vi: 'Tra cứu quá nhiều lần; vui lòng thử lại sau {retryAfter}',
    en: 'Too many look-ups; please try again in {retryAfter}',
  },
  TEMPORAL_NAMESPACE_MISSING: {
    status: 503,
    vi: 'Namespace Temporal «{namespace}» chưa có trên {address}: người vận hành chạy `motcua temporal setup` (cùng TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) một lần',
    en: 'Temporal namespace "{namespace}" does not exist on {address}: an operator runs `motcua temporal setup` (same TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) once',
  },
  INTERNAL: {
    status: 500,
    vi: 'Lỗi hệ thống; khi báo lỗi xin ghi mã yêu cầu',
    en: 'Internal error; quote the request id when reporting it',
  },
  CALENDAR_UPDATE_INVALID: {
    status: 400,
    vi: 'Tệp cập nhật lịch {file} không hợp lệ ở trường {field}: {detail}',
    en: 'Calendar update {file} is invalid at {field}: {detail}',
  },
  CALENDAR_VERSION_CONFLICT: {
    status: 409,
    vi: 'Phiên bản lịch {version} đã được công bố với nội dung khác; hãy đặt phiên bản mới',
    en: 'Calendar version {version} was already announced with other content; give a new version',
  },
  STUDIO_FORBIDDEN: {
    status: 403,
    vi: 'Chỉ người thiết kế quy trình hoặc quản trị viên được {action}',
    en: 'Only process designers and administrators may {action}',
  },
  STUDIO_DRAFT_INVALID: {
    status: 400,
    vi: 'Bản nháp thủ tục {procedureCode} không hợp lệ: {detail}',
    en: 'The draft of procedure {procedureCode} is invalid: {detail}',
  },
  STUDIO_UNKNOWN_VERSION: {
    status: 404,
    vi: 'Không có phiên bản {version} của thủ tục {procedureCode}',
    en: 'Procedure {procedureCode} has no version {version}',
  },
  STUDIO_NO_DRAFT: {
    status: 404,
    vi: 'Chưa có bản nháp của thủ tục {procedureCode}',
    en: 'Procedure {procedureCode} has no saved draft',
  },
  STUDIO_REASON_REQUIRED: {
    status: 400,
    vi: 'Cần ghi lý do công bố phiên bản',
    en: 'A publication needs a reason',
  },
  UNITS_FILE_INVALID: {
    status: 400,
    vi: 'Tệp đơn vị {file} không hợp lệ ở {path}: {detailVi}',
    en: 'Units file {file} is invalid at {path}: {detail}',
  },
  SEED_CLOCK_UNAVAILABLE: {
    status: 503,
    vi: 'Không đặt được đồng hồ của máy chủ Temporal thử nghiệm về {from}: {detail}',
    en: "Could not set the Temporal test server's clock to {from}: {detail}",
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

/** A rule's refusal thrown where a value cannot be returned (e.g. applying an action that was refused). */
export class RefusalError extends Error {
  override name = 'RefusalError';
  constructor(readonly refusal: Refusal) {
    super(`${refusal.code}: ${describeError(refusal.code, refusal.params).message}`);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
