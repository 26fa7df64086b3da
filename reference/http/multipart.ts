import { badRequest } from './errors.ts';

export interface MultipartPart {
  name: string;
  /** Set for file parts. */
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Splits a `multipart/form-data` body (RFC 7578) into its parts. Enough for the document upload of
 * the reference server: no nested multiparts, no transfer encodings other than binary.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !match) {
    throw badRequest('Content-Type must be multipart/form-data with a boundary');
  }
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw badRequest('Multipart body has no part; check the boundary');
  while (position >= 0) {
    const start = position + delimiter.length;
    // `--` after a delimiter closes the body.
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw badRequest('Multipart body is not closed by its final boundary');
    // Each part sits between CRLF after the delimiter and CRLF before the next one.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw badRequest('Multipart part has no header block');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw badRequest('Multipart part has no name in Content-Disposition');
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    parts.push({
      name,
      ...(fileName === undefined ? {} : { fileName }),
      ...(type === undefined ? {} : { contentType: type.trim() }),
      data: part.subarray(headerEnd + 4),
    });
    position = next;
  }
  return parts;
}
