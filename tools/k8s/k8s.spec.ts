/**
 * deploy/k8s rendered (tools/k8s/kustomize.ts) and checked (tools/k8s/validate.ts): the Kubernetes schema of
 * every object, the references between them, and the apps' configuration. No cluster runs here; where kubectl
 * is installed, the rendering is also compared with `kubectl kustomize`.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { imageOf, instructions, parseDockerfile } from '../docker/compose-files';
import {
  RenderError,
  readYamlDocuments,
  render,
  repoPath,
  strategicMerge,
  type K8sObject,
} from './kustomize';
import { adminEnvNames, containerEnv, schemaProblems, validate } from './validate';

const BASE = repoPath('deploy/k8s/base');
const PROVINCE = repoPath('deploy/k8s/overlays/province');
const BROKEN = repoPath('tools/k8s/fixtures/broken');
/** The Secret is created in the cluster, not applied with the rest: its example stands in for it here. */
const SECRET = readYamlDocuments(repoPath('deploy/k8s/secret.example.yaml')) as K8sObject[];
const withSecret = (objects: K8sObject[]) => [...objects, ...SECRET];

const clone = <T>(v: T): T => structuredClone(v);
/** The mutations below reach deep into the manifests, which have no static type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as K8sObject & Record<string, Loose>;

describe.each([
  ['base', BASE],
  ['overlays/province', PROVINCE],
])('deploy/k8s/%s', (_name, dir) => {
  const objects = withSecret(render(dir));

  it('renders and passes every check, with the example Secret', () => {
    expect(validate(objects)).toEqual([]);
  });

  it('leaves the Secret out, so an apply never overwrites the real one with placeholders', () => {
    expect(render(dir).filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('has Deployments for api, worker and admin, their Services, a ConfigMap, a Secret and CPU HPAs', () => {
    const names = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
    expect(names('Deployment').sort()).toEqual(['taizhang-admin', 'taizhang-api', 'taizhang-worker']);
    expect(names('Service')).toEqual(expect.arrayContaining(['taizhang-api', 'taizhang-admin']));
    expect(names('ConfigMap')).toEqual(['taizhang-config']);
    expect(names('Secret')).toEqual(['taizhang-secrets']);
    expect(names('HorizontalPodAutoscaler').sort()).toEqual(['taizhang-api', 'taizhang-worker']);
  });

  it('probes the API on /api/health/live and /api/health/ready', () => {
    const api = find(objects, 'Deployment', 'taizhang-api').spec.template.spec.containers[0];
    expect(api.livenessProbe.httpGet.path).toBe('/api/health/live');
    expect(api.readinessProbe.httpGet.path).toBe('/api/health/ready');
  });

  // What `kubectl kustomize` rendered for this directory, kept beside the spec so the check runs everywhere
  // (refresh with `kubectl kustomize deploy/k8s/<dir> > tools/k8s/fixtures/kubectl/<base|province>.yaml`).
  it('renders what `kubectl kustomize` renders', () => {
    const golden = join(__dirname, 'fixtures', 'kubectl', `${_name === 'base' ? 'base' : 'province'}.yaml`);
    const out = readFileSync(golden, 'utf8');
    const theirs = withSecret(parseAllDocuments(out).map((d) => d.toJS() as K8sObject));
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const sort = (list: K8sObject[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sort(objects)).toEqual(sort(theirs));
  });
});

describe('the images', () => {
  const objects = render(BASE);
  it.each(['api', 'admin'])('serve %s on the port its Dockerfile target exposes', (app) => {
    const stages = parseDockerfile(readFileSync(repoPath('Dockerfile'), 'utf8'));
    const exposed = instructions(imageOf(stages, app), 'EXPOSE').flatMap((e) => e.split(/\s+/).map(Number));
    const container = find(objects, 'Deployment', `taizhang-${app}`).spec.template.spec.containers[0];
    expect(exposed).toContain(container.ports[0].containerPort);
  });
});

describe('the province overlay', () => {
  const objects = withSecret(render(PROVINCE));

  it('puts everything in the taizhang namespace and sizes it for a province', () => {
    expect(
      render(PROVINCE)
        .filter((o) => o.kind !== 'Namespace')
        .every((o) => o.metadata.namespace === 'taizhang'),
    ).toBe(true);
    expect(find(objects, 'Deployment', 'taizhang-api').spec.replicas).toBe(3);
    expect(find(objects, 'HorizontalPodAutoscaler', 'taizhang-api').spec.maxReplicas).toBe(10);
    // the patch merged the API container by name: its probes and env are still there
    const api = find(objects, 'Deployment', 'taizhang-api').spec.template.spec.containers[0];
    expect(api.resources.requests.cpu).toBe('1');
    expect(api.readinessProbe).toBeDefined();
  });

  it('keeps the PostgreSQL connections of all processes at their most under 300', () => {
    const pool = Number(find(objects, 'ConfigMap', 'taizhang-config').data.DB_POOL_SIZE);
    const max = ['taizhang-api', 'taizhang-worker'].map(
      (n) => find(objects, 'HorizontalPodAutoscaler', n).spec.maxReplicas as number,
    );
    expect((max[0] + max[1]) * pool).toBeLessThanOrEqual(300);
  });

  it('gives the API and the worker the same PostgreSQL, Redis and queue prefix', () => {
    const cms = objects.filter((o) => o.kind === 'ConfigMap');
    const secrets = objects.filter((o) => o.kind === 'Secret');
    const envOf = (name: string) => {
      const env = containerEnv(
        find(objects, 'Deployment', name).spec.template.spec.containers[0],
        cms,
        secrets,
      );
      return [env['DATABASE_URL'], env['REDIS_URL'], env['REDIS_PREFIX']];
    };
    expect(envOf('taizhang-worker')).toEqual(envOf('taizhang-api'));
  });
});

describe('the validator fails a broken manifest', () => {
  const good = withSecret(render(BASE));
  const broken = (change: (objects: K8sObject[]) => void): string[] => {
    const objects = clone(good);
    change(objects);
    return validate(objects);
  };
  const api = (o: K8sObject[]) => find(o, 'Deployment', 'taizhang-api').spec.template.spec.containers[0];
  const worker = (o: K8sObject[]) =>
    find(o, 'Deployment', 'taizhang-worker').spec.template.spec.containers[0];

  it.each<[string, (o: K8sObject[]) => void, RegExp]>([
    [
      'a schema violation (a port as text)',
      (o) => (api(o).ports[0].containerPort = 'http'),
      /Deployment\/taizhang-api: .*containerPort must be integer/,
    ],
    [
      'an unknown field type (replicas as a list)',
      (o) => (find(o, 'Deployment', 'taizhang-api').spec.replicas = [2]),
      /replicas/,
    ],
    ['an unknown kind', (o) => (o[0].kind = 'ConfigMapp'), /no Kubernetes kind/],
    [
      'a setting nobody reads',
      (o) => (find(o, 'ConfigMap', 'taizhang-config').data.RELAY_INTERVAL_MS = '500'),
      /ConfigMap\/taizhang-config: no container reads RELAY_INTERVAL_MS/,
    ],
    [
      'a misspelt field',
      (o) => (api(o).resources.requets = api(o).resources.requests),
      /Deployment\/taizhang-api\.spec\.template\.spec\.containers\[0\]\.resources\.requets: no such field/,
    ],
    [
      'a field at the wrong level',
      (o) => (find(o, 'HorizontalPodAutoscaler', 'taizhang-api').spec.targetCPUUtilizationPercentage = 70),
      /HorizontalPodAutoscaler\/taizhang-api\.spec\.targetCPUUtilizationPercentage: no such field/,
    ],
    [
      'a probe on a port the container lacks',
      (o) => (api(o).readinessProbe.httpGet.port = 8080),
      /readinessProbe port 8080 is none of/,
    ],
    [
      'a selector that misses the pod labels',
      (o) =>
        (find(o, 'Deployment', 'taizhang-worker').spec.selector.matchLabels['app.kubernetes.io/name'] = 'x'),
      /taizhang-worker: selector.matchLabels does not match/,
    ],
    [
      'a Service that selects nothing',
      (o) => (find(o, 'Service', 'taizhang-api').spec.selector = { app: 'nothing' }),
      /Service\/taizhang-api: its selector matches no/,
    ],
    [
      'a Service targetPort that no pod has',
      (o) => (find(o, 'Service', 'taizhang-admin').spec.ports[0].targetPort = 'web'),
      /targetPort web is no port/,
    ],
    [
      'an env key the ConfigMap lacks',
      (o) => delete find(o, 'ConfigMap', 'taizhang-config').data.LOG_FORMAT,
      /refers to key LOG_FORMAT, which ConfigMap taizhang-config lacks/,
    ],
    [
      'an env key the Secret lacks',
      (o) => delete find(o, 'Secret', 'taizhang-secrets').stringData.JWT_SECRET,
      /refers to key JWT_SECRET, which Secret taizhang-secrets lacks/,
    ],
    [
      'a required variable not given',
      (o) => (api(o).env = api(o).env.filter((e: { name: string }) => e.name !== 'ADMIN_PASSWORD')),
      /container api: ADMIN_PASSWORD is required and not given/,
    ],
    [
      'a variable libs/config does not know',
      (o) => worker(o).env.push({ name: 'DATABASE_URI', value: 'x' }),
      /libs\/config knows no DATABASE_URI/,
    ],
    [
      'a value loadConfig refuses',
      (o) => (find(o, 'ConfigMap', 'taizhang-config').data.LOG_FORMAT = 'xml'),
      /loadConfig refuses its environment: .*LOG_FORMAT/,
    ],
    [
      'a secret written into the manifest',
      (o) => (api(o).env.find((e: { name: string }) => e.name === 'JWT_SECRET').valueFrom = undefined),
      /env JWT_SECRET is secret: take it from a Secret/,
    ],
    [
      'a real-looking value in the Secret',
      (o) => (find(o, 'Secret', 'taizhang-secrets').stringData.JWT_SECRET = 'a1b2c3d4e5f6a7b8c9d0'),
      /JWT_SECRET: not a CHANGE-ME placeholder/,
    ],
    ['no resources', (o) => delete worker(o).resources, /container worker: no resources.requests.cpu/],
    ['no readiness probe', (o) => delete worker(o).readinessProbe, /container worker: no readinessProbe/],
    ['an image without a tag', (o) => (api(o).image = 'taizhang-api'), /needs a fixed tag/],
    [
      'an HPA on a Deployment that is not there',
      (o) =>
        (find(o, 'HorizontalPodAutoscaler', 'taizhang-worker').spec.scaleTargetRef.name = 'taizhang-wroker'),
      /scaleTargetRef Deployment\/taizhang-wroker is no Deployment/,
    ],
    [
      'an HPA not on CPU',
      (o) => (find(o, 'HorizontalPodAutoscaler', 'taizhang-api').spec.metrics[0].resource.name = 'memory'),
      /taizhang-api: does not scale on CPU/,
    ],
    [
      'an Ingress to a missing Service',
      (o) => (find(o, 'Ingress', 'taizhang').spec.rules[0].http.paths[0].backend.service.name = 'api'),
      /backend Service api does not exist/,
    ],
    [
      'the admin proxying to no API',
      (o) => (find(o, 'ConfigMap', 'taizhang-config').data.API_URL = 'http://taizhang-api:8080'),
      /API_URL http:\/\/taizhang-api:8080 is no Service port/,
    ],
    [
      'a missing app',
      (o) => o.splice(o.indexOf(find(o, 'Deployment', 'taizhang-admin')), 1),
      /no Deployment runs a container named admin/,
    ],
  ])('%s', (_what, change, problem) => {
    expect(broken(change)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('fails the broken overlay on disk (tools/k8s/fixtures/broken)', () => {
    const problems = validate(withSecret(render(BROKEN)));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Deployment\/taizhang-api: .*must be integer/),
        expect.stringMatching(/container worker: livenessProbe port 9090 is none of/),
        expect.stringMatching(/refers to key METRICS_TOKN, which Secret taizhang-secrets lacks/),
        expect.stringMatching(/containers\[0\]\.readinesProbe: no such field/),
      ]),
    );
  });

  it('knows the admin server reads ADMIN_PORT and API_URL', () => {
    expect(adminEnvNames()).toEqual(expect.arrayContaining(['ADMIN_PORT', 'API_URL']));
  });

  it('checks a single object against its schema', () => {
    expect(
      schemaProblems({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{}] } }),
    ).toEqual([expect.stringMatching(/port/)]);
  });
});

describe(render.name, () => {
  it('refuses a kustomization field it does not render', () => {
    expect(() => render(repoPath('tools/k8s/fixtures/unsupported'))).toThrow(RenderError);
    expect(() => render(repoPath('tools/k8s/fixtures/unsupported'))).toThrow(/does not support replicas/);
  });
});

describe(strategicMerge.name, () => {
  it('merges maps, named list items by name, and replaces other lists', () => {
    expect(
      strategicMerge(
        {
          a: 1,
          b: { c: 2 },
          list: [
            { name: 'x', v: 1 },
            { name: 'y', v: 2 },
          ],
          plain: [1, 2],
          gone: 1,
        },
        { b: { d: 3 }, list: [{ name: 'y', v: 3 }, { name: 'z' }], plain: [3], gone: null },
      ),
    ).toEqual({
      a: 1,
      b: { c: 2, d: 3 },
      list: [{ name: 'x', v: 1 }, { name: 'y', v: 3 }, { name: 'z' }],
      plain: [3],
    });
  });
});
