/**
 * Unknown fields. kubernetes-models' validators accept any extra property, and a misspelt field
 * (`readinesProbe`, `requets`) would be dropped by the API server with at most a warning. So every field of
 * every object is looked up in the package's type declarations (its `.d.ts` files, read with the TypeScript
 * compiler): a field that the Kubernetes type does not declare is a problem.
 */
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './kustomize';

const modelsRoot = dirname(require.resolve('kubernetes-models/package.json'));
const declarationFile = (apiVersion: string, kind: string) => join(modelsRoot, apiVersion, `${kind}.d.ts`);

let cached: { files: Set<string>; program: ts.Program; checker: ts.TypeChecker } | undefined;

/** The kinds deploy/k8s uses, declared up front so that one program serves every check. */
const COMMON = [
  ['v1', 'ConfigMap'],
  ['v1', 'Namespace'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'Ingress'],
].map(([apiVersion, kind]) => declarationFile(apiVersion, kind));

/** One compiler program for the declarations of the kinds seen so far (building one takes seconds). */
function programFor(files: string[]): { program: ts.Program; checker: ts.TypeChecker } {
  if (!cached || !files.every((f) => cached?.files.has(f))) {
    const all = new Set([...(cached?.files ?? COMMON), ...files]);
    const program = ts.createProgram([...all], {
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es5.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    cached = { files: all, program, checker: program.getTypeChecker() };
  }
  return cached;
}

/** `kind.path.to.field: no such field` for every field of the objects that their Kubernetes type lacks. */
export function unknownFieldProblems(objects: K8sObject[]): string[] {
  const { program, checker } = programFor(objects.map((o) => declarationFile(o.apiVersion, o.kind)));
  const problems: string[] = [];

  const walk = (value: unknown, type: ts.Type, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    const type2 = checker.getNonNullableType(type);
    if (Array.isArray(value)) {
      const element = checker.isArrayType(type2)
        ? checker.getTypeArguments(type2 as ts.TypeReference)[0]
        : undefined;
      if (element) value.forEach((v, i) => walk(v, element, `${path}[${i}]`));
      return;
    }
    const members = type2.isUnion() ? type2.types : [type2];
    const objectTypes = members.filter((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
    if (objectTypes.length !== 1) return; // not an object type, or ambiguous: nothing to hold it to
    const [t] = objectTypes;
    const index = checker.getIndexInfosOfType(t)[0];
    const props = checker.getPropertiesOfType(t);
    for (const [key, v] of Object.entries(value)) {
      const prop = props.find((p) => p.name === key);
      if (prop) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        if (decl) walk(v, checker.getTypeOfSymbolAtLocation(prop, decl), `${path}.${key}`);
      } else if (index) {
        walk(v, index.type, `${path}.${key}`);
      } else {
        problems.push(`${path}.${key}: no such field`);
      }
    }
  };

  for (const o of objects) {
    const source = program.getSourceFile(declarationFile(o.apiVersion, o.kind));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const iface =
      moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === `I${o.kind}`);
    if (!iface) {
      problems.push(`${o.kind}/${o.metadata?.name}: no type declaration for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    walk(o, checker.getDeclaredTypeOfSymbol(iface), `${o.kind}/${o.metadata?.name}`);
  }
  return problems;
}
