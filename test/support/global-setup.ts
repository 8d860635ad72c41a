import { ensurePythonTools } from './python-tools';

/** Installs the pinned Python checkers (strict schema validation, ShellCheck) before any test runs. */
export default function globalSetup(): void {
  ensurePythonTools();
}
