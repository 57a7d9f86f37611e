import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Lists every skipped test with its reason after the run, so a test skipped on this machine (as
 * root, without Electron...) says why: the default reporter shows skips only as a count.
 */
export default class SkipReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state !== 'skipped' || test.options.mode === 'todo') return;
    this.skipped.push(`  ↓ ${path.relative(process.cwd(), test.module.moduleId)} › ${test.fullName}: ${result.note ?? 'skipped without a reason (give one with ctx.skip(condition, reason))'}`);
  }

  onTestRunEnd(): void {
    if (this.skipped.length > 0) process.stdout.write(`\nSkipped tests and why:\n${this.skipped.join('\n')}\n`);
  }
}
