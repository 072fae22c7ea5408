import { ApiProperty } from '@nestjs/swagger';
import type { HealthResponse } from '@taizhang/contracts';

export class Liveness {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class Readiness {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
  @ApiProperty({
    enum: ['up', 'behind', 'down'],
    required: false,
    description:
      'only with read replicas (DATABASE_READ_URLS): up = answering reads; behind (beyond DATABASE_READ_MAX_LAG_MS) or down = reads go to the primary. Does not affect readiness',
  })
  replicas?: 'up' | 'behind' | 'down';
}

export class Health implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) redis!: 'up' | 'down';
}
