import { readBody } from '../http/body.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { parseMultipart, type MultipartPart } from '../http/multipart.ts';
import { buildZip } from '../http/zip.ts';
import type { Route } from '../http/router.ts';
import type { Doc } from '../store/entities.ts';
import { newObjectId } from '../store/ids.ts';
import { checkScope, header, isObject, type App, type Context } from './common.ts';

/**
 * Maximum upload body in bytes.
 * NOTE: the documented limits are 100 files of 50 MB each. The reference server keeps files in
 * SQLite, so it accepts at most 20 MiB per request.
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_FILES = 100;

/** Checks `x-tenant-id`, then `x-project-id`, which the three document operations require. */
function requireDocumentScope(context: Context): { tenantID: string; projectID: string } {
  const tenantID = header(context, 'x-tenant-id');
  if (!tenantID) throw badRequest('Missing tenant ID');
  const projectID = header(context, 'x-project-id');
  if (!projectID) throw badRequest('Missing project ID');
  checkScope(context);
  return { tenantID, projectID };
}

function field(parts: MultipartPart[], name: string): string | undefined {
  const part = parts.find((p) => p.fileName === undefined && p.name === name);
  return part?.data.toString('utf8');
}

export const documentRoutes: Route<App>[] = [
  {
    method: 'POST',
    pattern: '/api/v1/documents',
    operationId: 'uploadDocuments',
    auth: true,
    handler: async (context) => {
      const { tenantID, projectID } = requireDocumentScope(context);
      const userName = context.auth?.userName;
      if (!userName) throw badRequest('Missing user name');
      const parts = parseMultipart(
        await readBody(context.req, MAX_UPLOAD_BYTES),
        context.req.headers['content-type'],
      );
      // Any form-field name is accepted for files, as documented.
      const files = parts.filter((part) => part.fileName !== undefined);
      if (files.length === 0) throw badRequest('At least one file is required');
      if (files.length > MAX_FILES)
        throw badRequest(`At most ${MAX_FILES} files per request; received ${files.length}`);
      const module = field(parts, 'module');
      const recordId = field(parts, 'ID');
      if (module && !recordId) throw badRequest('ID is required when module is specified');
      let meta: Record<string, unknown> = {};
      const metaText = field(parts, 'meta');
      if (metaText) {
        try {
          const parsed: unknown = JSON.parse(metaText);
          if (!isObject(parsed)) throw new Error('not an object');
          meta = parsed;
        } catch {
          throw badRequest('meta must be a JSON object, for example {"userTags":["punch-list"]}');
        }
      }
      const at = new Date().toISOString();
      const documents: Doc[] = files.map((file) => {
        const id = newObjectId();
        return {
          id,
          tenantID,
          projectID,
          module: module ?? null,
          recordId: recordId ?? null,
          fileName: file.fileName!,
          fileSize: file.data.length,
          contentType: file.contentType ?? 'application/octet-stream',
          meta: { docTitle: file.fileName, ...meta },
          versions: [{ name: `v1_${file.fileName}`, data: file.data.toString('base64') }],
          createdBy: userName,
          createdAt: at,
        };
      });
      context.app.store.write('document', '', { insert: documents });
      return {
        status: 200,
        json: {
          message: 'success.success_file_uploaded',
          uploadedCount: documents.length,
          failedCount: 0,
          data: documents.map((doc) => ({
            documentId: doc.id,
            locationPath: `${projectID}/documents/${doc.id}`,
            fileName: doc.fileName,
            fileSize: doc.fileSize,
            meta: doc.meta,
          })),
          errors: [],
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/documents/download/{id}',
    operationId: 'downloadDocument',
    auth: true,
    handler: (context) => {
      const { tenantID } = requireDocumentScope(context);
      const doc = context.app.store.find('document', '', context.params.id ?? '');
      if (!doc || doc.tenantID !== tenantID) throw notFound('errors.error_document_not_found');
      const versions = doc.versions as Array<{ name: string; data: string }>;
      const wanted = context.query.get('version');
      const version = wanted
        ? versions.find((v) => v.name === wanted)
        : versions[versions.length - 1];
      if (!version) throw notFound('errors.error_document_file_missing');
      return {
        status: 200,
        binary: Buffer.from(version.data, 'base64'),
        contentType: 'application/octet-stream',
        headers: {
          'Content-Disposition': `attachment; filename="${String(doc.fileName).replace(/"/g, '')}"`,
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/documents/download/all/{recordId}',
    operationId: 'downloadAllDocuments',
    auth: true,
    handler: (context) => {
      const { tenantID } = requireDocumentScope(context);
      const module = context.query.get('module');
      if (!module) throw badRequest('module is required');
      const recordId = context.params.recordId ?? '';
      const docs = context.app.store
        .collection('document')
        .docs.filter(
          (doc) => doc.recordId === recordId && doc.module === module && doc.tenantID === tenantID,
        );
      if (docs.length === 0) throw notFound('errors.error_no_documents_found');
      const entries = docs.map((doc) => {
        const versions = doc.versions as Array<{ name: string; data: string }>;
        const latest = versions[versions.length - 1]!;
        return {
          name: `${String(doc.fileName)}-${latest.name}`,
          data: Buffer.from(latest.data, 'base64'),
        };
      });
      return {
        status: 200,
        binary: buildZip(entries),
        contentType: 'application/zip',
        headers: { 'Content-Disposition': `attachment; filename="${recordId}_attachments.zip"` },
      };
    },
  },
];
