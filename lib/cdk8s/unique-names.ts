/**
 * One object per kind, namespace and name in an app. kube-patterns names are deterministic (no
 * hash suffix), so two constructs with the same name would emit two objects that `kubectl apply`
 * silently collapses into the last one. The check runs once per app, when cdk8s validates it at
 * synth (`app.synth()`, `chart.toJson()`), over every `ApiObject`: linear in the app's size.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';

const checkedApps = new WeakSet<IConstruct>();

/**
 * Registers the app-wide check, once per app.
 * @internal
 */
export function checkUniqueNames(construct: IConstruct): void {
  const root = construct.node.root;
  if (checkedApps.has(root)) return;
  checkedApps.add(root);
  root.node.addValidation({
    validate: () => {
      const seen = new Map<string, ApiObject>();
      for (const child of root.node.findAll()) {
        if (!(child instanceof ApiObject)) continue;
        const key = `${child.apiGroup}/${child.kind}\0${child.metadata.namespace ?? ''}\0${child.name}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          const where = child.metadata.namespace === undefined ? 'with no namespace' : `in namespace '${child.metadata.namespace}'`;
          throw new ValidationError(
            child.node.scope?.node.path ?? child.node.path,
            'name',
            child.name,
            `gives a second ${child.kind} of that name ${where}, which ${earlier.node.scope?.node.path ?? earlier.node.path} already creates; kubectl apply would keep only the last one, so give one of them another name (props.name or the construct id)`,
          );
        }
        seen.set(key, child);
      }
      return [];
    },
  });
}
