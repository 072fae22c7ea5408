/**
 * Checks rendered Kubernetes objects: each against the Kubernetes OpenAPI schema of its kind (the validators of
 * the `kubernetes-models` package, and its type declarations for fields the schema does not know), then against each other and against the apps: selectors that select,
 * probe and Service ports that exist, env references to keys the ConfigMap or Secret has, HPAs on Deployments
 * with CPU requests, secrets only from the Secret (placeholders only), and for each app the environment it is
 * given passing libs/config's loadConfig as the process does at start-up.
 * `validate(objects)` returns the problems, one line each; an empty list is a pass.
 */
import { ENV_VARS, loadConfig } from '@taizhang/config';
import { readFileSync } from 'node:fs';
import { unknownFieldProblems } from './fields';
import type { K8sObject } from './kustomize';
import { repoPath } from './kustomize';

type Json = Record<string, unknown>;
interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

interface Container {
  name: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      configMapKeyRef?: { name: string; key: string; optional?: boolean };
      secretKeyRef?: { name: string; key: string; optional?: boolean };
    };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: unknown;
  grpc?: { port: number };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
}
interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> };
    template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  };
}

/** The apps and what each container named so runs. */
export const APPS = ['api', 'worker', 'admin'] as const;
export type App = (typeof APPS)[number];

/** The variables tools/serve-admin.mjs (the admin image's server) reads. */
export function adminEnvNames(): string[] {
  const src = readFileSync(repoPath('tools/serve-admin.mjs'), 'utf8');
  return [...new Set([...src.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]))];
}

const SECRETISH = /SECRET|PASSWORD|TOKEN|(^|_)KEY($|_)|^DATABASE_URL$|^REDIS_URL$|^SMTP_URL$/;
const PLACEHOLDER = 'CHANGE-ME';

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  try {
    const group = require(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
    const model = group[kind];
    return typeof model === 'function' ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

/** Schema problems of one object (kubernetes-models' ajv validator of its apiVersion and kind). */
export function schemaProblems(o: K8sObject): string[] {
  const id = `${o?.kind}/${o?.metadata?.name}`;
  if (typeof o?.apiVersion !== 'string' || typeof o?.kind !== 'string') return [`${id}: no apiVersion/kind`];
  const Model = modelFor(o.apiVersion, o.kind);
  if (!Model) return [`${id}: ${o.apiVersion} ${o.kind} is no Kubernetes kind this validator knows`];
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [`${id}: ${(err as Error).message.replace(/\s+/g, ' ')}`];
  }
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function portOf(containers: Container[], port: number | string): boolean {
  return containers.some((c) =>
    (c.ports ?? []).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port)),
  );
}

