import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/** Property decorators of the response classes: the forms the answers really have. */
export const UuidProp = (o: ApiPropertyOptions = {}) => ApiProperty({ type: String, format: 'uuid', ...o });
export const NullableUuidProp = (o: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, format: 'uuid', nullable: true, ...o });
export const TimeProp = (o: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-02T09:30:00.000Z',
    ...o,
  });
export const NullableTimeProp = (o: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-02T09:30:00.000Z',
    ...o,
  });
export const CountProp = (o: ApiPropertyOptions = {}) => ApiProperty({ type: 'integer', minimum: 0, ...o });
export const NullableStringProp = (o: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, nullable: true, ...o });
export const LevelProp = (o: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: 'integer',
    enum: [0, 1, 2],
    description: '0 town, 1 county, 2 city',
    ...o,
  });
