export declare const STALE_MS: number;
export declare function pruneBundles(cache: URL, keep: string, now?: number): void;
