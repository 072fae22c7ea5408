import { Injectable, inject } from '@angular/core';
import type {
  AnswerConfirmationRequest,
  ConfirmationAnswerDto,
  PublicConfirmationDto,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';

/** The public confirmation endpoints: no sign-in, the token in the path is the credential. */
@Injectable({ providedIn: 'root' })
export class ConfirmApi {
  private readonly api = inject(ApiClient);

  view(token: string): Observable<PublicConfirmationDto> {
    return this.api.call('get', '/api/public/confirmations/{token}', { path: { token } });
  }

  answer(token: string, body: AnswerConfirmationRequest): Observable<ConfirmationAnswerDto> {
    return this.api.call('post', '/api/public/confirmations/{token}', { path: { token }, body });
  }
}
