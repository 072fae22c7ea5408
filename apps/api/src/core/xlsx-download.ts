import { ApiOkResponse } from '@nestjs/swagger';
import { XLSX_CONTENT_TYPE } from '@taizhang/xlsx';
import type { Response } from 'express';
import { contentDisposition } from './content-disposition';

/** The OpenAPI answer of a route that streams an Excel workbook. */
export const ApiXlsxResponse = (): MethodDecorator & ClassDecorator =>
  ApiOkResponse({
    description: 'the workbook',
    content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  });

/** The headers of a workbook download named `fileName` (offered with an ASCII fallback name). */
export function setXlsxHeaders(res: Response, fileName: string): void {
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(fileName));
}
