import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiBody, getSchemaPath } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { ApiError, FieldError } from './errors';

/** The path of the first string holding a NUL character (PostgreSQL cannot store one), or null. */
function nulField(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 20) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulField(v, path ? `${path}.${k}` : k, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses text PostgreSQL cannot store before it reaches the database: 400 naming the field that holds a NUL
 * character (`whole` when the value itself is that text). The validation pipe runs it on every body and query;
 * input read past the pipe (multipart fields) calls it itself.
 */
export function refuseNul(value: unknown, whole: string): void {
  const field = nulField(value, '');
  if (field !== null) throw ApiError.invalid(field || whole, 'must not contain a NUL character (\\u0000)');
}

class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') refuseNul(value, metadata.type);
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    // one rule's message given to several decorators (IsInt, Min, Max) is said once
    const own = [...new Set(Object.values(e.constraints ?? {}))].map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** At most this many field errors in one answer. */
export const MAX_FIELD_ERRORS = 20;

/** whitelist + forbidNonWhitelisted + transform; failures become problem details naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors).map((e) =>
        e.message.startsWith('property ') && e.message.endsWith(' should not exist')
          ? { field: e.field, message: `unknown field "${e.field}": remove it` }
          : e,
      );
      // A short answer however wrong the body is: the first few problems, and how many more there are.
      const shown = fieldErrors.slice(0, MAX_FIELD_ERRORS);
      const more = fieldErrors.length - shown.length;
      const detail = shown.map((e) => e.message).join('; ') + (more > 0 ? `; and ${more} more` : '');
      return new ApiError('REQUEST.INVALID', detail, { errors: shown });
    },
  });
}

/**
 * A body of one of two shapes, checked as the class after `normalize` (e.g. a bare list wrapped in the
 * object the class describes). The route declares its body `unknown`, which the global pipe passes as is.
 */
export async function validateBody<T>(
  cls: new () => T,
  value: unknown,
  normalize: (v: unknown) => unknown,
): Promise<T> {
  return (await createValidationPipe().transform(normalize(value), { type: 'body', metatype: cls })) as T;
}

/**
 * The body of a PUT that replaces a whole set: the list as GET answers it, or the same list wrapped as
 * `{ [key]: [...] }` (the class `cls`). Checked as the class either way.
 */
export function validateListOrWrapped<T>(
  cls: new () => T,
  key: keyof T & string,
  value: unknown,
): Promise<T> {
  return validateBody(cls, value, (v) => (Array.isArray(v) ? { [key]: v } : v));
}

type Class = new (...args: never[]) => unknown;

/** The OpenAPI body of such a PUT: a list of at most `maxItems` `item`s, or `wrapper` holding it. */
export const ApiListOrWrappedBody = (item: Class, wrapper: Class, maxItems: number): MethodDecorator =>
  ApiBody({
    schema: {
      oneOf: [
        { type: 'array', maxItems, items: { $ref: getSchemaPath(item) } },
        { $ref: getSchemaPath(wrapper) },
      ],
    },
  });

/**
 * A field a PATCH may leave out but not set to null (`@IsOptional` lets null through to the service, where
 * it would meet a NOT NULL column): null is checked, and refused, like any other wrong value.
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Query-string transforms: '12' → 12 and 'true'/'false' → booleans; anything else stays as sent, for the validators to refuse. */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
