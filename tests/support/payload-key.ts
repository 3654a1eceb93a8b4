import { EncryptionCodec, encryptingDataConverter, parsePayloadKey } from '../../src/engine/payload-codec.js';

/**
 * Tests run as production does: every payload sent to Temporal sealed with a key (a fixed test key,
 * also given to `motcua` processes the tests start).
 */
export const testPayloadKeyBase64 = Buffer.alloc(32, 7).toString('base64');
export const testDataConverter = encryptingDataConverter(new EncryptionCodec(parsePayloadKey(testPayloadKeyBase64)));
