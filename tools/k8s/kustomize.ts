/**
 * A small kustomize, enough to render deploy/k8s without the kustomize binary: `resources` (files and
 * directories with a kustomization.yaml), `namespace`, `labels` (metadata only), `images` and `patches` given as
 * strategic-merge files. Any other field is refused, so nothing is silently left out. When `kubectl` is on the
 * machine, tools/k8s/k8s.spec.ts checks that this renders what `kubectl kustomize` does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  patches?: Array<{ path: string }>;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'labels', 'images', 'patches']);

export class RenderError extends Error {}

/** Every YAML document of a file, strictly (a duplicate key or any warning is an error); empty ones dropped. */
export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
    if (problems.length) throw new RenderError(`${file} is not clean YAML:\n${problems.join('\n')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const idOf = (o: K8sObject) => `${o.kind}/${o.metadata?.name}`;

/** Strategic merge, as kustomize does it for these manifests: maps merge, lists of named items merge by name. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isMap(base) && isMap(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? strategicMerge(base[k], v) : v;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch)) {
    const key = mergeKey(base) ?? mergeKey(patch);
    if (!key) return patch;
    const out = [...base];
    for (const item of patch) {
      const i = out.findIndex((b) => isMap(b) && isMap(item) && b[key] === item[key]);
      if (i < 0) out.push(item);
      else out[i] = strategicMerge(out[i], item);
    }
    return out;
  }
  return patch;
}

function mergeKey(list: unknown[]): string | undefined {
  if (!list.length || !list.every(isMap)) return undefined;
  for (const key of ['name', 'containerPort', 'mountPath', 'port']) {
    if (list.every((item) => isMap(item) && item[key] !== undefined)) return key;
  }
  return undefined;
}

function setImages(spec: unknown, images: NonNullable<Kustomization['images']>): void {
  if (!isMap(spec)) return;
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (!isMap(c) || typeof c['image'] !== 'string') continue;
      const image = c['image'];
      const name = image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
      const rule = images.find((r) => r.name === name);
      if (!rule) continue;
      const tag = rule.newTag ?? (image.slice(name.length).replace(/^:/, '') || undefined);
      c['image'] = `${rule.newName ?? name}${tag ? `:${tag}` : ''}`;
    }
  }
}

/** Render a kustomization directory into its objects, in the order of its resources. */
export function render(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new RenderError(`${dir} has no kustomization.yaml`);
  const [k] = readYamlDocuments(file) as Kustomization[];
  const unknown = Object.keys(k ?? {}).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new RenderError(`${file}: this renderer does not support ${unknown.join(', ')}`);
  if (k.kind !== 'Kustomization') throw new RenderError(`${file}: kind must be Kustomization`);

  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new RenderError(`${file}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) objects.push(...render(path));
    else objects.push(...(readYamlDocuments(path) as K8sObject[]));
  }
  for (const o of objects) {
    if (!isMap(o) || !o.kind || !isMap(o.metadata) || !o.metadata.name)
      throw new RenderError(`${file}: a resource without kind or metadata.name`);
  }
  const seen = new Set<string>();
  for (const o of objects) {
    if (seen.has(idOf(o))) throw new RenderError(`${file}: ${idOf(o)} is defined twice`);
    seen.add(idOf(o));
  }

  for (const p of k.patches ?? []) {
    const patchFile = resolve(dir, p.path);
    if (!existsSync(patchFile)) throw new RenderError(`${file}: patch ${p.path} does not exist`);
    for (const patch of readYamlDocuments(patchFile) as K8sObject[]) {
      const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata?.name);
      if (i < 0) throw new RenderError(`${patchFile}: ${idOf(patch)} matches no resource`);
      objects[i] = strategicMerge(objects[i], patch) as K8sObject;
    }
  }

  for (const rule of k.labels ?? []) {
    if (rule.includeSelectors || rule.includeTemplates)
      throw new RenderError(`${file}: labels with includeSelectors/includeTemplates are not supported`);
    objects = objects.map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), ...rule.pairs } },
    }));
  }

  if (k.images?.length) {
    for (const o of objects) {
      const template = isMap(o['spec']) ? o['spec']['template'] : undefined;
      if (isMap(template)) setImages(template['spec'], k.images);
    }
  }

  if (k.namespace) {
    objects = objects.map((o) =>
      o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } },
    );
  }
  return objects;
}

export const repoPath = (...parts: string[]) => join(__dirname, '..', '..', ...parts);
