// Types of dist-build.mjs, for the tests that import it.
export declare const REPO_ROOT: string;
export declare function sourceDigest(root?: string): string;
export declare function isDistCurrent(root?: string): boolean;
export declare function buildDist(root?: string): void;
export declare function ensureDist(root?: string, log?: (line: string) => void): boolean;
