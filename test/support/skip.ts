/** Suites that need something this machine may lack (a toolchain, root): skipped with the reason. */

/** `describe`, or, when `reason` is set, `describe.skip` with the reason in its title. */
export function describeUnless(reason: string | undefined, name: string, body: () => void): void {
  if (reason) describe.skip(`${name} — ${reason}`, body);
  else describe(name, body);
}
