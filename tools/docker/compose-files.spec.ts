import {
  InterpolationError,
  containerPorts,
  dependsOn,
  execForm,
  imageOf,
  importedSpecifiers,
  interpolate,
  parseCopy,
  parseDockerfile,
  referencedVariables,
  withBuildArgs,
} from './compose-files';

describe(interpolate.name, () => {
  const env = { SET: 'value', EMPTY: '' };

  it.each([
    ['plain text', 'plain text'],
    ['$$HOME', '$HOME'],
    ['$SET/x', 'value/x'],
    ['${SET}', 'value'],
    ['${UNSET}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${SET:-fallback}', 'value'],
    ['${SET:?needed}', 'value'],
    ['${EMPTY?needed}', ''],
    ['${SET:+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['redis://${SET}:6379', 'redis://value:6379'],
  ])('reads %s as %p', (template, expected) => {
    expect(interpolate(template, env)).toBe(expected);
  });

  it.each(['${UNSET:?set UNSET}', '${EMPTY:?set EMPTY}', '${UNSET?set UNSET}'])(
    'refuses %s when the value is missing',
    (t) => {
      expect(() => interpolate(t, env)).toThrow(InterpolationError);
    },
  );

  it.each(['${SET', 'a $ b', '${1BAD}'])('refuses the malformed %s', (t) => {
    expect(() => interpolate(t, env)).toThrow(/malformed/);
  });
});

describe(referencedVariables.name, () => {
  it('names each variable and whether it is required', () => {
    expect(referencedVariables('${A:?x} $B ${C:-d} $$E ${F?g}')).toEqual([
      { name: 'A', required: true, op: ':?' },
      { name: 'B', required: false, op: undefined },
      { name: 'C', required: false, op: ':-' },
      { name: 'F', required: true, op: '?' },
    ]);
  });
});

describe(containerPorts.name, () => {
  it('reads short and long syntax', () => {
    expect(
      containerPorts({
        ports: ['3000:3000', '127.0.0.1:${P:-15432}:5432', '8080/udp', 9000, { target: 4200, published: 80 }],
      }),
    ).toEqual([3000, 5432, 8080, 9000, 4200]);
  });
});

describe(dependsOn.name, () => {
  it('treats the list syntax as service_started', () => {
    expect(dependsOn({ depends_on: ['a'] })).toEqual({ a: 'service_started' });
    expect(dependsOn({ depends_on: { a: { condition: 'service_healthy' }, b: {} } })).toEqual({
      a: 'service_healthy',
      b: 'service_started',
    });
  });
});

describe(parseDockerfile.name, () => {
  const stages = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=node:20',
      'FROM node:20-bookworm-slim AS build',
      'RUN npm ci \\',
      '  # a comment inside a continuation',
      '  && npx nx build api',
      'FROM --platform=linux/amd64 node:20-bookworm-slim',
      'copy --from=build /app/dist/apps/api dist/apps/api',
      'CMD ["node", "dist/apps/api/main.js"]',
    ].join('\n'),
  );

  it('splits stages and joins continuation lines', () => {
    expect(stages.map((s) => [s.image, s.name])).toEqual([
      ['node:20-bookworm-slim', 'build'],
      ['node:20-bookworm-slim', undefined],
    ]);
    expect(stages[0].instructions).toEqual([{ keyword: 'RUN', args: 'npm ci && npx nx build api' }]);
    expect(parseCopy(stages[1].instructions[0].args)).toEqual({
      from: 'build',
      sources: ['/app/dist/apps/api'],
      dest: 'dist/apps/api',
    });
    expect(execForm(stages[1].instructions[1].args)).toEqual(['node', 'dist/apps/api/main.js']);
    expect(execForm('node main.js')).toBeNull();
  });
});

describe(withBuildArgs.name, () => {
  it('fills ${NAME} and $NAME of the arguments given, and nothing else', () => {
    expect(withBuildArgs('RUN nx build ${APP} && echo $APP $APPS $HOME', { APP: 'api' })).toBe(
      'RUN nx build api && echo api $APPS $HOME',
    );
  });
});

describe(imageOf.name, () => {
  const stages = parseDockerfile(`
FROM node:20 AS build
RUN make
FROM node:20-slim AS runtime
USER node
FROM runtime AS api
CMD ["node", "api.js"]
FROM runtime AS worker
CMD ["node", "worker.js"]
`);

  it('is the target stage after the stages it is built from, on their first image', () => {
    expect(imageOf(stages, 'worker')).toEqual({
      image: 'node:20-slim',
      name: 'worker',
      instructions: [
        { keyword: 'USER', args: 'node' },
        { keyword: 'CMD', args: '["node", "worker.js"]' },
      ],
    });
    expect(imageOf(stages, 'build').instructions).toEqual([{ keyword: 'RUN', args: 'make' }]);
    expect(() => imageOf(stages, 'admin')).toThrow(/no stage admin/);
  });
});

describe(importedSpecifiers.name, () => {
  it('finds static, dynamic and require imports', () => {
    const src = [
      "import http from 'node:http';",
      "import { a,\n b } from './lib.mjs';",
      "import 'side-effect';",
      'export { x } from "./x.mjs";',
      "const y = await import('y');",
      "const z = require('z');",
    ].join('\n');
    expect(importedSpecifiers(src).sort()).toEqual([
      './lib.mjs',
      './x.mjs',
      'node:http',
      'side-effect',
      'y',
      'z',
    ]);
  });
});
