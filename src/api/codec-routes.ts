/**
 * The codec endpoint for the Temporal UI and CLI (Temporal's remote codec protocol): POST
 * /codec/decode and /codec/encode take `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`
 * (proto3 JSON: every bytes field base64) and answer the same shape, run through the payload codec.
 * Only administrators may use it: the Temporal UI lists every workflow of the namespace, with no
 * unit scope, so decoding there is reading every dossier's personal data (docs/security.md).
 * Signed in by the session cookie (UI: `codec.includeCredentials`) or a bearer token (CLI:
 * `--codec-auth "Bearer …"`). CORS answers only the Temporal UI's origin (MOTCUA_TEMPORAL_UI_ORIGIN).
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MotcuaError } from '../errors.js';
import { requireIdentity } from './auth-plugin.js';
import { errorResponseSchema } from './schemas.js';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const payloadJsonSchema = z.object({
  metadata: z.record(z.string(), base64).optional(),
  data: base64.optional(),
});
const payloadsBodySchema = z.object({ payloads: z.array(payloadJsonSchema).max(1000) });
type PayloadJson = z.infer<typeof payloadJsonSchema>;

function fromJson(payload: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

/** Who may decode: administrators (see the module comment). */
function requireCodecRole(request: FastifyRequest): void {
  if (requireIdentity(request).role !== 'admin') throw new MotcuaError('AUTH_FORBIDDEN');
}

export interface CodecRoutesOptions {
  codec: PayloadCodec;
  /** The Temporal UI's origin (e.g. http://127.0.0.1:8233), the one origin allowed to call from a browser. */
  uiOrigin?: string | undefined;
}

export const codecRoutes: FastifyPluginAsync<CodecRoutesOptions> = async (app, { codec, uiOrigin }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const allowUi = (request: FastifyRequest, reply: FastifyReply) => {
    if (!uiOrigin || request.headers.origin !== uiOrigin) return;
    reply.header('access-control-allow-origin', uiOrigin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  };

  for (const direction of ['decode', 'encode'] as const) {
    const url = `/codec/${direction}`;
    api.post(url, {
      schema: {
        tags: ['codec'],
        summary:
          direction === 'decode'
            ? 'Giải mã payload cho Temporal UI (quản trị viên) / Decode payloads for the Temporal UI (administrators)'
            : 'Mã hoá payload cho Temporal UI (quản trị viên) / Encode payloads for the Temporal UI (administrators)',
        body: payloadsBodySchema,
        response: { 200: payloadsBodySchema, 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 413: errorResponseSchema },
      },
      handler: async (request, reply) => {
        allowUi(request, reply);
        requireCodecRole(request);
        const payloads = request.body.payloads.map(fromJson);
        let result: Payload[];
        try {
          result = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        } catch (error) {
          throw new MotcuaError('CODEC_PAYLOAD_INVALID', { detail: (error as Error).message });
        }
        return { payloads: result.map(toJson) };
      },
    });
    // The browser's preflight from the Temporal UI; any other origin gets no CORS headers.
    if (uiOrigin) {
      app.options(url, { schema: { hide: true } }, async (request, reply) => {
        if (request.headers.origin !== uiOrigin) throw new MotcuaError('METHOD_NOT_ALLOWED', { method: 'OPTIONS', url, allow: 'POST' });
        allowUi(request, reply);
        reply.header('access-control-allow-methods', 'POST');
        reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      });
    }
  }
};
