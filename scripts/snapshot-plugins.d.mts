// Types for snapshot-plugins.mjs (imported by the snapshot tests).
export function withParserReset(source: string): string | undefined;
export const forgettableParserForSnapshot: { name: string; setup(build: unknown): void };
