/**
 * Pulumi unit testing with `pulumi.runtime.setMocks` (the documented route): every resource
 * registration is captured with its inputs, and outputs are resolved with a small helper.
 * @see https://www.pulumi.com/docs/iac/concepts/testing/unit/
 */
import * as pulumi from '@pulumi/pulumi';

/** One captured registration. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

/** A captured resource's options, from a transformation. */
export interface CapturedOptions {
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions;
}

/**
 * Installs mocks that echo inputs as state and record every registration.
 * @returns the list registrations are appended to
 */
export function installMocks(): Registration[] {
  const registrations: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    'kube-patterns',
    'test',
    false,
  );
  return registrations;
}

/** The value of an output, once resolved. */
export function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

/** Waits until the given resources are registered (their URNs resolve). */
export async function registered(...resources: Array<pulumi.Resource | undefined>): Promise<string[]> {
  return Promise.all(resources.filter((r): r is pulumi.Resource => r !== undefined).map((r) => resolve(r.urn)));
}

/** Waits until every child resource a component exposes as a field is registered. */
export async function childrenRegistered(component: object): Promise<string[]> {
  return registered(...Object.values(component).filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v)));
}

/** A transformation that records each child's type, name and options. */
export function captureOptions(into: CapturedOptions[]): pulumi.ResourceTransformation {
  return (args) => {
    into.push({ type: args.type, name: args.name, opts: args.opts as pulumi.CustomResourceOptions });
    return undefined;
  };
}

/** Captured Kubernetes objects (inputs of kubernetes:* resources), as plain objects. */
export function kubernetesObjects(registrations: readonly Registration[]): any[] {
  return registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs);
}
