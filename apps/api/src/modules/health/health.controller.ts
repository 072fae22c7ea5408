import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@taizhang/contracts';
import type { Response } from 'express';
import { Public } from '../../core/auth';
import { ReadRouting } from '../../core/read-routing';
import { Health, Liveness, Readiness } from './dto/health.responses';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly routing: ReadRouting,
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
  async overall(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([this.health.db(), this.health.redisState()]);
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
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const db = await this.health.db();
    res.status(db === 'up' ? 200 : 503);
    if (db === 'down') res.setHeader('Retry-After', '5');
    // read replicas only take reads off the primary: one down or behind is shown, and the API stays ready
    const replicas = this.routing.replicaState;
    return { status: db === 'up' ? 'ok' : 'error', db, ...(replicas ? { replicas } : {}) };
  }
}
