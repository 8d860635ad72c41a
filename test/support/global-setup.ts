import { ensureKubernetesValidate } from './kubernetes-validate';

/** Installs the strict schema validator before any test runs. */
export default function globalSetup(): void {
  ensureKubernetesValidate();
}