/** Everything wrong with a set of rendered objects (empty: they pass). */
export function validate(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) problems.push(...schemaProblems(o));
  problems.push(
    ...unknownFieldProblems(
      objects.filter((o) => o?.apiVersion && o?.kind && modelFor(o.apiVersion, o.kind)),
    ),
  );

  const of = <T extends K8sObject>(kind: string) => objects.filter((o) => o.kind === kind) as T[];
  const byName = <T extends K8sObject>(kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;
  const deployments = of<Deployment>('Deployment');
  const configMaps = of<K8sObject & { data?: Json }>('ConfigMap');
  const secrets = of<K8sObject & { data?: Json; stringData?: Json }>('Secret');

  const ids = objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);
  for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) problems.push(`${dup} is defined twice`);

  // Secrets: placeholders only, never a real value in the repository
  for (const s of secrets) {
    if (s.data && Object.keys(s.data).length)
      problems.push(`Secret/${s.metadata.name}: use stringData placeholders, not data`);
    for (const [key, value] of Object.entries(s.stringData ?? {})) {
      if (typeof value !== 'string') problems.push(`Secret/${s.metadata.name}.${key}: not a string`);
      else if (value !== '' && !value.includes(PLACEHOLDER))
        problems.push(`Secret/${s.metadata.name}.${key}: not a ${PLACEHOLDER} placeholder`);
    }
  }

  // every key of a ConfigMap or Secret is read by some container (a key nobody reads is a setting that does nothing)
  const allContainers = deployments.flatMap((d) => [
    ...(d.spec?.template?.spec?.containers ?? []),
    ...(d.spec?.template?.spec?.initContainers ?? []),
  ]);
  const read = (kind: 'configMapKeyRef' | 'secretKeyRef', ref: 'configMapRef' | 'secretRef', name: string) =>
    new Set(
      allContainers.flatMap((c) => [
        ...(c.env ?? [])
          .filter((e) => e.valueFrom?.[kind]?.name === name)
          .map((e) => e.valueFrom?.[kind]?.key),
        ...((c.envFrom ?? []).some((f) => f[ref]?.name === name) ? ['*'] : []),
      ]),
    );
  for (const [kind, list, keyRef, ref] of [
    ['ConfigMap', configMaps, 'configMapKeyRef', 'configMapRef'],
    ['Secret', secrets, 'secretKeyRef', 'secretRef'],
  ] as const) {
    for (const m of list) {
      const keys = read(keyRef, ref, m.metadata.name);
      const own = Object.keys({ ...(m.data ?? {}), ...((m as { stringData?: Json }).stringData ?? {}) });
      if (keys.has('*')) continue;
      for (const key of own.filter((k) => !keys.has(k)))
        problems.push(`${kind}/${m.metadata.name}: no container reads ${key}`);
    }
  }

  const appsSeen = new Set<string>();
  for (const d of deployments) {
    const id = `Deployment/${d.metadata.name}`;
    const spec = d.spec ?? ({} as Deployment['spec']);
    const podLabels = spec.template?.metadata?.labels;
    if (!matches(spec.selector?.matchLabels, podLabels))
      problems.push(`${id}: selector.matchLabels does not match the pod template's labels`);
    const containers = spec.template?.spec?.containers ?? [];
    for (const c of [...containers, ...(spec.template?.spec?.initContainers ?? [])]) {
      const cid = `${id} container ${c.name}`;
      if (!c.image || !/:[^:/]+$/.test(c.image) || c.image.endsWith(':latest'))
        problems.push(`${cid}: image ${c.image} needs a fixed tag`);
      for (const kind of ['requests', 'limits'] as const)
        for (const r of ['cpu', 'memory'])
          if (!c.resources?.[kind]?.[r]) problems.push(`${cid}: no resources.${kind}.${r}`);
      problems.push(...envProblems(cid, c, configMaps, secrets));
    }
    for (const c of containers) {
      const cid = `${id} container ${c.name}`;
      for (const which of ['livenessProbe', 'readinessProbe'] as const)
        if (!c[which]) problems.push(`${cid}: no ${which}`);
      for (const which of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        const port = c[which]?.httpGet?.port ?? c[which]?.tcpSocket?.port;
        if (port !== undefined && !portOf([c], port))
          problems.push(`${cid}: ${which} port ${port} is none of the container's ports`);
      }
      if ((APPS as readonly string[]).includes(c.name)) {
        appsSeen.add(c.name);
        problems.push(...appProblems(cid, c.name as App, c, objects, configMaps, secrets));
      }
    }
  }
  for (const app of APPS)
    if (!appsSeen.has(app)) problems.push(`no Deployment runs a container named ${app}`);

  for (const s of of<K8sObject & { spec: Json }>('Service')) {
    const id = `Service/${s.metadata.name}`;
    const selector = s.spec?.['selector'] as Record<string, string> | undefined;
    const targets = deployments.filter((d) => matches(selector, d.spec?.template?.metadata?.labels));
    if (!targets.length) problems.push(`${id}: its selector matches no Deployment's pods`);
    for (const p of (s.spec?.['ports'] as Array<{ port: number; targetPort?: number | string }>) ?? []) {
      const target = p.targetPort ?? p.port;
      const ok = targets.some((d) => portOf(d.spec.template.spec.containers, target));
      if (targets.length && !ok) problems.push(`${id}: targetPort ${target} is no port of its pods`);
    }
  }

  for (const h of of<K8sObject & { spec: Json }>('HorizontalPodAutoscaler')) {
    const id = `HorizontalPodAutoscaler/${h.metadata.name}`;
    const ref = h.spec?.['scaleTargetRef'] as { kind?: string; name?: string } | undefined;
    const target = ref?.kind === 'Deployment' ? byName<Deployment>('Deployment', ref.name ?? '') : undefined;
    if (!target) problems.push(`${id}: scaleTargetRef ${ref?.kind}/${ref?.name} is no Deployment here`);
    const metrics = (h.spec?.['metrics'] as Array<{ type: string; resource?: { name: string } }>) ?? [];
    if (!metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu'))
      problems.push(`${id}: does not scale on CPU`);
    const [min, max] = [Number(h.spec?.['minReplicas'] ?? 1), Number(h.spec?.['maxReplicas'])];
    if (!(min <= max)) problems.push(`${id}: minReplicas ${min} > maxReplicas ${max}`);
    if (target && !target.spec.template.spec.containers.every((c) => c.resources?.requests?.['cpu']))
      problems.push(`${id}: its Deployment's containers need CPU requests for a CPU target`);
  }

  for (const p of of<K8sObject & { spec: Json }>('PodDisruptionBudget')) {
    const selector = (p.spec?.['selector'] as { matchLabels?: Record<string, string> })?.matchLabels;
    if (!deployments.some((d) => matches(selector, d.spec?.template?.metadata?.labels)))
      problems.push(`PodDisruptionBudget/${p.metadata.name}: its selector matches no Deployment's pods`);
  }

  for (const ing of of<K8sObject & { spec: Json }>('Ingress')) {
    type Backend = { service?: { name: string; port: { name?: string; number?: number } } };
    const rules = (ing.spec?.['rules'] as Array<{ http?: { paths: Array<{ backend: Backend }> } }>) ?? [];
    for (const { backend } of rules.flatMap((r) => r.http?.paths ?? [])) {
      const svc = backend.service;
      const service = svc && byName<K8sObject & { spec: Json }>('Service', svc.name);
      const ports = (service?.spec?.['ports'] as Array<{ name?: string; port: number }>) ?? [];
      if (!service)
        problems.push(`Ingress/${ing.metadata.name}: backend Service ${svc?.name} does not exist`);
      else if (!ports.some((p) => (svc.port.name ? p.name === svc.port.name : p.port === svc.port.number)))
        problems.push(
          `Ingress/${ing.metadata.name}: Service ${svc.name} has no port ${JSON.stringify(svc.port)}`,
        );
    }
  }
  return problems;
}

