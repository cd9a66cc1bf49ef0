export interface UntilOptions {
  /** How long the condition may take before the test fails. */
  timeoutMs?: number;
  /** How often the condition is looked at again. */
  intervalMs?: number;
  /** Describes the state seen, appended to the timeout error to show why it never held. */
  what?: () => string;
}

/** Waits until `check` holds (polling), failing the test when it does not within `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, { timeoutMs = 5000, intervalMs = 10, what }: UntilOptions = {}): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms${what ? ` ${what()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
