import type { OpenAPIV3 } from 'openapi-types';

/**
 * OpenAPI links between the case routes (submit → read → act), so that clients and fuzzers
 * (Schemathesis' stateful phase) can follow a dossier from its submission. Added to the generated
 * document, since the route schemas describe one operation each.
 */
export function withCaseLinks(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const submit = document.paths['/api/cases']?.post?.responses?.['201'] as OpenAPIV3.ResponseObject | undefined;
  const act = document.paths['/api/cases/{code}/actions']?.post?.responses?.['200'] as OpenAPIV3.ResponseObject | undefined;
  const fromCase = (expression: string): Record<string, OpenAPIV3.LinkObject> => ({
    ReadCase: { operationId: 'readCase', parameters: { code: expression }, description: 'Tra cứu hồ sơ vừa nộp / read the case' },
    ActOnCase: { operationId: 'actOnCase', parameters: { code: expression }, description: 'Xử lý hồ sơ / act on the case' },
  });
  if (submit) submit.links = fromCase('$response.body#/caseCode');
  if (act) act.links = fromCase('$response.body#/caseCode');
  const read = document.paths['/api/cases/{code}']?.get;
  const action = document.paths['/api/cases/{code}/actions']?.post;
  if (read) read.operationId = 'readCase';
  if (action) action.operationId = 'actOnCase';
  return document;
}
