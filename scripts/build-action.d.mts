// Types of scripts/build-action.mjs for the TypeScript tests that import it.
import type { BuildOptions } from 'esbuild';

export declare const ROOT: string;
export declare function actionBuildOptions(): BuildOptions;
export declare function buildAction(options?: { write?: boolean }): Promise<Map<string, Uint8Array>>;
export declare function describeDifference(built: Uint8Array, committed: Uint8Array): string | undefined;
export declare function staleDistFiles(): Promise<string[]>;