function envProblems(
  cid: string,
  c: Container,
  configMaps: Array<K8sObject & { data?: Json }>,
  secrets: Array<K8sObject & { data?: Json; stringData?: Json }>,
): string[] {
  const problems: string[] = [];
  const names = (c.env ?? []).map((e) => e.name);
  for (const dup of names.filter((n, i) => names.indexOf(n) !== i)) problems.push(`${cid}: env ${dup} twice`);
  for (const e of c.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sk = e.valueFrom?.secretKeyRef;
    if (cm && !cm.optional) {
      const map = configMaps.find((m) => m.metadata.name === cm.name);
      if (!map) problems.push(`${cid}: env ${e.name} refers to ConfigMap ${cm.name}, which does not exist`);
      else if (!(cm.key in (map.data ?? {})))
        problems.push(`${cid}: env ${e.name} refers to key ${cm.key}, which ConfigMap ${cm.name} lacks`);
    }
    if (sk && !sk.optional) {
      const s = secrets.find((m) => m.metadata.name === sk.name);
      if (!s) problems.push(`${cid}: env ${e.name} refers to Secret ${sk.name}, which does not exist`);
      else if (!(sk.key in { ...(s.data ?? {}), ...(s.stringData ?? {}) }))
        problems.push(`${cid}: env ${e.name} refers to key ${sk.key}, which Secret ${sk.name} lacks`);
    }
    if (SECRETISH.test(e.name) && !sk)
      problems.push(`${cid}: env ${e.name} is secret: take it from a Secret`);
  }
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef && !configMaps.some((m) => m.metadata.name === from.configMapRef?.name))
      problems.push(`${cid}: envFrom ConfigMap ${from.configMapRef.name} does not exist`);
    if (from.secretRef && !secrets.some((m) => m.metadata.name === from.secretRef?.name))
      problems.push(`${cid}: envFrom Secret ${from.secretRef.name} does not exist`);
  }
  return problems;
}

