/** What a benchmark part reports: one flat JSON object per figure. */
export interface Metric {
  metric: string;
  value: number;
  [label: string]: string | number | boolean;
}

export interface BenchPart {
  /** `args` are the command-line options after the part names (`--db=postgres` …). */
  run(args: string[]): Promise<Metric[]>;
}

/** `--name=value` from the options, or the fallback. */
export function option(args: string[], name: string, fallback: string): string {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

export const flag = (args: string[], name: string): boolean => args.includes(`--${name}`);
