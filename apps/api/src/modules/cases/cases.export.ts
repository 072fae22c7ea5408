import { Injectable } from '@nestjs/common';
import { ledgerRowBatches } from '@taizhang/db';
import { OutputClosedError, boundHeapGrowth, ledgerFileName, openLedgerWorkbook } from '@taizhang/xlsx';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { setXlsxHeaders } from '../../core/xlsx-download';
import { ListCasesQuery } from './dto/cases.dto';

/**
 * The ledger as an Excel workbook (台账), streamed: rows are read in keyset batches and written as they come
 * (columns and rows in `@taizhang/xlsx` ledger-workbook, shared with the worker's export job, POST /api/exports).
 */
@Injectable()
export class CasesExportService {
  constructor(private readonly ds: DataSource) {}

  async write(user: AuthUser, q: ListCasesQuery, res: Response): Promise<number> {
    setXlsxHeaders(res, ledgerFileName());
    const release = boundHeapGrowth();
    let count = 0;
    try {
      const workbook = openLedgerWorkbook(res);
      for await (const rows of ledgerRowBatches(this.ds, { viewer: user, filters: q })) {
        await workbook.add(rows);
        count += rows.length;
      }
      await workbook.commit();
      return count;
    } catch (err) {
      // the client went away mid-download: nothing is left to answer, and nothing went wrong here
      if (err instanceof OutputClosedError) return count;
      // nothing written yet (the workbook starts with the first rows): the error is answered as problem details
      if (!res.headersSent) res.removeHeader('Content-Disposition');
      throw err;
    } finally {
      release();
    }
  }
}
