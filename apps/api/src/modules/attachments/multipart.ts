import busboy from 'busboy';
import type { Request } from 'express';
import { ApiError } from '../../core/errors';

/** One file sent as multipart/form-data, with the text fields sent beside it. */
export interface Upload {
  fileName: string;
  data: Buffer;
  fields: Record<string, string>;
}

/** Text fields an upload may carry, and the longest value of each. */
const FIELD_MAX_BYTES = 2048;
const MAX_FIELDS = 8;
/** Room for the multipart framing and the text fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new ApiError(
    'REQUEST.TOO_LARGE',
    `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most a case attachment may have`,
  );

/**
 * Read the one file of a multipart/form-data request (field `fileField`) into memory, at most `maxBytes`.
 * A declared Content-Length far beyond the limit is refused before anything is read (and the connection
 * closed); otherwise the parser stops keeping bytes at the limit and drains the rest, then answers 413.
 */
export function readUpload(req: Request, fileField: string, maxBytes: number): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(
      new ApiError(
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        `Send the file as multipart/form-data with the field "${fileField}" (got ${req.headers['content-type'] ?? 'no body'})`,
      ),
    );
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes + FRAMING_BYTES) {
    req.res?.setHeader('Connection', 'close');
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          files: 1,
          // busboy signals 'limit' when a file reaches fileSize: one byte more, so exactly maxBytes is taken
          fileSize: maxBytes + 1,
          fields: MAX_FIELDS,
          fieldSize: FIELD_MAX_BYTES,
          parts: MAX_FIELDS + 1,
        },
      });
    } catch (e) {
      reject(ApiError.invalid(fileField, `the multipart body cannot be read: ${(e as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let fileName: string | null = null;
    let failure: ApiError | null = null;
    const fail = (e: ApiError) => {
      failure ??= e;
    };
    parser.on('file', (name, stream, info) => {
      if (name !== fileField || fileName !== null) {
        fail(ApiError.invalid(name, `unexpected file field: send one file, in the field "${fileField}"`));
        stream.resume();
        return;
      }
      fileName = info.filename ?? '';
      stream.on('data', (c: Buffer) => {
        if (!failure) chunks.push(c);
      });
      stream.on('limit', () => {
        fail(tooLarge(maxBytes));
        chunks.length = 0;
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(ApiError.invalid(name, `must be at most ${FIELD_MAX_BYTES} bytes`));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => fail(ApiError.invalid(fileField, 'send one file per request')));
    parser.on('fieldsLimit', () => fail(ApiError.invalid('fields', `at most ${MAX_FIELDS} fields`)));
    parser.on('partsLimit', () => fail(ApiError.invalid('fields', `at most ${MAX_FIELDS + 1} parts`)));
    parser.on('error', (e: Error) => {
      fail(ApiError.invalid(fileField, `the multipart body cannot be read: ${e.message}`));
      req.unpipe(parser);
      req.resume();
      settle();
    });
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      if (failure) return reject(failure);
      if (fileName === null)
        return reject(ApiError.invalid(fileField, `is required: send the file in the field "${fileField}"`));
      resolve({ fileName, data: Buffer.concat(chunks), fields });
    };
    parser.on('close', settle);
    req.on('aborted', () => {
      fail(ApiError.invalid(fileField, 'the upload was interrupted'));
      settle();
    });
    req.pipe(parser);
  });
}
