/** A benchmark's numeric setting from the environment (BENCH_…), or its default. */
export const benchNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
