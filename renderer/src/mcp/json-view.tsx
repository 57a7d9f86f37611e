/** JSON as people read it: indented, monospace, scrollable. */
export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="json-view" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
