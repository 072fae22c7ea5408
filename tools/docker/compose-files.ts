/**
 * Readers for docker-compose.yml, the Dockerfile and .dockerignore, so a Jest spec can hold them to
 * libs/config without a Docker engine. Only what the spec needs: compose's variable interpolation, the ports
 * and depends_on syntaxes, and a Dockerfile split into stages and instructions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const ROOT = join(__dirname, '..', '..');

export interface ComposeHealthcheck {
  test?: string | string[];
  disable?: boolean;
}

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  ports?: Array<string | number | { target: number; published?: string | number }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: ComposeHealthcheck;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  profiles?: string[];
  entrypoint?: string | string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { ipam?: { config?: Array<{ subnet?: string }> } } | null>;
}

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/**
 * Parse YAML strictly: any error or warning (duplicate key, bad indentation, …) fails. Merge keys (`<<: *api`)
 * are resolved, as Compose does.
 */
export function parseCompose(text: string): ComposeFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length) throw new Error(`docker-compose.yml is not clean YAML:\n${problems.join('\n')}`);
  return doc.toJS() as ComposeFile;
}

/** The raw (not yet interpolated) environment of a service, list or map syntax, values as strings. */
export function rawEnvironment(service: ComposeService): Record<string, string | undefined> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, undefined] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? undefined : String(v)]));
}

export class InterpolationError extends Error {}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const TOKEN = new RegExp(`\\$(?:(\\$)|(${NAME})|\\{(${NAME})(?:(:?[-?+])([^}]*))?\\})`, 'g');

/**
 * Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`. A required variable that is missing throws, as
 * `docker compose` refuses to start.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  if (value.replace(TOKEN, '').includes('$')) {
    // a `$` that starts no valid token: compose rejects the template too
    throw new InterpolationError(`malformed interpolation in "${value}"`);
  }
  return value.replace(
    TOKEN,
    (_m, dollar: string, bare: string, name: string, op: string | undefined, arg: string) => {
      if (dollar) return '$';
      if (bare) return env[bare] ?? '';
      const v = env[name];
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      switch (op) {
        case undefined:
          return v ?? '';
        case ':-':
          return nonEmpty ? v : arg;
        case '-':
          return set ? v : arg;
        case ':?':
        case '?':
          if (op === ':?' ? !nonEmpty : !set)
            throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
          return v as string;
        case ':+':
          return nonEmpty ? arg : '';
        case '+':
          return set ? arg : '';
        default:
          throw new InterpolationError(`unknown interpolation operator ${op}`);
      }
    },
  );
}

/** The variables a value refers to, with whether each one is required (`?`/`:?`). */
export function referencedVariables(value: string): Array<{ name: string; required: boolean; op?: string }> {
  const found: Array<{ name: string; required: boolean; op?: string }> = [];
  for (const m of value.matchAll(TOKEN)) {
    if (m[1]) continue;
    const name = m[2] ?? m[3];
    found.push({ name, required: m[4] === '?' || m[4] === ':?', op: m[4] });
  }
  return found;
}

/** Container-side ports published by a service (`"3000:3000"`, `"127.0.0.1:80:3000/tcp"`, `3000`, long syntax). */
export function containerPorts(
  service: ComposeService,
  env: Record<string, string | undefined> = {},
): number[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'number') return p;
    if (typeof p === 'object') return Number(p.target);
    const spec = interpolate(p, env).split('/')[0];
    return Number(spec.split(':').pop());
  });
}

/** depends_on as `{ service: condition }`; the short list syntax means `service_started`. */
export function dependsOn(service: ComposeService): Record<string, string> {
  const d = service.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition ?? 'service_started']));
}

export function healthcheckCommand(service: ComposeService): string {
  const hc = service.healthcheck;
  if (!hc || hc.disable) return '';
  const test = hc.test ?? [];
  const words = typeof test === 'string' ? [test] : test;
  if (words[0] === 'NONE') return '';
  return words.join(' ');
}

export function commandLine(service: ComposeService): string {
  const c = service.command ?? [];
  return typeof c === 'string' ? c : c.join(' ');
}

/** Mounts as `{ source, target }` (short `src:dst[:mode]` or long syntax). */
export function mounts(service: ComposeService): Array<{ source?: string; target: string }> {
  return (service.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source, target: v.target };
    const [source, target] = v.split(':');
    return target === undefined ? { target: source } : { source, target };
  });
}

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  image: string;
  name?: string;
  instructions: DockerInstruction[];
}

/** Split a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (current && line.startsWith('#')) continue; // comment lines inside a continuation are dropped
    if (line.endsWith('\\')) {
      current += line.slice(0, -1).trimEnd() + ' ';
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current) logical.push(current);

  const stages: DockerStage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    const keyword = m[1].toUpperCase();
    const args = m[2].trim();
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`cannot read FROM ${args}`);
      stages.push({ image: from[1], name: from[2], instructions: [] });
      continue;
    }
    if (!stages.length) {
      if (keyword === 'ARG') continue;
      throw new Error(`${keyword} before the first FROM`);
    }
    stages[stages.length - 1].instructions.push({ keyword, args });
  }
  return stages;
}

/**
 * A Dockerfile as a build with `--build-arg NAME=value` reads it: `${NAME}` and `$NAME` of each argument given
 * replaced by its value (no other variable, no `${NAME:-default}` form).
 */
export function withBuildArgs(text: string, args: Record<string, string>): string {
  return Object.entries(args).reduce(
    (t, [name, value]) => t.replace(new RegExp(`\\$(\\{${name}\\}|${name}\\b)`, 'g'), value),
    text,
  );
}

/**
 * The image a build of `target` makes: the stage of that name with the stages it is built `FROM` before it,
 * their instructions in order, on the image the first of them starts from.
 */
export function imageOf(stages: DockerStage[], target: string): DockerStage {
  const named = (name: string) => stages.find((s) => s.name === name);
  const chain: DockerStage[] = [];
  for (let stage = named(target); stage; stage = named(stage.image)) {
    if (chain.includes(stage)) throw new Error(`stage ${stage.name} is built from itself`);
    chain.unshift(stage);
  }
  if (!chain.length) throw new Error(`no stage ${target}`);
  return { image: chain[0].image, name: target, instructions: chain.flatMap((s) => s.instructions) };
}

export function instructions(stage: DockerStage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The exec-form array of a CMD/ENTRYPOINT, or `null` for the shell form. */
export function execForm(args: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** `COPY [--from=x] [--chown=…] src… dest` → its parts. */
export function parseCopy(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
}

/** Module specifiers a JavaScript file imports or requires. */
export function importedSpecifiers(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bimport\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+[^'";]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.add(m[1]);
  return [...found];
}
