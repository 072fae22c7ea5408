import { ApiProperty } from '@nestjs/swagger';
import type { HealthResponse } from '@taizhang/contracts';

export class Liveness {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class Readiness {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
}

export class Health implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) redis!: 'up' | 'down';
}
