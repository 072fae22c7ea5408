import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from './errors';

/** A path id that must be a UUID: otherwise a 400 naming the parameter. */
export function uuidPipe(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => ApiError.invalid(name, 'must be a UUID') });
}
