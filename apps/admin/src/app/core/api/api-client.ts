import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type ApiPaths, type CallAnswer, type CallRequest, type MethodOf, callOf } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { toParams } from './http-params';

/**
 * HttpClient typed by the OpenAPI document (`@taizhang/contracts`, generated): the path, method, path parameters,
 * query, body and answer of a call are the document's, so a change of the contract is a type error in the services.
 * The document's paths start with `/api` (the app's `API_BASE`); the interceptor adds the token.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  call<P extends keyof ApiPaths, M extends MethodOf<P>>(
    method: M,
    path: P,
    req: CallRequest<P, M>,
  ): Observable<CallAnswer<P, M>> {
    const r = callOf(path, req);
    return this.http.request<CallAnswer<P, M>>(method.toUpperCase(), r.path, {
      params: new HttpParams({ fromObject: r.query }),
      body: r.body,
      headers: r.headers ? new HttpHeaders(r.headers) : undefined,
    });
  }

  /** A file the API sends (a workbook, an attachment): GET `url` with `query` (its empty values left out). */
  blob(url: string, query: object = {}): Observable<Blob> {
    return this.http.get(url, { params: toParams(query), responseType: 'blob' });
  }
}
