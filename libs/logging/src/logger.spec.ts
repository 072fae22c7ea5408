import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import {
  PinoNestLogger,
  RequestAwareConsoleLogger,
  createLogger,
  levelsFrom,
  requestContext,
} from './logger';

function sink(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe(PinoNestLogger.name, () => {
  it('writes one JSON object per line with level, context, message, and the request id inside a request', () => {
    const out = sink();
    const logger = new PinoNestLogger({ level: 'log', service: 'api' }, out.stream);
    logger.log('outside', 'Ctx');
    requestContext.run({ requestId: 'req-1' }, () => logger.warn('inside', 'HTTP'));
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'info', service: 'api', context: 'Ctx', msg: 'outside' }),
      expect.objectContaining({ level: 'warn', context: 'HTTP', msg: 'inside', requestId: 'req-1' }),
    ]);
    expect(out.lines()[0]).not.toHaveProperty('requestId');
    expect(typeof out.lines()[0]?.['time']).toBe('string');
  });

  it.each([
    ['error', ['error'], ['warn', 'log', 'debug']],
    ['warn', ['error', 'warn'], ['log', 'debug']],
    ['log', ['error', 'warn', 'log'], ['debug', 'verbose']],
    ['verbose', ['error', 'warn', 'log', 'debug', 'verbose'], []],
  ] as const)('LOG_LEVEL=%s writes %j and not %j', (level, written, silent) => {
    const out = sink();
    const logger = new PinoNestLogger({ level, service: 'worker' }, out.stream);
    for (const l of [...written, ...silent]) logger[l](`a ${l} line`, 'Ctx');
    expect(out.lines().map((l) => l['msg'])).toEqual(written.map((l) => `a ${l} line`));
  });

  it("takes Nest's error(message, stack, context) apart, and an Error as err", () => {
    const out = sink();
    const logger = new PinoNestLogger({ level: 'log', service: 'api' }, out.stream);
    logger.error('failed', 'Error: x\n    at y', 'Filter');
    logger.error(new Error('boom'), 'Filter');
    const [a, b] = out.lines();
    expect(a).toMatchObject({
      level: 'error',
      msg: 'failed',
      stack: 'Error: x\n    at y',
      context: 'Filter',
    });
    expect(b).toMatchObject({
      level: 'error',
      msg: 'boom',
      context: 'Filter',
      err: expect.objectContaining({ message: 'boom' }),
    });
  });

  it("serves as Nest's logger (Logger with a context writes through it)", () => {
    const out = sink();
    Logger.overrideLogger(new PinoNestLogger({ level: 'log', service: 'api' }, out.stream));
    try {
      new Logger('Svc').log('hello');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(out.lines()).toEqual([expect.objectContaining({ context: 'Svc', msg: 'hello' })]);
  });
});

describe(createLogger.name, () => {
  it('gives text (Nest) for LOG_FORMAT=text and pino for json', () => {
    expect(createLogger({ logLevel: 'log', logFormat: 'text' }, 'api')).toBeInstanceOf(
      RequestAwareConsoleLogger,
    );
    expect(createLogger({ logLevel: 'log', logFormat: 'json' }, 'api', sink().stream)).toBeInstanceOf(
      PinoNestLogger,
    );
  });

  it('puts [req <id>] after the context of text lines written in a request', () => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const logger = new RequestAwareConsoleLogger({ logLevels: levelsFrom('log'), colors: false });
      requestContext.run({ requestId: 'abc' }, () => logger.log('inside', 'HTTP'));
      logger.log('outside', 'HTTP');
      const [inside, outside] = spy.mock.calls.map((c) => String(c[0]));
      expect(inside).toMatch(/LOG \[HTTP\] \[req abc\] inside/);
      expect(outside).toMatch(/LOG \[HTTP\] outside/);
    } finally {
      spy.mockRestore();
    }
  });
});
