/**
 * Actions with fixed meaning. GENERATED actions are added by the compiler to every
 * procedure (receipt, supplement, rejection, withdrawal, apology, result return,
 * post), so designers never write them. COMMON actions are designer actions with
 * ready labels, so a definition may omit labelVi/labelEn for them.
 */
import type { ActionInfo } from './compiled-procedure.js';

export const GENERATED_ACTIONS = {
  accept: { labelVi: 'Tiếp nhận hồ sơ', labelEn: 'Accept the dossier', by: 'staff' },
  refuse: { labelVi: 'Từ chối tiếp nhận', labelEn: 'Refuse to receive', by: 'staff' },
  request_supplement: { labelVi: 'Yêu cầu bổ sung hồ sơ', labelEn: 'Request a supplement', by: 'staff' },
  supplement_completed: { labelVi: 'Đã bổ sung đầy đủ', labelEn: 'Supplement completed', by: 'applicant' },
  supplement_window_expired: { labelVi: 'Hết hạn bổ sung', labelEn: 'Supplement window expired', by: 'system' },
  reject: { labelVi: 'Từ chối giải quyết (có lý do)', labelEn: 'Reject with reasons', by: 'staff' },
  withdraw: { labelVi: 'Công dân rút hồ sơ', labelEn: 'Withdrawn by the applicant', by: 'applicant' },
  issue_apology: { labelVi: 'Phát hành phiếu xin lỗi, hẹn lại ngày trả', labelEn: 'Issue an apology with a new date', by: 'staff' },
  return_at_desk: { labelVi: 'Trả kết quả tại bộ phận một cửa', labelEn: 'Return the result at the desk', by: 'staff' },
  publish_online: { labelVi: 'Trả kết quả trực tuyến', labelEn: 'Return the result online', by: 'staff' },
  consign_to_post: { labelVi: 'Chuyển kết quả qua bưu chính', labelEn: 'Consign the result to the post', by: 'staff' },
  delivery_failed: { labelVi: 'Phát không thành công', labelEn: 'Delivery failed', by: 'post' },
  delivered: { labelVi: 'Đã phát thành công', labelEn: 'Delivered', by: 'post' },
  collect_at_desk: { labelVi: 'Nhận kết quả tại một cửa (sau khi bưu chính hoàn trả)', labelEn: 'Collected at the desk after postal return', by: 'staff' },
} as const satisfies Record<string, ActionInfo>;

export type GeneratedAction = keyof typeof GENERATED_ACTIONS;

export const COMMON_ACTIONS: Readonly<Record<string, Pick<ActionInfo, 'labelVi' | 'labelEn'>>> = {
  approve: { labelVi: 'Phê duyệt, ký kết quả', labelEn: 'Approve and sign the result' },
  submit_for_signature: { labelVi: 'Trình ký', labelEn: 'Submit for signature' },
  submit_for_decision: { labelVi: 'Trình lãnh đạo quyết định', labelEn: 'Submit for decision' },
  transfer_to_district: { labelVi: 'Chuyển hồ sơ lên quận', labelEn: 'Transfer to the district' },
  transfer_to_ward: { labelVi: 'Chuyển hồ sơ về phường', labelEn: 'Transfer to the ward' },
  return_for_rework: { labelVi: 'Trả lại để xử lý lại', labelEn: 'Return for rework' },
  order_site_inspection: { labelVi: 'Kiểm tra thực địa', labelEn: 'Order a site inspection' },
  consult_agencies: { labelVi: 'Lấy ý kiến cơ quan liên quan', labelEn: 'Consult other agencies' },
  answer: { labelVi: 'Có ý kiến trả lời', labelEn: 'Answer the consultation' },
};

export function isGeneratedAction(name: string): name is GeneratedAction {
  return Object.hasOwn(GENERATED_ACTIONS, name);
}

/** Targets a designer's `next` may name besides step ids. */
export const APPROVED_TARGET = 'approved';
export const REGION_DONE_TARGET = 'done';

/** State names the compiler creates; step ids must not collide with them. */
export const RESERVED_STEP_IDS: readonly string[] = [
  'receipt',
  'receipt_supplement',
  'refused',
  'withdrawn',
  'returned_incomplete',
  'approved',
  'rejected',
  'done',
];
