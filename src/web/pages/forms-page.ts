import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { MotcuaError } from '../../errors.js';
import { caseUnitsOf } from '../../store/submission-store.js';
import { applicantOf, caseRowSoon } from '../case-row.js';
import type { ConsolePageDeps } from '../console-deps.js';
import { translator } from '../i18n/messages.js';
import { renderError } from '../page-errors.js';
import { formNumbers } from '../view-models/case-model.js';
import { formAvailable, formModel } from '../view-models/form-model.js';
import { ratingToken } from '../../metrics/satisfaction.js';
import type { Identity } from '../../cases/actor.js';
import { identityOf, loginRedirect } from '../web-plugin.js';

const formParams = z.object({ code: z.string().min(1).max(64), form: z.enum(formNumbers) });

/** GET /forms/:code/:form — the printable A5 forms 01–05 of Circular 01/2018, with the dossier code as a QR code. */
export const formsPages: FastifyPluginAsync<ConsolePageDeps> = async (app, deps) => {
  app.get('/forms/:code/:form', { schema: { hide: true } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!identity) return loginRedirect(request, reply);
    const params = formParams.safeParse(request.params);
    if (!params.success) return renderError(reply, 'REQUEST_INVALID', { detail: 'form must be one of 01, 02, 03, 04, 05' });
    const { code, form } = params.data;
    try {
      const [details, row, caseUnits] = await Promise.all([deps.cases.detailsFor(identity as Identity, code), caseRowSoon(deps.db, code), caseUnitsOf(deps.db, code)]);
      const procedure = deps.procedures.get(details.procedureCode);
      if (!procedure || !row) return renderError(reply, 'CASE_NOT_FOUND', { caseCode: code });
      if (!formAvailable(form, details.events)) {
        return renderError(reply, 'REQUEST_INVALID', { detail: `form ${form} does not apply to case ${code} now` });
      }
      const applicant = applicantOf(row);
      const model = formModel({ form, details, applicant, ward: row.ward, caseUnits, directory: deps.units, receivingUnit: row.receiving_unit, procedure, calendar: deps.calendar(), now: deps.now() });
      const qrSvg = await QRCode.toString(code, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
      const t = translator(request.lang);
      // The receipt carries the applicant's rating link (NĐ61 Art. 31; TT01 Art. 12): the kiosk page with the case's rating code.
      const ratingUrl = form === '01' && deps.ratingSecret ? `${request.protocol}://${request.host}/danh-gia/${encodeURIComponent(code)}?ma=${ratingToken(deps.ratingSecret, code)}` : undefined;
      const ratingQrSvg = ratingUrl ? await QRCode.toString(ratingUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }) : undefined;
      return reply.view(`form-${form}`, { ...model, qrSvg, ratingUrl, ratingQrSvg, title: t(`forms.${form}`), caseHref: `/cases/${encodeURIComponent(code)}` });
    } catch (error) {
      if (error instanceof MotcuaError) return renderError(reply, error.code, error.params);
      throw error;
    }
  });
};
