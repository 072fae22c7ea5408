import { HttpParams } from '@angular/common/http';

/** Query parameters without the empty ones; arrays are comma-joined (`status=open,escalated`), as the API documents. */
export function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params = params.set(key, value.map(String).join(','));
    } else {
      params = params.set(key, String(value));
    }
  }
  return params;
}
