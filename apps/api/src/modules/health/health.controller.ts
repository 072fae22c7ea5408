import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@taizhang/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../../core/auth';
import { REDIS } from '../../core/redis';

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

export class Health implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) redis!: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'getHealth', summary: 'Is the API up, and can it reach PostgreSQL and Redis?' })
  @ApiOkResponse({ type: Health, description: '{ "status": "ok", "db": "up", "redis": "up" }' })
  @ApiServiceUnavailableResponse({ type: Health, description: 'a part is down, e.g. { "status": "error", "db": "up", "redis": "down" }' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      within(this.ds.query('SELECT 1'), 2000).then(() => 'up' as const, () => 'down' as const),
      within(this.redis.ping(), 2000).then(() => 'up' as const, () => 'down' as const),
    ]);
    const ok = db === 'up' && redis === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', db, redis };
  }
}
