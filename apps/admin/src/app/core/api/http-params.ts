import { HttpParams } from '@angular/common/http';
import { queryOf } from '@taizhang/contracts';

/** Query parameters without the empty ones; arrays are comma-joined (`status=open,escalated`), as the API documents. */
export function toParams(query: object): HttpParams {
  return new HttpParams({ fromObject: queryOf(query) });
}
