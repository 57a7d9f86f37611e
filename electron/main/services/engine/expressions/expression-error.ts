/** A problem with an expression: bad or forbidden syntax, a failed evaluation, a spent budget. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}