/** The environment a container gets, resolved from its ConfigMap and Secret references. */
export function containerEnv(
  c: Container,
  configMaps: Array<K8sObject & { data?: Json }>,
  secrets: Array<K8sObject & { data?: Json; stringData?: Json }>,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef)
      Object.assign(env, configMaps.find((m) => m.metadata.name === from.configMapRef?.name)?.data ?? {});
    if (from.secretRef)
      Object.assign(env, secrets.find((m) => m.metadata.name === from.secretRef?.name)?.stringData ?? {});
  }
  for (const e of c.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sk = e.valueFrom?.secretKeyRef;
    if (cm) env[e.name] = str(configMaps.find((m) => m.metadata.name === cm.name)?.data?.[cm.key]);
    else if (sk) env[e.name] = str(secrets.find((m) => m.metadata.name === sk.name)?.stringData?.[sk.key]);
    else env[e.name] = e.value;
  }
  return env;
}

function appProblems(
  cid: string,
  app: App,
  c: Container,
  objects: K8sObject[],
  configMaps: Array<K8sObject & { data?: Json }>,
  secrets: Array<K8sObject & { data?: Json; stringData?: Json }>,
): string[] {
  const problems: string[] = [];
  const env = containerEnv(c, configMaps, secrets);
  const ports = (c.ports ?? []).map((p) => p.containerPort);
  if (app === 'admin') {
    const known = adminEnvNames();
    const unknown = Object.keys(env).filter((n) => !known.includes(n));
    if (unknown.length) problems.push(`${cid}: tools/serve-admin.mjs reads no ${unknown.join(', ')}`);
    const port = Number(env['ADMIN_PORT'] ?? 4200);
    if (!ports.includes(port)) problems.push(`${cid}: ADMIN_PORT ${port} is not a container port`);
    try {
      const api = new URL(env['API_URL'] ?? '');
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === api.hostname) as
        (K8sObject & { spec: { ports?: Array<{ port: number }> } }) | undefined;
      if (!svc?.spec.ports?.some((p) => p.port === Number(api.port || 80)))
        problems.push(`${cid}: API_URL ${api.origin} is no Service port here`);
    } catch {
      problems.push(`${cid}: API_URL is not a URL`);
    }
    return problems;
  }

  const unknown = Object.keys(env).filter((n) => !ENV_VARS.some((v) => v.name === n));
  if (unknown.length) problems.push(`${cid}: libs/config knows no ${unknown.join(', ')}`);
  if (env['NODE_ENV'] !== 'production') problems.push(`${cid}: NODE_ENV must be production`);
  const required = ENV_VARS.filter((v) => v.requiredInProduction && v.usedBy.includes(app));
  for (const v of required) if (!env[v.name]) problems.push(`${cid}: ${v.name} is required and not given`);
  for (const v of ['DATABASE_URL', 'REDIS_URL'])
    if (!env[v]) problems.push(`${cid}: ${v} is not given (the development default points at 127.0.0.1)`);
  try {
    const config = loadConfig(env);
    if (app === 'api' && !ports.includes(config.port))
      problems.push(`${cid}: PORT ${config.port} is not a container port`);
    if (app === 'worker' && config.workerMetricsPort && !ports.includes(config.workerMetricsPort))
      problems.push(`${cid}: WORKER_METRICS_PORT ${config.workerMetricsPort} is not a container port`);
  } catch (err) {
    problems.push(
      `${cid}: loadConfig refuses its environment: ${(err as Error).message.replace(/\s+/g, ' ')}`,
    );
  }
  return problems;
}
