import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsEmail, Matches, MaxLength, ValidateIf } from 'class-validator';

// Each decorator's parts are listed bottom-up, in the order stacked decorators are applied: the checks'
// messages keep the order they had on the fields.

/** The contact fields a request may clear: absent leaves them, null or '' clears them, anything else is checked. */
const unlessCleared = () => ValidateIf((_, v) => v !== undefined && v !== null && v !== '');

/** A phone number: digits, spaces and dashes, optionally after a +. */
const PHONE_PATTERN = /^\+?[0-9 -]{5,20}$/;
export const PhoneRule = () =>
  Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, -)' });

/** An optional `phone` that null or '' clears. */
export const ClearablePhone = (o: ApiPropertyOptions = {}) =>
  applyDecorators(
    PhoneRule(),
    unlessCleared(),
    ApiPropertyOptional({ type: String, nullable: true, example: '13800138000', ...o }),
  );

/** An optional `email` that null or '' clears. */
export const ClearableEmail = (o: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsEmail({}, { message: 'email must be an e-mail address' }),
    MaxLength(254, { message: 'email must have at most 254 characters' }),
    unlessCleared(),
    ApiPropertyOptional({ type: String, nullable: true, example: 'zhang.wei@example.gov.cn', ...o }),
  );
