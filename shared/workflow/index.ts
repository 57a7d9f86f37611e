export * from './document';
export * from './serialize';
export * from './file-limits';
