export * from './document';
export * from './serialize';
