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
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

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

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Is the API up, and can it reach PostgreSQL and Redis?',
  })
  @ApiOkResponse({ type: Health, description: '{ "status": "ok", "db": "up", "redis": "up" }' })
  @ApiServiceUnavailableResponse({
    type: Health,
    description: 'a part is down, e.g. { "status": "error", "db": "up", "redis": "down" }',
  })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      within(this.ds.query('SELECT 1'), 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      within(this.redis.ping(), 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const ok = db === 'up' && redis === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', db, redis };
  }

  @Public()
  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process serves requests (no dependency is asked)',
  })
  @ApiOkResponse({ type: Liveness, description: '{ "status": "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'Readiness: can this API answer requests? 503 while PostgreSQL is unreachable (Redis only slows jobs)',
  })
  @ApiOkResponse({ type: Readiness, description: '{ "status": "ok", "db": "up" }' })
  @ApiServiceUnavailableResponse({ type: Readiness, description: '{ "status": "error", "db": "down" }' })
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'error'; db: 'up' | 'down' }> {
    const db = await within(this.ds.query('SELECT 1'), 2000).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    res.status(db === 'up' ? 200 : 503);
    if (db === 'down') res.setHeader('Retry-After', '5');
    return { status: db === 'up' ? 'ok' : 'error', db };
  }
}
