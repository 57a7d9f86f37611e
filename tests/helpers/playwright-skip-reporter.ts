import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Lists every skipped test with its reason after the run: the list reporter shows only a dash. */
export default class SkipReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = [...result.annotations, ...test.annotations].find((annotation) => annotation.type === 'skip' && annotation.description)?.description;
    this.skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${reason ?? 'skipped without a reason (give one with test.skip(condition, reason))'}`);
  }

  onEnd(): void {
    if (this.skipped.length > 0) process.stdout.write(`\nSkipped tests and why:\n${this.skipped.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
